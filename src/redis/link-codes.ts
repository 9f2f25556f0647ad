/**
 * Short-lived codes that join a petitioner's accounts on two platforms: shown on one account
 * (/link), sent from the other (/link CODE). A code lives in Redis for `ttlSeconds` and works once.
 * Eight characters of a 31-letter alphabet (about 10^12 codes) cannot be guessed over chat in ten
 * minutes, which matters: whoever sends a code gets to see the other account's cases.
 */
import type { Redis } from "ioredis";
import { normaliseCode, randomCode } from "../kernel/codes";
import type { ChannelUser } from "../kernel/channel";

export class LinkCodes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlSeconds = 600,
  ) {}

  private key(code: string): string {
    return `${this.prefix}:link:${code}`;
  }

  async issue(user: ChannelUser): Promise<string> {
    const code = randomCode(8);
    await this.redis.set(this.key(code), JSON.stringify({ channel: user.channel, botAccount: user.botAccount, platformId: user.platformId }), "EX", this.ttlSeconds);
    return code;
  }

  /** The account that showed the code, or undefined when the code is wrong, used or expired. */
  async redeem(rawCode: string): Promise<ChannelUser | undefined> {
    const code = normaliseCode(rawCode);
    if (!/^[0-9A-Z]{8}$/.test(code)) return undefined;
    const stored = await this.redis.getdel(this.key(code));
    return stored ? (JSON.parse(stored) as ChannelUser) : undefined;
  }
}
