/**
 * Short server-side tokens for buttons. Telegram allows 64 bytes of callback data and anyone can
 * forge it, so a button carries only a random token; what it means, who may press it and until
 * when lives in Redis. A forged, foreign or expired token resolves to an error and changes nothing.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export type TokenResolution = { ok: true; value: string } | { ok: false; reason: "unknown" | "foreign" };

interface TokenRecord {
  owner: string;
  value: string;
}

export class ActionTokens {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long a button stays valid; past it the token is gone and the press is "unknown". */
    private readonly ttlSeconds: number,
  ) {}

  /** Issues a token (16 base64url characters, well under 64 bytes) for `owner` to press. */
  async issue(owner: string, value: string): Promise<string> {
    const token = randomBytes(12).toString("base64url");
    const record: TokenRecord = { owner, value };
    await this.redis.set(this.key(token), JSON.stringify(record), "EX", this.ttlSeconds);
    return token;
  }

  async issueMany(owner: string, values: string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const tokens = values.map(() => randomBytes(12).toString("base64url"));
    const pipeline = this.redis.pipeline();
    tokens.forEach((token, i) => pipeline.set(this.key(token), JSON.stringify({ owner, value: values[i] }), "EX", this.ttlSeconds));
    await pipeline.exec();
    return tokens;
  }

  async resolve(token: string, presser: string): Promise<TokenResolution> {
    if (!/^[A-Za-z0-9_-]{16}$/.test(token)) return { ok: false, reason: "unknown" };
    const raw = await this.redis.get(this.key(token));
    if (!raw) return { ok: false, reason: "unknown" };
    const record = JSON.parse(raw) as TokenRecord;
    if (record.owner !== presser) return { ok: false, reason: "foreign" };
    return { ok: true, value: record.value };
  }

  private key(token: string): string {
    return `${this.prefix}:action:${token}`;
  }
}
