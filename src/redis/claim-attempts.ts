/**
 * Wrong tries at claiming a visit-recorded case (tracking code + last four digits of the phone).
 * Four digits are only 10,000 guesses, so tries are counted in Redis and a claim is locked for a
 * while: after `perAccount` wrong tries from one chat account (whatever cases they named), and
 * after `perCase` wrong tries at one case from any accounts (someone trying from many). A right
 * claim clears the account's count. Counts run out with the lock (`lockSeconds` after the first
 * wrong try of a run).
 */
import type { Redis } from "ioredis";
import { userKey, type ChannelUser } from "../kernel/channel";

export interface ClaimLimits {
  /** @defaultValue 3 */
  perAccount: number;
  /** @defaultValue 10 */
  perCase: number;
  /** @defaultValue 1800 (30 minutes) */
  lockSeconds: number;
}

export class ClaimAttempts {
  readonly limits: ClaimLimits;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    limits: Partial<ClaimLimits> = {},
  ) {
    this.limits = { perAccount: 3, perCase: 10, lockSeconds: 1800, ...limits };
  }

  private accountKey(user: ChannelUser): string {
    return `${this.prefix}:claim-tries:account:${userKey(user)}`;
  }

  private caseKey(code: string): string {
    return `${this.prefix}:claim-tries:case:${code}`;
  }

  /** Seconds until this account may try again (at this case), 0 when it may now. */
  async lockedFor(user: ChannelUser, code: string): Promise<number> {
    const [account, kase] = await this.redis.mget(this.accountKey(user), this.caseKey(code));
    const locked: string[] = [];
    if (Number(account ?? 0) >= this.limits.perAccount) locked.push(this.accountKey(user));
    if (Number(kase ?? 0) >= this.limits.perCase) locked.push(this.caseKey(code));
    if (locked.length === 0) return 0;
    const ttls = await Promise.all(locked.map((key) => this.redis.ttl(key)));
    return Math.max(1, ...ttls);
  }

  /** Counts a wrong try; returns the account's tries left (0: locked now). */
  async fail(user: ChannelUser, code: string): Promise<number> {
    // A run's first try starts its clock (SET NX EX); INCR keeps the key's expiry.
    const ttl = this.limits.lockSeconds;
    const results = await this.redis
      .multi()
      .set(this.accountKey(user), "0", "EX", ttl, "NX")
      .incr(this.accountKey(user))
      .set(this.caseKey(code), "0", "EX", ttl, "NX")
      .incr(this.caseKey(code))
      .exec();
    const accountTries = Number(results?.[1]?.[1] ?? this.limits.perAccount);
    const caseTries = Number(results?.[3]?.[1] ?? this.limits.perCase);
    if (caseTries >= this.limits.perCase) return 0;
    return Math.max(0, this.limits.perAccount - accountTries);
  }

  /** A right claim: the account starts afresh. */
  async clear(user: ChannelUser): Promise<void> {
    await this.redis.del(this.accountKey(user));
  }
}
