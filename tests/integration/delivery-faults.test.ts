/**
 * Under faults nothing is sent twice and nothing is left held: a notice the platform accepted is
 * not sent again when the database could not take its mark; a stopping worker hands its jobs
 * back at once; Redis and PostgreSQL errors reach the structured log, never raw on stderr; and
 * /readyz names the store that is down.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { sampleOrgFile } from "../../src/app/first-run";
import { startRuntime } from "../../src/app/runtime";
import { recordPetition } from "../../src/casework/record-petition";
import type { ChannelAddress, ChannelSender } from "../../src/channels/sender";
import { parseConfig } from "../../src/config";
import { FileStore } from "../../src/files/file-store";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { cachedOrg } from "../../src/org/org-cache";
import { readOrgFile } from "../../src/org/load-file";
import { deliver, HeldElsewhereError, type DeliveryDeps } from "../../src/queue/delivery";
import type { JobContext } from "../../src/queue/jobs/context";
import { defineJob } from "../../src/queue/jobs/define-job";
import { openQueues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { startJobWorker, stopJobWorker } from "../../src/queue/workers";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { testCipher } from "../support/privacy";
import { anonymousPetition } from "../support/petitions";

const clock = manualClock("2026-12-02T02:00:00Z");
const prefix = `test-${randomBytes(4).toString("hex")}`;
let testDb: TestDatabase;
let redis: Redis;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  redis = connectRedis(testRedisUrl);
});
afterAll(async () => {
  await redis.quit();
  await removeRedisKeys(prefix);
  await testDb.drop();
});

/** Records each message the platform "accepted"; `afterSend` runs once a message is accepted. */
class AcceptingSender implements ChannelSender {
  readonly channel = "telegram" as const;
  maxTextLength = 4096;
  sent: { to: ChannelAddress; text: string }[] = [];
  afterSend?: (count: number) => Promise<void>;
  async send(to: ChannelAddress, text: string) {
    this.sent.push({ to, text });
    await this.afterSend?.(this.sent.length);
  }
  async sendFile() {}
}

const org = cachedOrg(() => loadOrgSnapshot(testDb.db));
const deps = (sender: ChannelSender): DeliveryDeps => ({
  db: testDb.db,
  ledger: new RedisSentLedger(redis, prefix),
  clock,
  senders: new Map([["telegram", sender]]),
  files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-files-"))),
  org,
  log: createLogger("silent"),
  reveal: testCipher.reveal,
});

const submission = () => anonymousPetition({ categoryId: "roads-water-power", description: "村口路灯坏了一个月，晚上看不见路。", submittedAt: clock.now().toISOString() });

async function newAck(): Promise<string> {
  const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, submission());
  return recorded.pendingOutboxIds[0]!;
}

describe("a notice the platform accepted", () => {
  it("is not sent again when the database was away for its mark: the retry marks it and says so", async () => {
    const ack = await newAck();
    const sender = new AcceptingSender();
    const deliveredAt = clock.now();
    let restore: (() => Promise<void>) | undefined;
    // The platform takes the message; at that moment PostgreSQL goes away.
    sender.afterSend = async () => {
      restore = await testDb.cutOff();
    };
    await expect(deliver(deps(sender), ack, 1)).rejects.toThrow();
    expect(sender.sent).toHaveLength(1);
    await restore!();

    clock.advance(60_000);
    sender.afterSend = undefined;
    expect(await deliver(deps(sender), ack, 2)).toBe("already_done");
    expect(sender.sent).toHaveLength(1);
    const row = await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } });
    // The row shows what happened: sent when the platform took it, on the retry, marked late.
    expect(row).toMatchObject({ status: "sent", sentChannel: "telegram", attempts: 2, sentAt: deliveredAt });
    expect(row.lastError).toContain("sent ledger");
  });

  it("resumes after the parts the platform took, even when the database never heard of them", async () => {
    const ack = await newAck();
    const sender = new AcceptingSender();
    sender.maxTextLength = 30;
    let restore: (() => Promise<void>) | undefined;
    sender.afterSend = async (count) => {
      // After the second part, PostgreSQL goes away and the third send fails with it.
      if (count === 2) restore = await testDb.cutOff();
      if (count === 3) throw new Error("socket hang up");
    };
    await expect(deliver(deps(sender), ack, 1)).rejects.toThrow();
    await restore!();
    const firstTry = sender.sent.length;
    sender.afterSend = undefined;
    // The failed try could not give its claim on the row back (the database was away): a retry
    // waits, without spending an attempt, until the claim runs out (20 s; here made to at once).
    await expect(deliver(deps(sender), ack, 2)).rejects.toThrow(HeldElsewhereError);
    await testDb.db.$executeRaw`UPDATE "Outbox" SET "claimedUntil" = now() - interval '1 second' WHERE "id" = ${ack}::uuid`;
    expect(await deliver(deps(sender), ack, 2)).toBe("sent");
    const row = await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } });
    const parts = sender.sent.map((m) => m.text);
    // The part that failed is sent again, the two the platform took are not.
    expect(firstTry).toBe(3);
    expect(parts[3]).toBe(parts[2]);
    expect(parts.slice(0, 2).concat(parts.slice(3)).join("")).toContain(`查询码：`);
    expect(new Set(parts.slice(0, 2).concat(parts.slice(3))).size).toBe(parts.length - 1);
    expect(row.status).toBe("sent");
  });
});

