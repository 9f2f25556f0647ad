/**
 * What a platform has accepted, per message (an outbox row, a direct notice), written to Redis the moment it answers (the
 * interface is src/queue/send-message.ts's). The database hears of it afterwards; if it
 * cannot (PostgreSQL is away, the process dies before the commit), the retry of the same job finds
 * the record here and marks the row instead of sending again. Redis is where the job itself lives,
 * so a retry that can run at all can read it.
 *
 * One short string per message in flight ("telegram 2 1 1764633600000": channel, parts delivered,
 * whole notice delivered, when the last part was accepted), dropped once the database has the mark, and kept at most `keepSeconds` otherwise.
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
