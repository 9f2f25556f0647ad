/**
 * Downloads a file someone sent the bot and keeps it in the file store. Telegram only hands out a
 * file id; the bytes come from `${apiRoot}/file/bot<token>/<file_path>` after getFile. The size is
 * checked before anything is fetched (Telegram tells us), and again while reading, since a stated
 * size is only a claim. Nothing here logs a URL: it contains the bot token.
 */
import { GrammyError, type Api } from "grammy";
import type { AttachmentKind, StoredAttachment } from "../../src/kernel/channel";
import type { FileStore } from "../../src/files/file-store";
import type { Log } from "../../src/log";
import { errorSummary } from "./safe-error";

/** One file as a message describes it. */
export interface TelegramFileRef {
  kind: AttachmentKind;
  fileId: string;
  /** Telegram's stated size, when it gives one. */
  fileSize?: number;
  mimeType: string;
  fileName?: string;
}

export type AttachmentOutcome =
  | { kind: "attachment"; attachment: StoredAttachment }
  | { kind: "attachment_failed"; reason: "too_large" | "download_failed"; maxMb?: number };

export interface TelegramFilesOptions {
  token: string;
  apiRoot: string;
  store: FileStore;
  maxMb: number;
  log: Log;
  /** @defaultValue 60_000: a stalled download must not hold the person's chat forever. */
  timeoutMs?: number;
}

class TooLarge extends Error {}

export class TelegramFiles {
  private readonly maxBytes: number;

  constructor(private readonly options: TelegramFilesOptions) {
    this.maxBytes = options.maxMb * 1024 * 1024;
  }

  async download(api: Api, ref: TelegramFileRef): Promise<AttachmentOutcome> {
    const tooLarge = { kind: "attachment_failed", reason: "too_large", maxMb: this.options.maxMb } as const;
    if (ref.fileSize !== undefined && ref.fileSize > this.maxBytes) return tooLarge;
    try {
      const file = await api.getFile(ref.fileId);
      if (file.file_size !== undefined && file.file_size > this.maxBytes) return tooLarge;
      if (!file.file_path) throw new Error("getFile returned no file_path");
      const bytes = await this.fetchBytes(file.file_path);
      const saved = await this.options.store.save(bytes);
      const attachment: StoredAttachment = {
        kind: ref.kind,
        sha256: saved.sha256,
        mimeType: ref.mimeType,
        size: saved.size,
        storageKey: saved.storageKey,
        sourceFileId: ref.fileId,
        ...(ref.fileName !== undefined ? { fileName: ref.fileName } : {}),
      };
      return { kind: "attachment", attachment };
    } catch (error) {
      // The cloud Bot API refuses getFile above 20 MB whatever our own limit says.
      if (error instanceof TooLarge || (error instanceof GrammyError && /file is too big/i.test(error.description))) {
        return tooLarge;
      }
      this.options.log.warn({ fileKind: ref.kind, error: errorSummary(error) }, "telegram attachment download failed");
      return { kind: "attachment_failed", reason: "download_failed" };
    }
  }

  private async fetchBytes(filePath: string): Promise<Uint8Array> {
    const url = `${this.options.apiRoot}/file/bot${this.options.token}/${filePath}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    if (!response.ok || !response.body) throw new Error(`file download answered HTTP ${response.status}`);
    const stated = Number(response.headers.get("content-length") ?? NaN);
    if (stated > this.maxBytes) {
      await response.body.cancel();
      throw new TooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.maxBytes) {
        await reader.cancel();
        throw new TooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }
}
