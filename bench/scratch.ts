/**
 * What the benchmarks share: a migrated database and a Redis key prefix of their own on the test
 * services (TEST_DATABASE_URL, TEST_REDIS_URL), with the sample organisation loaded, removed
 * afterwards; and the percentile of a sorted list.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { sampleOrgFile } from "../src/app/first-run";
import { systemClock } from "../src/kernel/clock";
import { readOrgFile } from "../src/org/load-file";
import { createDb } from "../src/store/client";
import { importOrg } from "../src/store/org-repository";
import { runMigrations } from "../src/store/run-migrations";
import { databaseUrl, postgresAdminUrl, removeRedisKeys, testRedisUrl } from "../tests/support/services";

export interface ScratchStores {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** An empty folder for files (and the WeChat session). */
  dataDir: string;
  remove(): Promise<void>;
}

export async function createScratchStores(): Promise<ScratchStores> {
  const name = `minqing_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  await runMigrations(url);
  const db = createDb(url, { poolSize: 2 });
  await importOrg(db, await readOrgFile(sampleOrgFile), systemClock);
  await db.$disconnect();
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "minqing-bench-"));
  return {
    databaseUrl: url,
    redisUrl: testRedisUrl,
    prefix,
    dataDir,
    remove: async () => {
      await removeRedisKeys(prefix);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
