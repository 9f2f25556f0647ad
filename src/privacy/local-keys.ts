/**
 * Where the personal-data keys come from: the environment (MINQING_DATA_KEYS and
 * MINQING_HASH_KEYS), or, when neither is set, a key file Minqing generates once in
 * MINQING_DATA_DIR (mode 0600), as the embedded PostgreSQL keeps its password. Every process on
 * that data folder uses the same file; losing it loses every name and phone number stored.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Log } from "../log";
import { PersonalDataCipher, type PersonalDataKeys } from "./cipher";
import { formatKeyList, parseKeyList, type KeyEntry } from "./key-ring";

export const keyFileName = "personal-data.keys";

export function keyFilePath(dataDir: string): string {
  return path.resolve(dataDir, keyFileName);
}

export interface KeySettings {
  MINQING_DATA_KEYS?: KeyEntry[];
  MINQING_HASH_KEYS?: KeyEntry[];
  MINQING_DATA_DIR: string;
}

export class KeyFileError extends Error {
  override name = "KeyFileError";
}

/** The cipher for this process, from the environment or the data folder's key file. */
export async function loadPersonalDataCipher(settings: KeySettings, log?: Log): Promise<PersonalDataCipher> {
  if (settings.MINQING_DATA_KEYS && settings.MINQING_HASH_KEYS) return new PersonalDataCipher({ dataKeys: settings.MINQING_DATA_KEYS, hashKeys: settings.MINQING_HASH_KEYS });
  const file = keyFilePath(settings.MINQING_DATA_DIR);
  const { keys, created } = await readOrCreateKeyFile(file);
  log?.[created ? "warn" : "info"](
    { file },
    created
      ? "generated personal-data keys in the data folder: back this file up (losing it loses every name and phone number), or set MINQING_DATA_KEYS and MINQING_HASH_KEYS"
      : "personal data is sealed with the generated keys in the data folder (losing that file loses every name and phone number)",
  );
  return new PersonalDataCipher(keys);
}

export async function readKeyFile(file: string): Promise<PersonalDataKeys> {
  const values = new Map<string, string>();
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    const match = /^\s*(MINQING_(?:DATA|HASH)_KEYS)\s*=\s*(\S+)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const parse = (name: string): KeyEntry[] => {
    const parsed = parseKeyList(values.get(name) ?? "");
    if ("error" in parsed) throw new KeyFileError(`${file}: ${name} ${parsed.error}`);
    return parsed;
  };
  return { dataKeys: parse("MINQING_DATA_KEYS"), hashKeys: parse("MINQING_HASH_KEYS") };
}

export async function writeKeyFile(file: string, keys: PersonalDataKeys, flag: "w" | "wx" = "w"): Promise<void> {
  const text = [
    "# Minqing's personal-data keys (names and phone numbers are sealed with them). Keep this file",
    "# private and backed up: without it the sealed names and numbers cannot be read. The two lines",
    "# can be moved into the environment as they are; see .env.example.",
    `MINQING_DATA_KEYS=${formatKeyList(keys.dataKeys)}`,
    `MINQING_HASH_KEYS=${formatKeyList(keys.hashKeys)}`,
    "",
  ].join("\n");
  await writeFile(file, text, { mode: 0o600, flag });
}

/**
 * Created whole or not at all (written aside, then hard-linked into place, which fails if the file
 * exists): of two processes starting at once on one data folder, one writes it and both use it.
 */
async function readOrCreateKeyFile(file: string): Promise<{ keys: PersonalDataKeys; created: boolean }> {
  try {
    return { keys: await readKeyFile(file), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const keys = { dataKeys: [newKeyEntry(generatedKeyId("k", 1))], hashKeys: [newKeyEntry(generatedKeyId("h", 1))] };
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeKeyFile(aside, keys, "wx");
  try {
    await link(aside, file);
    return { keys, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { keys: await readKeyFile(file), created: false };
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * `k1-3fa9c2`: numbered for people, with a random tail so that keys generated in two data folders
 * never share an id; a value sealed under the other folder's key then fails as "not listed".
 */
export function generatedKeyId(letter: "k" | "h", number: number): string {
  return `${letter}${number}-${randomBytes(3).toString("hex")}`;
}

export function newKeyEntry(id: string): KeyEntry {
  return { id, key: randomBytes(32) };
}
