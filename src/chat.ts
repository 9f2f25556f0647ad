/**
 * `npm run chat [-- --as NAME]`: talk to Minqing in the terminal, as a citizen (or, after /bind,
 * as an official), through the same conversation, queue and store as every other channel.
 *
 * Interactive on a terminal; otherwise it reads lines from standard input and prints each reply
 * as one block followed by an empty line, so a conversation can be scripted. Logs go to standard
 * error. It uses the stores of a Minqing already running on this data folder, or DATABASE_URL /
 * REDIS_URL, or starts local ones; its own workers record petitions and deliver notices. A notice
 * for this terminal appears while it is open, whichever process's worker took it; one that arrived
 * while it was closed is shown when it opens.
 *
 * Ctrl+C (SIGINT), SIGTERM or SIGHUP end it within seconds, as does the end of the Minqing process
 * whose stores it uses (the terminal says so and closes).
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createTerminalChannel, runTerminalSession, terminalUser } from "./app/channels";
import { resolveStores } from "./app/local-services";
import { startRuntime } from "./app/runtime";
import { loadConfig } from "./config";
import { idiomOf } from "./kernel/channel";
import { render } from "./kernel/texts";
import { createLogger } from "./log";
import { runMigrations } from "./store/run-migrations";

const { values } = parseArgs({ options: { as: { type: "string" } } });
const config = loadConfig();
const interactive = process.stdin.isTTY === true;
// Standard output is the conversation; logs must not mix into it.
const log = createLogger(interactive ? "warn" : config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, pino.destination(2));

/** Fires when the session must end now: a signal, or the service whose stores it uses has stopped. */
const ending = new AbortController();
/** Why it ended early, when the service went away: the exit code says the script did not run to its end. */
let serviceStopped = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // A second Ctrl+C while stopping: at once (a private Redis this process started stops with it).
    if (ending.signal.aborted) process.exit(130);
    ending.abort(signal);
  });
}

/** How often the process whose stores this terminal uses is looked for. */
const ownerCheckMs = 500;

async function main() {
  const user = terminalUser(values.as ?? userInfo().username);
  const stores = await resolveStores(config, "all", log);
  // Another process's stores end with that process: the terminal cannot go on without them.
  const ownerCheck = stores.owner === undefined ? undefined : setInterval(() => {
    if (isAlive(stores.owner!)) return;
    serviceStopped = true;
    process.stdout.write(`${render(config.DEFAULT_LANGUAGE, "terminal_service_stopped", {}, idiomOf("terminal"))}\n\n`);
    ending.abort("the Minqing process whose stores this terminal uses has stopped");
  }, ownerCheckMs);
  try {
    await runMigrations(stores.config.DATABASE_URL);
    const terminal = createTerminalChannel();
    const runtime = await startRuntime(stores.config, { log, roles: { channels: false, workers: true, timers: false }, terminal });
    const host = runtime.terminal!;
    try {
      await runTerminalSession({
        conversation: runtime.engine,
        user,
        input: process.stdin,
        output: process.stdout,
        sender: terminal.sender,
        opened: () => host.opened(user),
        // A script's last line may be a confirmation: show its acknowledgement before closing.
        linger: async () => {
          await runtime.settle(15_000);
          await host.deliverPending(user);
        },
        closed: () => host.closed(user),
        stop: ending.signal,
        interactive,
      });
    } finally {
      // Running jobs finish or go back to the queue; queued ones stay in Redis for the next start.
      await runtime.stop();
    }
  } finally {
    clearInterval(ownerCheck);
    await stores.stop();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

main().then(
  () => {
    if (serviceStopped) console.error("npm run chat: the Minqing process whose stores this terminal used has stopped");
    process.exit(serviceStopped ? 1 : 0);
  },
  (error: unknown) => {
    console.error(`npm run chat: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
