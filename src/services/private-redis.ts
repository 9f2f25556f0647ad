/**
 * A private redis-server (found on the PATH) as a child process, for machines without a Redis to
 * point at: its own port and data folder, append-only file on and noeviction, so queued work
 * survives a restart. Stopped (and its data flushed) when the product stops.
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
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
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
      if (child.exitCode !== null) return;
      // SIGTERM makes redis-server write its append-only file and exit.
      child.kill("SIGTERM");
      await exited;
    },
  };
}
