/** Migrates one template database per test run; test files copy it (CREATE DATABASE … TEMPLATE). */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { runMigrations } from "../../src/store/run-migrations";
import { databaseUrl, postgresAdminUrl } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const template = `minqing_tpl_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await runMigrations(databaseUrl(template));
  project.provide("templateDatabase", template);

  return async () => {
    // Also drops copies left behind by an earlier run that was killed.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_%`],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.end();
  };
}
