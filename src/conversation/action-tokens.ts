/**
 * Server-side tokens for buttons, as the core and the adapters see them. Telegram allows 64 bytes
 * of callback data and anyone can forge it, so a button carries only a random token; what it
 * means, who may press it and until when is kept by the implementation (src/redis/action-tokens.ts).
 * A forged, foreign or expired token resolves to an error and changes nothing.
 */
export type TokenResolution = { ok: true; value: string } | { ok: false; reason: "unknown" | "foreign" };

export interface ActionTokens {
  /** Issues a token (16 base64url characters, well under 64 bytes) for `owner` to press. */
  issue(owner: string, value: string): Promise<string>;
  issueMany(owner: string, values: string[]): Promise<string[]>;
  resolve(token: string, presser: string): Promise<TokenResolution>;
}
