/**
 * What a platform has accepted of a message, kept in Redis when the database could not take the
 * record (the interface is src/queue/send-message.ts's): PostgreSQL is away, so the outbox row
 * cannot be marked, and the retry of the same job finds the record here and marks the row instead
 * of sending again. Redis is where the job itself lives, so a retry that can run at all can read
 * it. Direct notices (no outbox row) are kept here always.
 *
 * One short string per message ("telegram 2 1 1764633600000": channel, parts delivered, whole
 * message delivered, when the last part was accepted), dropped once the row has the mark, and kept
 * at most `keepSeconds` otherwise.
 */
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";
import type { SentLedger, SentProgress } from "../queue/send-message";

const channels: readonly ChannelName[] = ["telegram", "wechat", "terminal"];

export class RedisSentLedger implements SentLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Longer than a notice job can be retried (its attempts and a week of being kept failed). */
    private readonly keepSeconds = 30 * 24 * 3600,
  ) {}

  private key(key: string): string {
    return `${this.prefix}:sent:${key}`;
  }

  async read(key: string): Promise<SentProgress | undefined> {
    const value = await this.redis.get(this.key(key));
    if (!value) return undefined;
    const [channel, parts, done, at] = value.split(" ");
    if (!channels.includes(channel as ChannelName)) return undefined;
    return { channel: channel as ChannelName, parts: Number(parts) || 0, done: done === "1", at: new Date(Number(at) || 0) };
  }

  async record(key: string, progress: SentProgress): Promise<void> {
    await this.redis.set(this.key(key), `${progress.channel} ${progress.parts} ${progress.done ? 1 : 0} ${progress.at.getTime()}`, "EX", this.keepSeconds);
  }

  async forget(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }
}
