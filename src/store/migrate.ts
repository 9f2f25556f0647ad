/**
 * Applies prisma/migrations with Prisma's WebAssembly schema engine, so no native engine has to be
 * downloaded. The engine records each migration in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does (name = folder name, checksum = sha256 of migration.sql), so either
 * tool can take over a database the other one migrated.
 *
 * `@prisma/schema-engine-wasm` is not a documented public API: its version is pinned in package.json.
 */
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");

const noFilters = { externalTables: [], externalEnums: [] };

interface WasmSchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ stdout: string | null }>;
}

// Node has WebAssembly; the ES lib typings we compile against do not describe it.
const webAssembly = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }> };
}).WebAssembly;

let enginePromise: Promise<{ SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } }> | undefined;

/** Loads the WebAssembly module once per process (it is about 10 MB). */
function loadEngineModule() {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package exports no path to its .wasm file; it sits beside the entry module.
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const { instance } = await webAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": bindings });
    const exports = instance.exports as { __wbindgen_start: () => void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bindings as never;
  })();
  return enginePromise;
}

async function withEngine<T>(databaseUrl: string, run: (engine: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const datamodel = await readFile(schemaPath, "utf8");
  // The engine keeps its connection after a command returns and offers no way to close it, so
  // callers run this in a short-lived process (migrate-cli.ts) that exits when done.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  // The engine logs its progress through this callback; the migration names are reported by us.
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, adapter);
  return run(engine);
}

async function readMigrations() {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      // The folder name, not a full path: it becomes _prisma_migrations.migration_name.
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet recorded in the database; returns the names it applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * The SQL that takes one schema to another, e.g. the schema.prisma of the last migration to the
 * current one. (Diffing from the migrations folder needs a shadow database that the WebAssembly
 * engine cannot introspect through the pg adapter: it fails on PostgreSQL's "char" columns.)
 */
export async function diffSchemas(databaseUrl: string, fromDatamodel: string): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const datamodel = await readFile(schemaPath, "utf8");
    const result = await engine.diff({
      from: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: fromDatamodel }] },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  });
}
