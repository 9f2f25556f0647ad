/** Redis connections for the queues, and the check that Redis will not evict queued work. */
import { Redis } from "ioredis";
import type { Log } from "../log";

/** BullMQ workers block on Redis; they need maxRetriesPerRequest: null. */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
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
