/** Redis connections for the queues, and the check that Redis will not evict queued work. */
import { Redis } from "ioredis";
import { outageLog, type Log } from "../log";

/**
 * BullMQ workers block on Redis; they need maxRetriesPerRequest: null. ioredis reconnects by
 * itself (and BullMQ's own duplicates of this connection too); connection errors are logged at
 * most every 30 s instead of once per retry. Without a listener ioredis would print each one raw.
 */
export function connectRedis(url: string, log?: Log): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const logError = log ? outageLog(log, "redis") : () => {};
  redis.on("error", (error: Error) => logError(error));
  let down = false;
  redis.on("close", () => (down = true));
  redis.on("ready", () => {
    if (down) log?.info({ component: "redis" }, "Redis is back");
    down = false;
  });
  return redis;
}

/**
 * Queued petitions and notices live in Redis until handled. With any eviction policy but
 * noeviction, Redis may silently drop them under memory pressure; say so at start-up.
 */
export async function checkNoEviction(redis: Redis, log: Log): Promise<boolean> {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
    const policy = reply[1];
    if (policy === "noeviction") return true;
    log.warn(
      { policy },
      `Redis maxmemory-policy is "${policy}": queued work can be evicted. Set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction).`,
    );
    return false;
  } catch {
    // Managed Redis services often forbid CONFIG; they are usually configured for queues.
    log.warn("could not read Redis maxmemory-policy (CONFIG not allowed); make sure it is noeviction");
    return false;
  }
}

/** Resolves once Redis answers; fails with a clear message instead of retrying silently forever. */
export async function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${timeoutMs / 1000} s; is it running?`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
