/**
 * The stores this process uses: the ones configured (DATABASE_URL, REDIS_URL), or, for the
 * all-in-one process and the services role only, an embedded PostgreSQL and a private redis-server
 * in MINQING_DATA_DIR. Other roles share stores with each other, so they must be told where.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config, ResolvedConfig } from "../config";
import type { Log } from "../log";
import { startEmbeddedPostgres, type LocalService } from "../services/embedded-postgres";
import { startPrivateRedis } from "../services/private-redis";
import { runMigrations } from "../store/run-migrations";

export type Role = "all" | "services" | "channels" | "workers" | "timers";
export const roles: readonly Role[] = ["all", "services", "channels", "workers", "timers"];

export class RoleNeedsStoresError extends Error {
  override name = "RoleNeedsStoresError";
}

/** Written while local stores run, so other processes on this machine (npm run chat) can share them. */
function discoveryFile(dataDir: string) {
  return path.resolve(dataDir, "local-services.json");
}

interface Discovered {
  pid: number;
  databaseUrl?: string;
  redisUrl?: string;
}

/** Local stores another process of this data folder already runs, if it is alive. */
export async function runningLocalStores(dataDir: string): Promise<Discovered | undefined> {
  try {
    const found = JSON.parse(await readFile(discoveryFile(dataDir), "utf8")) as Discovered;
    process.kill(found.pid, 0);
    return found;
  } catch {
    return undefined;
  }
}

/**
 * The embedded database of this data folder for a short command (npm run admin): the one a Minqing
 * process running on the folder uses, or else the embedded PostgreSQL started for the command alone,
 * migrated, and stopped by `stop()`. Before, the admin commands needed a running chat or service in
 * embedded mode ("DATABASE_URL is required"), so a script could not make bind codes between sessions.
 * Not announced in the discovery file: a Minqing started meanwhile would lose it when the command ends.
 */
export async function localDatabase(dataDir: string, log: Log): Promise<{ url: string; stop(): Promise<void> }> {
  const running = await runningLocalStores(dataDir);
  if (running?.databaseUrl) return { url: running.databaseUrl, stop: async () => {} };
  const postgres = await startEmbeddedPostgres(dataDir, log);
  try {
    await runMigrations(postgres.url);
  } catch (error) {
    await postgres.stop().catch(() => {});
    throw error;
  }
  return postgres;
}

export interface ResolvedStores {
  config: ResolvedConfig;
  /** The local stores this process started ("embedded PostgreSQL (…)"). */
  started: string[];
  /** The process whose local stores this one uses, if any: they stop when it does. */
  owner?: number;
  stop(): Promise<void>;
}

export async function resolveStores(config: Config, role: Role, log: Log): Promise<ResolvedStores> {
  const shared = !config.DATABASE_URL || !config.REDIS_URL ? await runningLocalStores(config.MINQING_DATA_DIR) : undefined;
  if (shared) {
    config = { ...config, DATABASE_URL: config.DATABASE_URL ?? shared.databaseUrl, REDIS_URL: config.REDIS_URL ?? shared.redisUrl };
    log.info({ pid: shared.pid }, "using the local PostgreSQL and Redis of the Minqing process already running on this data folder");
  }
  const missing = [!config.DATABASE_URL && "DATABASE_URL", !config.REDIS_URL && "REDIS_URL"].filter(Boolean);
  if (missing.length > 0 && role !== "all" && role !== "services") {
    throw new RoleNeedsStoresError(
      `--role ${role} needs ${missing.join(" and ")}: separate roles share one PostgreSQL and one Redis; only the all-in-one process and --role services start local ones (other processes on the same MINQING_DATA_DIR then find them)`,
    );
  }
  const services: LocalService[] = [];
  const started: string[] = [];
  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const postgres = await startEmbeddedPostgres(config.MINQING_DATA_DIR, log);
      services.push(postgres);
      started.push(`embedded PostgreSQL (${postgres.url.replace(/:[^:@/]+@/, ":***@")})`);
      databaseUrl = postgres.url;
    }
    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      const redis = await startPrivateRedis(config.MINQING_DATA_DIR, log);
      services.push(redis);
      started.push(`private redis-server (${redis.url})`);
      redisUrl = redis.url;
    }
    if (services.length > 0) {
      await writeFile(discoveryFile(config.MINQING_DATA_DIR), JSON.stringify({ pid: process.pid, databaseUrl: config.DATABASE_URL ? undefined : databaseUrl, redisUrl: config.REDIS_URL ? undefined : redisUrl }), { mode: 0o600 });
    }
    return {
      config: { ...config, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
      started,
      owner: shared?.pid,
      stop: async () => {
        if (services.length > 0) await rm(discoveryFile(config.MINQING_DATA_DIR), { force: true });
        for (const service of services.reverse()) await service.stop();
      },
    };
  } catch (error) {
    for (const service of services.reverse()) await service.stop().catch(() => {});
    throw error;
  }
}
