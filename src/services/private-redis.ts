/**
 * A private redis-server (found on the PATH) as a child process, for machines without a Redis to
 * point at: its own port and data folder, append-only file on and noeviction, so queued work
 * survives a restart. Stopped (and its data flushed) when the product stops.
 *
 * It runs in a session of its own, so a Ctrl+C at the terminal reaches only our process, which
 * stops it last, after the workers have handed their jobs back: in the terminal's process group it
 * would stop in the same instant, and the shutdown would be left talking to a Redis that is gone.
 * Whichever way our process exits (but kill -9), it takes this Redis with it.
 */
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import type { Log } from "../log";
import type { LocalService } from "./embedded-postgres";
import { freePort } from "./free-port";

export class RedisNotInstalledError extends Error {
  override name = "RedisNotInstalledError";
  constructor() {
    super("redis-server is not installed: install it (Debian/Ubuntu: apt install redis-server; macOS: brew install redis) or set REDIS_URL");
  }
}

export async function startPrivateRedis(dataDir: string, log: Log): Promise<LocalService> {
  const dir = path.resolve(dataDir, "redis");
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--maxmemory-policy", "noeviction", "--save", "", "--daemonize", "no"];
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // SIGTERM: redis-server writes its append-only file and exits, even after we are gone.
  const stopWithUs = () => void (child.exitCode === null && child.signalCode === null && child.kill("SIGTERM"));
  process.once("exit", stopWithUs);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "ENOENT" ? new RedisNotInstalledError() : error));
  });

  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 1 });
  probe.on("error", () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect().catch(() => {});
      await probe.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        probe.disconnect();
        process.off("exit", stopWithUs);
        child.kill("SIGKILL");
        throw new Error(`the private redis-server did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  probe.disconnect();
  log.info({ dir, port }, "private redis-server running");
  return {
    url,
    stop: async () => {
      process.off("exit", stopWithUs);
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM makes redis-server write its append-only file and exit.
      child.kill("SIGTERM");
      await exited;
    },
  };
}
