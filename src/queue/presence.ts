/**
 * Which channel accounts are logged in right now, shared through Redis so that a queue worker in
 * any process can choose an official's channel: the preferred one, or another while the preferred
 * account is logged out. The channel process refreshes its key while logged in; the key expires on
 * its own if that process dies, so a crashed channel is never taken for a live one for long.
 */
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";

export const presenceTtlSeconds = 90;

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
