/**
 * `npm start [-- --role all|services|channels|workers|timers]`: the product.
 *
 * all (default): every role in one process; with no DATABASE_URL / REDIS_URL it starts an embedded
 * PostgreSQL and a private redis-server in MINQING_DATA_DIR. services: only those local stores (for
 * separate role processes on this machine). channels: the chat front ends. workers: the queue
 * workers; run as many as needed. timers: the outbox relay (and later reminders and escalations).
 * SIGINT/SIGTERM/SIGHUP stop gracefully, within seconds: no new messages, running jobs finished or
 * handed back, connections closed, the local stores stopped last.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startHealthServer } from "./app/health";
import { resolveStores, roles, type Role } from "./app/local-services";
import { startRuntime } from "./app/runtime";
import { loadConfig } from "./config";
import { createLogger } from "./log";
import { OrgFileError } from "./org/load-file";
import { runMigrations } from "./store/run-migrations";

const { values } = parseArgs({ options: { role: { type: "string", default: "all" } } });
if (!roles.includes(values.role as Role)) {
  console.error(`--role must be one of ${roles.join(", ")} (got "${values.role}")`);
  process.exit(2);
}
const role = values.role as Role;
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const stops: (() => Promise<void>)[] = [];
const startedAt = performance.now();

async function start() {
  const stores = await resolveStores(config, role, log);
  stops.unshift(stores.stop);
  const migrated = await runMigrations(stores.config.DATABASE_URL);
  log.info(migrated);

  let readiness = async (): Promise<Record<string, string>> => ({ services: "ok" });
  let channels: string[] = [];
  if (role !== "services") {
    const runtime = await startRuntime(stores.config, {
      log,
      roles: { channels: role === "all" || role === "channels", workers: role === "all" || role === "workers", timers: role === "all" || role === "timers" },
    });
    stops.unshift(runtime.stop);
    readiness = runtime.readiness;
    channels = runtime.channels;
  }
  const health = config.HEALTH_PORT > 0 ? await startHealthServer(config.HEALTH_PORT, readiness) : undefined;
  if (health) stops.unshift(health.stop);

  const lines = [
    `Minqing is running (role: ${role}) after ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`,
    `  channels: ${role === "services" || role === "workers" ? "none in this role" : channels.length > 0 ? channels.join(", ") : "none (set TELEGRAM_BOT_TOKEN for Telegram, WECHATY_PUPPET for WeChat; npm run chat for the terminal)"}`,
    `  workers: ${role === "all" || role === "workers" ? "intake, outbound" : "none in this role"}`,
    `  timers: ${role === "all" || role === "timers" ? "outbox relay" : "none in this role"}`,
    ...stores.started.map((service) => `  started: ${service}`),
    `  data folder: ${path.resolve(config.MINQING_DATA_DIR)}`,
    health ? `  health: http://127.0.0.1:${health.port}/healthz and /readyz` : "  health: off (HEALTH_PORT=0)",
    "  stop: Ctrl+C (or SIGTERM)",
  ];
  console.log(lines.join("\n"));
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping");
  let failed = false;
  for (const stop of stops) {
    await stop().catch((error: unknown) => {
      failed = true;
      log.error({ error: error instanceof Error ? error.message : String(error) }, "error while stopping");
    });
  }
  process.exit(failed ? 1 : 0);
}
// Nothing leaves this process as a raw stack on stderr: a stray rejection (a library's background
// promise while a store is away) is logged and the process goes on; an exception that escaped
// everything leaves the process in an unknown state, so it is logged and the process stops for its
// supervisor to restart it (the queues keep the work).
process.on("unhandledRejection", (reason) => log.error({ component: "process", errorType: reason instanceof Error ? reason.name : typeof reason, error: reason instanceof Error ? reason.message : String(reason) }, "unhandled rejection"));
process.on("uncaughtException", (error) => {
  log.fatal({ component: "process", errorType: error.name, error: error.message, stack: error.stack }, "uncaught exception: stopping");
  process.exit(1);
});
// SIGHUP too (the terminal it runs in was closed): the private redis-server runs in a session of
// its own, and is stopped by this process's shutdown.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

start().catch(async (error: unknown) => {
  console.error(error instanceof OrgFileError ? error.message : `Minqing could not start: ${error instanceof Error ? error.message : String(error)}`);
  for (const stop of stops) await stop().catch(() => {});
  process.exit(1);
});
