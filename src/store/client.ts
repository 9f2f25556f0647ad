/** The one place a Prisma client is made: the generated client over a pg pool (no native engine). */
import { PrismaPg } from "@prisma/adapter-pg";
import { outageLog, type Log } from "../log";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * `log`: where the pool's own errors go (a server that restarts drops idle connections; the pool
 * replaces them). A query that cannot get a connection within 5 s fails instead of waiting for a
 * server that may be gone, so jobs retry and /readyz answers.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number; log?: Log } = {}): Db {
  const logError = options.log ? outageLog(options.log, "postgres") : () => {};
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
    { onPoolError: (error) => logError(error, { source: "idle connection" }), onConnectionError: (error) => logError(error, { source: "connection" }) },
  );
  return new PrismaClient({ adapter });
}
