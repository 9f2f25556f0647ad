/**
 * `npm run chat [-- --as NAME]`: talk to Minqing in the terminal, as a citizen (or, after /bind,
 * as an official), through the same conversation, queue and store as every other channel.
 *
 * Interactive on a terminal; otherwise it reads lines from standard input and prints each reply
 * as one block followed by an empty line, so a conversation can be scripted. Logs go to standard
 * error. It uses the stores of a Minqing already running on this data folder, or DATABASE_URL /
 * REDIS_URL, or starts local ones; its own workers record petitions and deliver notices, and
 * notices that arrived while the terminal was closed are shown when it opens.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createTerminalChannel, runTerminalSession, terminalUser } from "./app/channels";
import { resolveStores } from "./app/local-services";
import { startRuntime } from "./app/runtime";
import { loadConfig } from "./config";
import { createLogger } from "./log";
import { runMigrations } from "./store/run-migrations";

const { values } = parseArgs({ options: { as: { type: "string" } } });
const config = loadConfig();
const interactive = process.stdin.isTTY === true;
// Standard output is the conversation; logs must not mix into it.
const log = createLogger(interactive ? "warn" : config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, pino.destination(2));

async function main() {
  const user = terminalUser(values.as ?? userInfo().username);
  const stores = await resolveStores(config, "all", log);
  try {
    await runMigrations(stores.config.DATABASE_URL);
    const terminal = createTerminalChannel();
    const runtime = await startRuntime(stores.config, { log, roles: { channels: false, workers: true, timers: false }, extraChannels: [terminal] });
    try {
      await runTerminalSession({
        conversation: runtime.engine,
        user,
        input: process.stdin,
        output: process.stdout,
        sender: terminal.sender,
        deliverPending: () => runtime.deliverPending(user),
        // A script's last line may be a confirmation: show its acknowledgement before closing.
        linger: async () => {
          await runtime.settle(15_000);
          await runtime.deliverPending(user);
        },
        interactive,
      });
    } finally {
      // Running jobs finish; queued ones stay in Redis for the next start.
      await runtime.stop();
    }
  } finally {
    await stores.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`npm run chat: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
