/**
 * Workers scale out: two `npm start -- --role workers` processes share one queue, one PostgreSQL
 * and one Redis. 500 petitions become 500 cases with their events, assignments and notices written
 * exactly once, even when one worker is stopped with SIGTERM in the middle of the batch; when one
 * is killed outright (kill -9), the jobs it held are taken again within the lock bound (8 s).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrgFile } from "../../src/app/first-run";
import { systemClock } from "../../src/kernel/clock";
import { readOrgFile } from "../../src/org/load-file";
import { enqueuePetition } from "../../src/queue/jobs/record-petition";
import type { PetitionSubmission } from "../../src/cases/submission";
import { openQueues, type Queues } from "../../src/queue/queues";
import { createLogger } from "../../src/log";
import { connectRedis } from "../../src/queue/redis";
import { importOrg } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startRoleProcess } from "../support/role-process";
import { testRedisUrl } from "../support/services";
import { testCipher, testKeyEnv } from "../support/privacy";
import type { Sealed } from "../../src/kernel/sealed";

const total = 500;
const prefix = `test-${randomBytes(4).toString("hex")}`;
let testDb: TestDatabase;
let redis: Redis;
let queues: Queues;
const children: ChildProcess[] = [];

/** Queued with the name in clear, as petitions queued before sealing began: the worker seals it when recording. */
function petition(i: number, idempotencyKey: string): PetitionSubmission {
  const queuedBeforeSealing = {
    idempotencyKey,
    user: { channel: "telegram" as const, botAccount: "minqing_bot", platformId: String(7_100_000_000 + i) },
    language: "zh-CN" as const,
    categoryId: i % 2 ? "roads-water-power" : "labour-wages",
    areaId: ["dongpo", "liuxi", "longtan"][i % 3]!,
    description: `第${i}号：路灯坏了。`,
    attachments: [],
    anonymous: i % 5 === 0,
    contactName: "测试",
    submittedAt: new Date().toISOString(),
  };
  return queuedBeforeSealing as unknown as PetitionSubmission;
}

async function startWorker(): Promise<ChildProcess> {
  const child = await startRoleProcess("workers", {
    DATABASE_URL: testDb.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    MINQING_DATA_DIR: mkdtempSync(path.join(tmpdir(), "minqing-worker-")),
    // Workers on separate data folders must share the personal-data keys.
    ...testKeyEnv,
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  redis = connectRedis(testRedisUrl);
  queues = openQueues(redis, prefix, createLogger("silent"));
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await queues.intake.obliterate({ force: true });
  await queues.outbound.obliterate({ force: true });
  await queues.close();
  await redis.quit();
  await testDb.drop();
});

describe("worker processes", () => {
  it("process 500 petitions exactly once between two workers, one of them stopped mid-batch", async () => {
    const [first] = await Promise.all([startWorker(), startWorker()]);
    const keys = Array.from({ length: total }, () => randomUUID());
    for (const [i, idempotencyKey] of keys.entries()) await enqueuePetition(queues.intake, petition(i, idempotencyKey));

    // Stop one worker gracefully once part of the batch is done.
    const deadline = Date.now() + 120_000;
    while ((await testDb.db.petition.count()) < total / 5) {
      if (Date.now() > deadline) throw new Error("workers made no progress");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exited = new Promise<number | null>((resolve) => first.once("exit", (code) => resolve(code)));
    first.kill("SIGTERM");
    expect(await exited).toBe(0);

    while ((await testDb.db.petition.count()) < total) {
      if (Date.now() > deadline) throw new Error(`only ${await testDb.db.petition.count()} of ${total} petitions were stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    const petitions = await testDb.db.petition.findMany({ select: { idempotencyKey: true, _count: { select: { events: true, assignments: true } } } });
    expect(petitions).toHaveLength(total);
    expect(new Set(petitions.map((p) => p.idempotencyKey))).toEqual(new Set(keys));
    expect(petitions.every((p) => p._count.events === 3 && p._count.assignments === 1)).toBe(true);
    // Each case owes its petitioner exactly one acknowledgement.
    const acks = await testDb.db.outbox.groupBy({ by: ["recipientPersonId"], where: { messageKey: "notice_ack" }, _count: { _all: true } });
    expect(acks).toHaveLength(total);
    expect(acks.every((row) => row._count._all === 1)).toBe(true);
    expect(await queues.intake.getJobCounts("failed", "waiting", "active")).toEqual({ failed: 0, waiting: 0, active: 0 });
    // Queued in clear, stored sealed under the shared key.
    const named = await testDb.db.petition.findMany({ where: { anonymous: false }, select: { contactName: true } });
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((p) => p.contactName !== "测试" && testCipher.open(p.contactName as Sealed) === "测试")).toBe(true);
  }, 180_000);

  it("take the jobs a killed worker held again within the lock bound, each case still written once", async () => {
    const [doomed] = await Promise.all([startWorker(), startWorker()]);
    const keys = Array.from({ length: 300 }, () => randomUUID());
    const stored = () => testDb.db.petition.count({ where: { idempotencyKey: { in: keys } } });
    for (const [i, idempotencyKey] of keys.entries()) await enqueuePetition(queues.intake, petition(1000 + i, idempotencyKey));
    const deadline = Date.now() + 120_000;
    while ((await stored()) < 30) {
      if (Date.now() > deadline) throw new Error("workers made no progress");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const held = (await queues.intake.getActive()).map((job) => job.id!);
    doomed.kill("SIGKILL");
    const killedAt = Date.now();
    // Every job active at the kill, the killed worker's too, is finished by the survivor.
    for (;;) {
      const states = await Promise.all(held.map((id) => queues.intake.getJobState(id)));
      if (states.every((state) => state === "completed" || state === "unknown")) break;
      expect(Date.now() - killedAt).toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    while ((await stored()) < keys.length) {
      if (Date.now() > deadline) throw new Error(`only ${await stored()} of ${keys.length} petitions were stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const petitions = await testDb.db.petition.findMany({ where: { idempotencyKey: { in: keys } }, select: { _count: { select: { events: true, assignments: true } } } });
    expect(petitions).toHaveLength(keys.length);
    expect(petitions.every((p) => p._count.events === 3 && p._count.assignments === 1)).toBe(true);
  }, 180_000);
});
