/**
 * Terminals as a new user runs them: `npm start` with nothing configured (embedded PostgreSQL, a
 * private redis-server), and several `npm run chat` processes on the same data folder, each with
 * its own workers. An official's terminal gets the assignment notice while it is open, within
 * seconds, whichever process's worker took the job; Ctrl+C in one terminal ends that one; Ctrl+C
 * on the service (a SIGINT to its whole process group, as the terminal sends it) stops it within
 * seconds, and the terminals still open say the service has stopped and close.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/kernel/clock";
import { createBindCode } from "../../src/store/bind-codes";
import { createDb, type Db } from "../../src/store/client";
import { startChat, type ChatProcess } from "../support/chat-process";
import { startRoleProcess } from "../support/role-process";

let dataDir: string;
let service: ChildProcess;
let stores: { databaseUrl: string; redisUrl: string };
let db: Db;
const chats: ChatProcess[] = [];
// Nothing configured: the service starts its local stores, the terminals find them.
const env = () => ({ MINQING_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const unset = ["DATABASE_URL", "REDIS_URL"];

function chat(name: string): ChatProcess {
  const process = startChat(name, env(), unset);
  chats.push(process);
  return process;
}

/** Resolves to what `exited` gives, or fails after `ms`. */
async function exitsWithin<T>(ms: number, exited: Promise<T>, what: string): Promise<{ code: T; afterMs: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([exited, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} had not exited after ${ms / 1000} s`)), ms)))]);
    return { code, afterMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-terminals-"));
  service = await startRoleProcess("all", env(), { ownProcessGroup: true, unset });
  stores = JSON.parse(await readFile(path.join(dataDir, "local-services.json"), "utf8")) as typeof stores;
  db = createDb(stores.databaseUrl, { poolSize: 2 });
}, 90_000);

afterAll(async () => {
  await db?.$disconnect().catch(() => {});
  for (const child of chats) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (service?.exitCode === null) process.kill(-service.pid!, "SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("terminals on a running service", () => {
  it("show an official's assignment while open, end on Ctrl+C, and close when the service stops", async () => {
    const official = chat("wangfang");
    official.say(`/bind ${await createBindCode(db, "wang-fang", systemClock, 72)}`);
    await official.printed("绑定成功：王芳", 60_000);
    // Two more terminals open on the service: one more process whose worker may take the job.
    const bystander = chat("bob");
    const redis = new Redis(stores.redisUrl);
    try {
      const bobOpen = `minqing:terminal-open:terminal:bob`;
      for (let tries = 0; (await redis.exists(bobOpen)) === 0; tries++) {
        if (tries > 1200) throw new Error(`bob's terminal never opened:\n${bystander.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // A citizen's script files a petition for 东坡村 (王芳's village) and ends.
      const citizen = chat("alice");
      for (const line of ["/start", "1", "2", "1", "邻居的围墙占了我家的宅基地。", "1", "2", "1"]) citizen.say(line);
      citizen.end();
      expect((await exitsWithin(60_000, citizen.exited, "the citizen's scripted terminal")).code, citizen.stderr()).toBe(0);
      const code = /查询码：(MQ\w{8})/.exec(citizen.stdout())?.[1];
      expect(code, citizen.stdout()).toBeDefined();

      await official.printed(`【新交办】${code}`, 15_000);
      const row = await db.outbox.findFirstOrThrow({ where: { recipientOfficialId: "wang-fang", params: { path: ["code"], equals: code! } } });
      // Shown within seconds of being written (a few hundred milliseconds here), sent once.
      expect(row).toMatchObject({ status: "sent", sentChannel: "terminal", attempts: 1 });
      expect(row.sentAt!.getTime() - row.createdAt.getTime()).toBeLessThan(5_000);
      expect(official.stdout().split("【新交办】")).toHaveLength(2);

      // Ctrl+C in one terminal: that one ends, on time, and is no longer taken for open.
      process.kill(bystander.pid, "SIGINT");
      expect((await exitsWithin(10_000, bystander.exited, "a terminal after Ctrl+C")).code, bystander.stderr()).toBe(0);
      expect(await redis.exists(bobOpen)).toBe(0);
    } finally {
      redis.disconnect();
    }

    // Ctrl+C on the service, as its terminal sends it: to the whole process group.
    const serviceExited = new Promise<number | null>((resolve) => service.once("exit", (code) => resolve(code)));
    process.kill(-service.pid!, "SIGINT");
    const stopped = await exitsWithin(15_000, serviceExited, "the service after Ctrl+C");
    expect(stopped.code).toBe(0);
    // The official's terminal, still open, says why it closes, and does.
    const closed = await exitsWithin(10_000, official.exited, "the official's open terminal after the service stopped");
    expect(closed.code).toBe(1);
    expect(official.stdout()).toContain("民情服务已经停止");
    // No store left running behind it.
    const probe = new Redis(stores.redisUrl, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on("error", () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  }, 240_000);
});