describe("a notice delivered just as Redis goes away and loses its last writes", () => {
  it("is not sent again by a worker that retakes the job meanwhile: the database has the mark at once", async () => {
    const ack = await newAck();
    const sender = new AcceptingSender();
    // The first worker's Redis is gone: a ledger write would wait for it.
    const gone = connectRedis("redis://127.0.0.1:1");
    const alive = new RedisSentLedger(redis, prefix);
    const stalled = { read: (key: string) => alive.read(key), record: new RedisSentLedger(gone, prefix).record, forget: (key: string) => alive.forget(key) };
    const first = deliver({ ...deps(sender), ledger: stalled }, ack, 1);
    await vi.waitFor(() => expect(sender.sent).toHaveLength(1));
    // Redis is back without the job's lock or any ledger entry, and another worker runs the job.
    const second = await deliver({ ...deps(sender), ledger: new RedisSentLedger(redis, `${prefix}-lost`) }, ack, 1);
    expect(await first).toBe("sent");
    expect(second).toBe("already_done");
    expect(sender.sent).toHaveLength(1);
    gone.disconnect();
  });
});

describe("two workers running one notice job at once", () => {
  it("send it once: the second waits for the first's claim on the row", async () => {
    const ack = await newAck();
    const sender = new AcceptingSender();
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    // The first worker's send is in flight when the second starts the same job.
    sender.afterSend = () => slow;
    const first = deliver(deps(sender), ack, 1);
    await vi.waitFor(() => expect(sender.sent).toHaveLength(1));
    await expect(deliver({ ...deps(sender), ledger: new RedisSentLedger(redis, `${prefix}-other`) }, ack, 1)).rejects.toThrow(HeldElsewhereError);
    release();
    expect(await first).toBe("sent");
    expect(await deliver(deps(sender), ack, 2)).toBe("already_done");
    expect(sender.sent).toHaveLength(1);
  });
});

describe("a stopping worker", () => {
  it("hands a job that is still running back to the queue at once, without spending an attempt", async () => {
    let release: () => void = () => {};
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    const slow = defineJob({
      name: "slow",
      schema: z.object({ n: z.number() }),
      options: { attempts: 3 },
      handle: async () => {
        runs.push("started");
        await stuck;
      },
    });
    const queuePrefix = `${prefix}-slow`;
    const queues = openQueues(redis, queuePrefix, createLogger("silent"));
    const ctx = { log: createLogger("silent") } as JobContext;
    const registry = [{ type: slow, queues: ["intake"] as const }];
    const first = startJobWorker("intake", ctx, { connection: redis, prefix: queuePrefix, concurrency: 1, registry });
    const job = await queues.intake.add("slow", { n: 1 }, slow.options);
    await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 5_000 });

    await stopJobWorker(first, 200);
    expect(await queues.intake.getJobCounts("active", "waiting", "failed")).toEqual({ active: 0, waiting: 1, failed: 0 });
    expect((await queues.intake.getJob(job.id!))!.attemptsMade).toBe(0);

    release();
    const second = startJobWorker("intake", ctx, { connection: redis, prefix: queuePrefix, concurrency: 1, registry });
    await vi.waitFor(async () => expect(await queues.intake.getJobCounts("completed")).toEqual({ completed: 1 }), { timeout: 5_000 });
    await stopJobWorker(second);
    await queues.close();
  });
});

/** Log lines as objects, to look for the component an error came from. */
function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger("info", stream), lines };
}

describe("store errors", () => {
  it("go to the structured log with their component, none raw on the console", async () => {
    const { log, lines } = memoryLog();
    const raw = [vi.spyOn(console, "error"), vi.spyOn(console, "warn"), vi.spyOn(console, "log")];
    // A Redis that is not there: the connection, the queues and a worker all keep failing.
    const down = connectRedis("redis://127.0.0.1:1", log);
    const queues = openQueues(down, prefix, log);
    const worker = startJobWorker("intake", { log } as JobContext, { connection: down, prefix, concurrency: 1 });
    await vi.waitFor(() => expect(lines.map((line) => line.component)).toEqual(expect.arrayContaining(["redis", "bullmq"])), { timeout: 5_000 });
    await worker.close(true);
    await queues.close().catch(() => {});
    down.disconnect();
    for (const spy of raw) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    // The same error over and over is one line, not one per retry.
    expect(lines.filter((line) => line.component === "redis").length).toBeLessThanOrEqual(2);
  });

  it("make /readyz name the store that is down, and clear when it is back", async () => {
    const config = {
      ...parseConfig({ QUIET_HOURS: "none", DATABASE_URL: testDb.url, REDIS_URL: testRedisUrl, QUEUE_PREFIX: `${prefix}-ready`, MINQING_DATA_DIR: mkdtempSync(path.join(tmpdir(), "mq-ready-")) }),
      DATABASE_URL: testDb.url,
      REDIS_URL: testRedisUrl,
    };
    const runtime = await startRuntime(config, { log: createLogger("silent"), roles: { channels: false, workers: false, timers: false } });
    try {
      expect(await runtime.readiness()).toEqual({ database: "ok", redis: "ok", queues: "ok" });
      const restore = await testDb.cutOff();
      const checks = await runtime.readiness();
      await restore();
      expect(checks.database).toMatch(/^down: /);
      expect(checks.redis).toBe("ok");
      await vi.waitFor(async () => expect((await runtime.readiness()).database).toBe("ok"), { timeout: 10_000 });
    } finally {
      await runtime.stop();
    }
  });
});
