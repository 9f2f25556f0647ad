/**
 * A conduct complaint through the real intake pipeline (PostgreSQL, Redis, the sample organisation):
 * the intake job carries whom it accuses, the case keeps it, routing sends it to 青山县纪委监委 and
 * never to the accused, the notices that fall back to the petition office skip an accused admin, and
 * the officials it accuses neither list it nor may open it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { maySee, standingOf } from "../../src/cases/authority";
import type { ConfirmedPetition } from "../../src/cases/submission";
import { FileStore } from "../../src/files/file-store";
import { systemClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import { cachedOrg } from "../../src/org/org-cache";
import { sealPetition } from "../../src/privacy/seal-petition";
import type { JobContext } from "../../src/queue/jobs/context";
import { enqueuePetition } from "../../src/queue/jobs/record-petition";
import { openQueues, queueNames, type Queues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { startJobWorker } from "../../src/queue/workers";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { sampleOrgFile } from "../../src/app/first-run";
import { loadCase } from "../../src/store/case-store";
import { openCasesFor } from "../../src/store/official-cases";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { confirmedPetition } from "../support/petitions";
import { testCipher } from "../support/privacy";
import { testRedisUrl } from "../support/services";

const log = createLogger("silent");
const files = new FileStore(mkdtempSync(path.join(tmpdir(), "minqing-files-")));
let testDb: TestDatabase;
let redis: Redis;
let prefix: string;
let queues: Queues;
const workers: Worker[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  redis = connectRedis(testRedisUrl);
});

afterAll(async () => {
  await redis.quit();
  await testDb.drop();
});

beforeEach(() => {
  prefix = `test-${randomBytes(4).toString("hex")}`;
  queues = openQueues(redis, prefix, log);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await queues.intake.obliterate({ force: true });
  await queues.outbound.obliterate({ force: true });
  await queues.wechat.obliterate({ force: true });
  await queues.close();
});

const org = cachedOrg(() => loadOrgSnapshot(testDb.db));
// No outbound worker runs: the notices stay in the outbox, where the test reads whom they are for.
const jobContext = (): JobContext => ({
  db: testDb.db,
  clock: systemClock,
  timeZone: "Asia/Shanghai",
  org,
  queues,
  delivery: { db: testDb.db, ledger: new RedisSentLedger(redis, prefix), clock: systemClock, senders: new Map(), files, org, log, reveal: testCipher.reveal },
  log,
  privacy: testCipher,
});

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A conduct complaint from 东坡村 (青石镇), queued as the conversation queues it, and recorded by the intake worker. */
async function recordConduct(accused: Partial<ConfirmedPetition>) {
  workers.push(startJobWorker(queueNames.intake, jobContext(), { connection: redis, prefix, concurrency: 1 }));
  const input = sealPetition(testCipher, confirmedPetition({ categoryId: "cadre-conduct", areaId: "dongpo", description: "办低保要求先送礼，不送就一直拖着。", ...accused }));
  await enqueuePetition(queues.intake, input);
  const row = await until(() => testDb.db.petition.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: { events: { orderBy: { seq: "asc" } } } }));
  const outbox = await testDb.db.outbox.findMany({ where: { eventId: { in: row.events.map((e) => e.id) } } });
  return { row, outbox, current: (await loadCase(testDb.db, row.id))! };
}

describe("a conduct complaint at intake", () => {
  it("is recorded with whom it accuses and goes to the discipline body, not to the accused township", async () => {
    const { row, outbox, current } = await recordConduct({ accused: "青石镇的王芳", accusedUnitId: "qingshi-gov", accusedOfficialId: "wang-fang" });
    // Without the complaint, 东坡村 is 王芳's (谁挂户、谁负责) at 青石镇人民政府.
    expect(row).toMatchObject({ state: "registered", unitId: "county-discipline", officialId: "qian-min" });
    expect(row.handling).toMatchObject({ accused: { text: "青石镇的王芳", unitId: "qingshi-gov", officialId: "wang-fang" } });
    expect(row.events.map((e) => e.type)).toEqual(["petition.submitted", "case.registered", "case.assigned"]);
    expect(row.events[2]!.reason).toContain("conduct complaint moved from qingshi-gov (to the discipline body)");

    // 钱敏 has no chat account bound: her head and the petition office are told; nobody of 青石镇.
    const told = outbox.filter((o) => o.recipientOfficialId).map((o) => o.recipientOfficialId).sort();
    expect(told).toEqual(["lin-xiaoyan", "sun-lixin"]);
    const ack = outbox.find((o) => o.messageKey === "notice_ack")!;
    expect(ack.params).toMatchObject({ unitId: "county-discipline" });

    const snapshot = await org();
    for (const id of ["wang-fang", "li-zhiqiang", "zhao-lei"]) {
      expect(maySee(standingOf({ kind: "official", id }, current, snapshot)), id).toBe(false);
      const official = snapshot.officials.find((o) => o.id === id)!;
      expect((await openCasesFor(testDb.db, { id, unitId: official.unitId, everything: false })).map((c) => c.trackingCode)).not.toContain(row.trackingCode);
    }
    expect(maySee(standingOf({ kind: "official", id: "qian-min" }, current, snapshot))).toBe(true);
    expect((await openCasesFor(testDb.db, { id: "qian-min", unitId: "county-discipline", everything: false })).map((c) => c.trackingCode)).toContain(row.trackingCode);
  });

  it("about the petition office's own staff: never in the office, never told to its admins, never in their list", async () => {
    const { row, outbox, current } = await recordConduct({ accused: "县信访局林晓燕", accusedUnitId: "county-petition-office", accusedOfficialId: "lin-xiaoyan" });
    expect(row).toMatchObject({ unitId: "county-discipline", officialId: "qian-min" });
    expect(outbox.filter((o) => o.recipientOfficialId).map((o) => o.recipientOfficialId)).toEqual(["sun-lixin"]);

    const snapshot = await org();
    // The office's admin supervises every case — but not this one.
    expect(maySee(standingOf({ kind: "official", id: "lin-xiaoyan" }, current, snapshot))).toBe(false);
    expect(maySee(standingOf({ kind: "official", id: "zhou-jianguo" }, current, snapshot))).toBe(false);
    // A complaint about someone else is theirs to supervise, in the list as before.
    const other = await recordConduct({ accused: "王芳", accusedUnitId: "qingshi-gov", accusedOfficialId: "wang-fang" });
    const adminList = (await openCasesFor(testDb.db, { id: "lin-xiaoyan", unitId: "county-petition-office", everything: true })).map((c) => c.trackingCode);
    expect(adminList).toContain(other.row.trackingCode);
    expect(adminList).not.toContain(row.trackingCode);
  });

  it("that names nobody still goes to the discipline body, and the words alone are kept when they match no one", async () => {
    const { row } = await recordConduct({ accused: "村里的会计" });
    expect(row).toMatchObject({ unitId: "county-discipline" });
    expect(row.handling).toMatchObject({ accused: { text: "村里的会计" } });
    expect((row.handling as { accused: object }).accused).not.toHaveProperty("unitId");

    const unnamed = await recordConduct({});
    expect(unnamed.row).toMatchObject({ unitId: "county-discipline" });
    expect(unnamed.row.handling).not.toHaveProperty("accused");
  });
});
