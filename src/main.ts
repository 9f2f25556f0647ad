/**
 * `npm start`: the whole product in one process (channels, queue workers, outbox relay).
 * SIGINT/SIGTERM stop it gracefully: no new messages, running jobs finished, connections closed.
 */
import { startRuntime } from "./app/runtime";
import { loadConfig } from "./config";
import { OrgFileError } from "./org/load-file";

const config = loadConfig();

try {
  const runtime = await startRuntime(config);
  runtime.log.info({ dataDir: config.MINQING_DATA_DIR }, "Minqing is running; press Ctrl+C to stop");
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log.info({ signal }, "stopping");
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.log.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (error) {
  console.error(error instanceof OrgFileError ? error.message : `Minqing could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
