/**
 * Who can be reached from which process right now, shared through Redis so that a queue worker in
 * any process can choose a person's channel and hand the notice to the process that can send it:
 * which channel accounts are logged in (WeChat), and where each open terminal is. The process
 * refreshes its keys while it holds them; a key expires on its own if that process dies, so a
 * crashed channel is never taken for a live one for long.
 */
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";

export const presenceTtlSeconds = 90;

/** Which channel accounts are logged in: the preferred channel, or another while its account is logged out. */
export class ChannelPresence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(channel: ChannelName, account: string): string {
    return `${this.prefix}:presence:${channel}:${account}`;
  }

  async markOnline(channel: ChannelName, account: string): Promise<void> {
    await this.redis.set(this.key(channel, account), "1", "EX", presenceTtlSeconds);
  }

  async markOffline(channel: ChannelName, account: string): Promise<void> {
    await this.redis.del(this.key(channel, account));
  }

  async isOnline(channel: ChannelName, account: string): Promise<boolean> {
    return (await this.redis.exists(this.key(channel, account))) === 1;
  }
}

/**
 * Which process holds each open terminal, shared through Redis so that a worker in any process can
 * hand a terminal's notice to the process where it is open (that process's own queue, named by its
 * holder id). The holding process refreshes its keys while the terminals are open; a key expires
 * on its own if that process dies, and a terminal opened again elsewhere takes the key over.
 */
export class TerminalPresence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(to: { botAccount: string; platformId: string }): string {
    return `${this.prefix}:terminal-open:${to.botAccount}:${to.platformId}`;
  }

  async hold(to: { botAccount: string; platformId: string }, holder: string): Promise<void> {
    await this.redis.set(this.key(to), holder, "EX", presenceTtlSeconds);
  }

  /** Only the holder's own key goes: a terminal the same person opened since in another process stays. */
  async release(to: { botAccount: string; platformId: string }, holder: string): Promise<void> {
    await this.redis.eval(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`, 1, this.key(to), holder);
  }

  /** The holder id of the process where this terminal is open, if it is open anywhere. */
  async holderOf(to: { botAccount: string; platformId: string }): Promise<string | undefined> {
    return (await this.redis.get(this.key(to))) ?? undefined;
  }
}
