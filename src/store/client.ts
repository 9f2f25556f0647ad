/** The one place a Prisma client is made: the generated client over a pg pool (no native engine). */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { outageLog, type Log } from "../log";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * `log`: where the connections' own errors go (a server that stops or restarts drops every
 * connection; the pool replaces them). Each connection listens for errors from its first moment
 * to its last: pg emits them on the connection, and one that arrives while nobody listens (between
 * two queries of a transaction being set up or torn down, say) would otherwise end the process.
 * A query that cannot get a connection within 5 s fails instead of waiting for a server that may
 * be gone, so jobs retry and /readyz answers.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number; log?: Log } = {}): Db {
  const logError = options.log ? outageLog(options.log, "postgres") : () => {};
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
  pool.on("connect", (connection) => connection.on("error", (error) => logError(error, { source: "connection" })));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, onPoolError: (error) => logError(error, { source: "idle connection" }) });
  return new PrismaClient({ adapter });
}
