/**
 * The stores this process uses: the ones configured (DATABASE_URL, REDIS_URL), or, for the
 * all-in-one process and the services role only, an embedded PostgreSQL and a private redis-server
 * in MINQING_DATA_DIR. Other roles share stores with each other, so they must be told where.
 */
import type { Config, ResolvedConfig } from "../config";
import type { Log } from "../log";
import { startEmbeddedPostgres, type LocalService } from "../services/embedded-postgres";
import { startPrivateRedis } from "../services/private-redis";

export type Role = "all" | "services" | "channels" | "workers";
export const roles: readonly Role[] = ["all", "services", "channels", "workers"];

export class RoleNeedsStoresError extends Error {
  override name = "RoleNeedsStoresError";
}

export async function resolveStores(config: Config, role: Role, log: Log): Promise<{ config: ResolvedConfig; started: string[]; stop(): Promise<void> }> {
  const missing = [!config.DATABASE_URL && "DATABASE_URL", !config.REDIS_URL && "REDIS_URL"].filter(Boolean);
  if (missing.length > 0 && role !== "all" && role !== "services") {
    throw new RoleNeedsStoresError(
      `--role ${role} needs ${missing.join(" and ")}: separate roles share one PostgreSQL and one Redis; only the all-in-one process (or --role services) starts local ones`,
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
    return {
      config: { ...config, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
      started,
      stop: async () => {
        for (const service of services.reverse()) await service.stop();
      },
    };
  } catch (error) {
    for (const service of services.reverse()) await service.stop().catch(() => {});
    throw error;
  }
}
