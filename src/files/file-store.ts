/**
 * Attachments kept as files, addressed by their SHA-256, so any official on any channel can open
 * them and the same photo sent twice is stored once. Platform file ids are only hints.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export interface SavedFile {
  sha256: string;
  size: number;
  storageKey: string;
}

export class FileStore {
  constructor(private readonly root: string) {}

  async save(bytes: Uint8Array): Promise<SavedFile> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
    const target = path.join(this.root, storageKey);
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a crash never leaves a half file under the final name.
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
    return { sha256, size: bytes.byteLength, storageKey };
  }

  read(storageKey: string): Promise<Buffer> {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey)) throw new Error("not a file store key");
    return readFile(path.join(this.root, storageKey));
  }
}
