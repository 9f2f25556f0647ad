/**
 * The commands last offered to each person as numbered lines (the interface is the core's:
 * src/conversation/last-actions.ts), one key per userKey, replaced by the next offer and gone
 * after `ttlSeconds`.
 */
import type { Redis } from "ioredis";
import type { LastActions } from "../conversation/last-actions";

export class RedisLastActions implements LastActions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long a typed number still picks from the list. */
    private readonly ttlSeconds: number,
  ) {}

  async remember(owner: string, commands: string[]): Promise<void> {
    await this.redis.set(this.key(owner), JSON.stringify(commands), "EX", this.ttlSeconds);
  }

  async recall(owner: string): Promise<string[]> {
    const raw = await this.redis.get(this.key(owner));
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((value): value is string => typeof value === "string") : [];
    } catch {
      return [];
    }
  }

  private key(owner: string): string {
    return `${this.prefix}:last-actions:${owner}`;
  }
}
