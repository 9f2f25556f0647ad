import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../src/store/client";
import { databaseUrl, postgresAdminUrl } from "./services";

export interface TestDatabase {
  db: Db;
  url: string;
  /**
   * A real outage of this database: new connections are refused and open ones are cut, as when
   * the server goes away. Resolves to the function that ends it.
   */
  cutOff(): Promise<() => Promise<void>>;
  drop(): Promise<void>;
}

async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("templateDatabase");
  const name = `${template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = databaseUrl(name);
  const db = createDb(url, { poolSize: 5 });
  return {
    db,
    url,
    cutOff: async () => {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      return () => asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    },
    drop: async () => {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
