/**
 * Button tokens kept in Redis (the interface is the core's: src/conversation/action-tokens.ts):
 * what a token means and who may press it live under the token for `ttlSeconds`.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ActionTokens, TokenResolution } from "../conversation/action-tokens";

interface TokenRecord {
  owner: string;
  value: string;
}

export class RedisActionTokens implements ActionTokens {
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
