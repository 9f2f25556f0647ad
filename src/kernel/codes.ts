/**
 * Short codes people read and type: tracking codes (查询码) and one-time bind codes.
 * The alphabet leaves out look-alikes (0/O, 1/I/L), so a code read aloud or retyped survives;
 * uniqueness is enforced by the database, not here.
 */
import { randomInt } from "node:crypto";

export const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function randomCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

/** Tracking code: "MQ" + 8 characters (31^8 ≈ 8.5e11 codes, so guessing one is hopeless). */
export function newTrackingCode(): string {
  return `MQ${randomCode(8)}`;
}

/** Accepts what people type: lower case, spaces, dashes, full-width characters. */
export function normaliseCode(input: string): string {
  return input.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
}
