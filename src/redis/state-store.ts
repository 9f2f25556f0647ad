import type { Redis } from "ioredis";
import { parseState, type ConversationState, type StateStore } from "../conversation/state";

/**
 * Conversation state in Redis. Kept for `retainSeconds` (longer than the idle limit) so that a
 * person coming back after the limit is told their draft expired instead of meeting silence;
 * the engine decides expiry from lastActiveAt and its clock.
 */
export class RedisStateStore implements StateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retainSeconds: number,
  ) {}

  async get(key: string): Promise<ConversationState | undefined> {
    const raw = await this.redis.get(this.key(key));
    return raw === null ? undefined : parseState(raw);
  }

  async set(key: string, state: ConversationState): Promise<void> {
    await this.redis.set(this.key(key), JSON.stringify(state), "EX", this.retainSeconds);
  }

  private key(key: string) {
    return `${this.prefix}:conversation:${key}`;
  }
}
