/**
 * The machine's PostgreSQL and Redis, shared with other runs: every test file gets its own
 * database (copied from a migrated template) and every test its own queue prefix.
 */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
