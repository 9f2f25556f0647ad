/**
 * Field sealing for names and phone numbers: AES-256-GCM, one fresh 96-bit IV per value, the
 * authentication tag appended, the key's id written in front so the right key opens it. A value
 * changed by one bit, or sealed under a key no longer listed, does not open: it throws.
 *
 * Phone lookups go through an HMAC-SHA256 of the normalised number under a separate hash key,
 * which rotates on its own (rarely): rotating the data key then never touches a hash, and
 * lookups keep working while a rotation runs.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { normalisePhone } from "../conversation/phone";
import { isSealed, sealedKeyId, sealedPrefix, type PhoneHash, type Reveal, type Sealed } from "../kernel/sealed";
import type { KeyEntry } from "./key-ring";

/** A sealed value that cannot be opened: tampered with, truncated, or under a key not listed. */
export class UnsealError extends Error {
  override name = "UnsealError";
}

export interface PersonalDataKeys {
  /** First seals; all open. */
  dataKeys: readonly KeyEntry[];
  /** First hashes; all match in lookups. */
  hashKeys: readonly KeyEntry[];
}

const ivBytes = 12;
const tagBytes = 16;

export class PersonalDataCipher {
  private readonly dataKeys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;
  readonly currentHashKeyId: string;

  constructor(private readonly keys: PersonalDataKeys) {
    if (keys.dataKeys.length === 0 || keys.hashKeys.length === 0) throw new Error("personal data needs a data key and a hash key");
    this.dataKeys = new Map(keys.dataKeys.map((entry) => [entry.id, entry.key]));
    this.currentKeyId = keys.dataKeys[0]!.id;
    this.currentHashKeyId = keys.hashKeys[0]!.id;
  }

  /** Every key id that can open a value, current first. */
  get keyIds(): string[] {
    return this.keys.dataKeys.map((entry) => entry.id);
  }

  seal(clear: string): Sealed {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", this.dataKeys.get(this.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(clear, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${sealedPrefix}${this.currentKeyId}:${iv.toString("base64url")}:${body.toString("base64url")}` as Sealed;
  }

  open(sealed: Sealed): string {
    const keyId = sealedKeyId(sealed);
    const key = this.dataKeys.get(keyId);
    if (!key) throw new UnsealError(`a value is sealed under key "${keyId}", which MINQING_DATA_KEYS does not list`);
    const parts = sealed.slice(sealedPrefix.length + keyId.length + 1).split(":");
    const [iv, body] = parts.map((part) => Buffer.from(part, "base64url"));
    if (parts.length !== 2 || !iv || !body || iv.length !== ivBytes || body.length < tagBytes) throw new UnsealError("a sealed value is malformed");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(body.subarray(body.length - tagBytes));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]).toString("utf8");
    } catch {
      throw new UnsealError(`a value sealed under key "${keyId}" failed authentication (altered, or the key is not the one it was sealed with)`);
    }
  }

  /** The capability handed to the places that show personal data to those handling the case. */
  readonly reveal: Reveal = (value) => this.open(value);

  /** Seals what is still clear; a sealed value is kept as it is (a petition queued before sealing began). */
  sealIfClear(value: string): Sealed {
    return isSealed(value) ? value : this.seal(value);
  }

  /** Whether a value is sealed under the current key (rotation re-seals the others). */
  isCurrent(value: string): boolean {
    return isSealed(value) && sealedKeyId(value) === this.currentKeyId;
  }

  /** The keyed hash under the current hash key, stored with the petition. */
  phoneHash(phone: string): PhoneHash {
    return this.hashUnder(this.keys.hashKeys[0]!, phone);
  }

  /** The hash under every listed hash key: a lookup matches rows not yet re-hashed after a hash key change. */
  lookupHashes(phone: string): PhoneHash[] {
    return this.keys.hashKeys.map((entry) => this.hashUnder(entry, phone));
  }

  hashIsCurrent(hash: string): boolean {
    return hash.startsWith(`${this.currentHashKeyId}:`);
  }

  private hashUnder(entry: KeyEntry, phone: string): PhoneHash {
    const mac = createHmac("sha256", entry.key).update(`phone:${phoneForHash(phone)}`).digest("base64url");
    return `${entry.id}:${mac}` as PhoneHash;
  }
}

/**
 * One number, one hash, however it was typed: mainland mobiles in E.164 (as the intake dialogue
 * stores them); anything else (a landline written down at a visit) by its digits alone.
 */
export function phoneForHash(phone: string): string {
  return normalisePhone(phone) ?? phone.normalize("NFKC").replace(/[^\d+]/g, "");
}
