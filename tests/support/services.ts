/**
 * The machine's PostgreSQL and Redis, shared with other runs: every test file gets its own
 * database (copied from a migrated template) and every test its own queue prefix.
 */
import { Redis } from "ioredis";

export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Removes every Redis key under a test's (or benchmark's) queue prefix. */
export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

export function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
