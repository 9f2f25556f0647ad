/**
 * `npm run db:migrate` applies pending migrations to DATABASE_URL.
 * `npm run db:migrate -- new <name> [old-schema.prisma]` writes
 * prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the schema of the
 * last migration (default: prisma/schema.prisma as committed at git HEAD) and the working
 * schema.prisma. For developers; commit the schema together with its migration.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadDatabaseUrl } from "../config";
import { applyMigrations, diffSchemas, migrationsDir } from "./migrate";

async function main() {
  const databaseUrl = loadDatabaseUrl();
  const [command, name, fromFile] = process.argv.slice(2);
  if (command === "new") {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:migrate -- new <snake_case_name>");
    const from = fromFile ? await readFile(fromFile, "utf8") : execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
    const sql = await diffSchemas(databaseUrl, from);
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
      console.log("schema.prisma and the migrations agree; nothing to write");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    return;
  }
  const applied = await applyMigrations(databaseUrl);
  console.log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database is up to date");
}

main().then(
  // The schema engine holds a database connection it cannot be asked to close.
  () => process.exit(0),
  (error: unknown) => {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
