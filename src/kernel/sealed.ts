/**
 * Personal data at rest (names, phone numbers) travels sealed: an opaque string that only the
 * privacy module (src/privacy) can open, with a key from the environment. The core passes sealed
 * values along without knowing how they were made; the few places that show them to the official
 * handling the case are given a `Reveal` capability instead of the keys.
 */
declare const sealedBrand: unique symbol;

/** `enc:v1:<keyId>:<iv>:<ciphertext and tag>` (base64url): it names the key that opens it. */
export type Sealed = string & { readonly [sealedBrand]: true };

export const sealedPrefix = "enc:v1:";

export function isSealed(value: unknown): value is Sealed {
  return typeof value === "string" && value.startsWith(sealedPrefix);
}

/** The id of the key a sealed value was sealed under. */
export function sealedKeyId(value: Sealed): string {
  return value.slice(sealedPrefix.length, value.indexOf(":", sealedPrefix.length));
}

/** Opens a sealed value for someone entitled to see it; throws when it cannot be opened. */
export type Reveal = (value: Sealed) => string;

/**
 * A keyed hash of a normalised phone number (`<hashKeyId>:<base64url>`): finds a person's
 * petitions by phone without the number being stored in clear.
 */
export type PhoneHash = string & { readonly [sealedBrand]: "phone-hash" };
