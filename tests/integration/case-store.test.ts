/**
 * Committing decisions against the real PostgreSQL: one transaction per outcome, guarded by the
 * case's sequence number, so two decisions made from the same reading cannot both win.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrgFile } from "../../src/app/first-run";
import { decide } from "../../src/cases/commands";
import type { Outcome } from "../../src/cases/outcome";
import { recordPetition } from "../../src/casework/record-petition";
import { runCaseCommand } from "../../src/casework/run-command";
import { FileStore } from "../../src/files/file-store";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import type { OrgSnapshot } from "../../src/org/types";
import { deliver } from "../../src/queue/delivery";
import { commitOutcome, loadCase, StaleCaseError } from "../../src/store/case-store";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { testRedisUrl } from "../support/services";
import { testCipher } from "../support/privacy";

const clock = manualClock("2026-11-23T02:00:00Z");
let testDb: TestDatabase;
let org: OrgSnapshot;
let redis: Redis;

beforeAll(async () => {
  testDb = await createTestDatabase();
  redis = new Redis(testRedisUrl);
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  org = await loadOrgSnapshot(testDb.db);
});
afterAll(async () => {
  await redis.quit();
  await testDb.drop();
});

async function newCase() {
  return recordPetition(
    { db: testDb.db, clock, timeZone: "Asia/Shanghai", org, privacy: testCipher },
    {
      idempotencyKey: randomUUID(),
      user: { channel: "telegram", botAccount: "minqing_bot", platformId: String(Math.floor(Math.random() * 1e9)) },
      language: "zh-CN",
      categoryId: "land-housing",
      areaId: "dongpo",
      description: "围墙占了我家宅基地。",
      attachments: [],
      anonymous: true,
      submittedAt: clock.now().toISOString(),
    },
  );
}

/** A second routing decision on the case as it stands: the same command two actors could race on. */
async function reassignment(caseId: string): Promise<Outcome> {
  const current = await loadCase(testDb.db, caseId);
  const decision = decide(current, { kind: "assign", input: { day: "2026-11-23", openCases: new Map() } }, { kind: "system" }, clock.now(), { org, timeZone: "Asia/Shanghai" });
  if (!decision.ok) throw new Error(decision.refusal.detail);
  return decision.outcome;
}

const counts = async (petitionId: string) => ({
  events: await testDb.db.caseEvent.count({ where: { petitionId } }),
  assignments: await testDb.db.assignment.count({ where: { petitionId } }),
});

describe("committing a case command", () => {
  it("lets only the first of two decisions made from the same reading win; the stale one writes nothing", async () => {
    const { petitionId } = await newCase();
    const first = await reassignment(petitionId);
    const second = await reassignment(petitionId);
    await testDb.db.$transaction((tx) => commitOutcome(tx, first, clock.now()));
    const before = await counts(petitionId);
    await expect(testDb.db.$transaction((tx) => commitOutcome(tx, second, clock.now()))).rejects.toBeInstanceOf(StaleCaseError);
    expect(await counts(petitionId)).toEqual(before);
    const events = await testDb.db.caseEvent.findMany({ where: { petitionId }, orderBy: { seq: "asc" }, select: { seq: true, type: true } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // The previous holder's assignment ended when the new one began: one current assignment.
    expect(await testDb.db.assignment.count({ where: { petitionId, endedAt: null } })).toBe(1);
    expect(await testDb.db.petition.findUniqueOrThrow({ where: { id: petitionId } })).toMatchObject({ seq: 4 });
  });

  it("decides again on the case as it is now when another commit got there first", async () => {
    const { petitionId } = await newCase();
    // Two commands at once on one case: both run, neither is lost, the events stay numbered.
    const results = await Promise.all([0, 1].map(() => runCaseCommand({ db: testDb.db, clock, org, timeZone: "Asia/Shanghai" }, petitionId, { kind: "assign", input: { day: "2026-11-23", openCases: new Map() } }, { kind: "system" })));
    expect(results.map((r) => r.ok && r.seq).sort()).toEqual([4, 5]);
    const events = await testDb.db.caseEvent.findMany({ where: { petitionId }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("cancels the pending notices that no longer apply, and the outbound queue never sends them", async () => {
    const recorded = await newCase();
    const outcome = await reassignment(recorded.petitionId);
    await testDb.db.$transaction((tx) => commitOutcome(tx, { ...outcome, cancelNotices: ["ack"] }, clock.now()));
    const rows = await testDb.db.outbox.findMany({ where: { id: { in: recorded.pendingOutboxIds } }, select: { id: true, status: true, messageKey: true } });
    expect(rows.find((r) => r.messageKey === "notice_ack")).toMatchObject({ status: "cancelled" });
    expect(rows.filter((r) => r.messageKey !== "notice_ack").every((r) => r.status === "pending")).toBe(true);

    const sent: string[] = [];
    const sender = { channel: "telegram" as const, maxTextLength: 4096, send: async (_to: unknown, text: string) => void sent.push(text), sendFile: async () => {} };
    const ack = rows.find((r) => r.messageKey === "notice_ack")!;
    const result = await deliver({ db: testDb.db, ledger: new RedisSentLedger(redis, `test-${randomUUID()}`), clock, senders: new Map([["telegram", sender]]), files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-"))), log: createLogger("silent"), org: async () => org, reveal: testCipher.reveal }, ack.id);
    expect(result).toBe("already_done");
    expect(sent).toEqual([]);
  });

  it("refuses a command on a case that does not exist, saying so", async () => {
    const result = await runCaseCommand({ db: testDb.db, clock, org, timeZone: "Asia/Shanghai" }, randomUUID(), { kind: "assign", input: { day: "2026-11-23", openCases: new Map() } }, { kind: "system" });
    expect(result).toMatchObject({ ok: false, refusal: { code: "no_such_case" } });
  });
});
