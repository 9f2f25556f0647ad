/**
 * Keys for personal data, written as `id:base64` lists (`k2:…,k1:…`): the first key seals (or
 * hashes), every key listed opens (or matches). The id is written into every sealed value, so a
 * value sealed under an old key still opens while that key is listed, and rotation can tell
 * which values still use it.
 */
export interface KeyEntry {
  id: string;
  key: Buffer;
}

/** Key ids go into sealed values between colons, and into SQL prefixes: letters, digits, _ and -. */
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses a key list; returns the reason in a few words when it is malformed (never the key). */
export function parseKeyList(text: string): KeyEntry[] | { error: string } {
  const entries: KeyEntry[] = [];
  for (const item of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const colon = item.indexOf(":");
    const id = colon > 0 ? item.slice(0, colon) : "";
    const encoded = item.slice(colon + 1);
    if (!keyIdPattern.test(id)) return { error: "must be a comma-separated list of id:key, each id 1–32 letters, digits, _ or - (e.g. k1:<key>)" };
    const key = base64Pattern.test(encoded) ? Buffer.from(encoded, "base64") : Buffer.alloc(0);
    if (key.length !== 32) return { error: `has a key "${id}" that is not 32 bytes in base64 (make one with: openssl rand -base64 32)` };
    if (entries.some((entry) => entry.id === id)) return { error: `lists the key id "${id}" twice` };
    entries.push({ id, key });
  }
  if (entries.length === 0) return { error: "must list at least one id:key" };
  return entries;
}

export function formatKeyList(entries: readonly KeyEntry[]): string {
  return entries.map((entry) => `${entry.id}:${entry.key.toString("base64")}`).join(",");
}
