/**
 * Deadline timers against the real PostgreSQL and Redis: land cases recorded as intake records them
 * in the sample organisation, where land is an important matter (local practice: acceptance within
 * 2 working days, the answer within 30 days, reminders 5 and 1 working days before, the unit head
 * told after 4 working hours without acceptance, escalation unit head → responsible leader →
 * petition office, a progress notice every 7 days), then left alone while the test clock moves and the sweep runs every half hour. Plain
 * weekdays (no calendar file): 2026-11-23 is a Monday; times are Asia/Shanghai (UTC+8).
 *
 * 青石镇人民政府 holds 东坡村's land cases: 王芳 handles, 赵磊 is her colleague, 李志强 heads the unit
 * (and is its responsible leader); 林晓燕 is the petition office.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleOrgFile } from "../../src/app/first-run";
import type { Actor } from "../../src/cases/case";
import type { CaseCommand } from "../../src/cases/commands";
import { recordPetition } from "../../src/casework/record-petition";
import { runCaseCommand, type RunDeps } from "../../src/casework/run-command";
import { sweepDueCases, wakeCase } from "../../src/casework/wake-cases";
import { FileStore } from "../../src/files/file-store";
import { manualClock, systemClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import type { OrgSnapshot } from "../../src/org/types";
import type { JobContext } from "../../src/queue/jobs/context";
import { scheduleWake } from "../../src/queue/jobs/timers";
import { openQueues, queueNames, type Queues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { startJobWorker } from "../../src/queue/workers";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { anonymousPetition } from "../support/petitions";
import { testCipher } from "../support/privacy";
import { testRedisUrl } from "../support/services";

const timeZone = "Asia/Shanghai";
const log = createLogger("silent");
let testDb: TestDatabase;
let org: OrgSnapshot;
let clock: ReturnType<typeof manualClock>;
let deps: RunDeps;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  org = await loadOrgSnapshot(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});
beforeEach(() => {
  clock = manualClock("2026-11-23T02:00:00Z");
  deps = { db: testDb.db, clock, org, timeZone };
});

const official = (id: string): Actor => ({ kind: "official", id, channel: "telegram" });
const local = (wall: string) => new Date(`${wall}+08:00`);

/** A land petition from 东坡村, recorded now and routed to 王芳; nothing is done with it after. */
async function newCase(withDeps: RunDeps = deps) {
  const recorded = await recordPetition({ db: testDb.db, clock, timeZone, org: withDeps.org, privacy: testCipher }, anonymousPetition({ submittedAt: clock.now().toISOString() }));
  return recorded.petitionId;
}

async function act(caseId: string, command: CaseCommand, actor: Actor) {
  const result = await runCaseCommand(deps, caseId, command, actor);
  if (!result.ok) throw new Error(`${command.kind} refused: ${result.refusal.code} (${result.refusal.detail})`);
  return result;
}

/** The sweep every 30 minutes from the clock's time until `until`, as the timers role would run it. */
async function sweepUntil(until: Date, withDeps: RunDeps = deps) {
  while (clock.now() < until) {
    clock.advance(30 * 60_000);
    await sweepDueCases(withDeps);
  }
}

async function timerEvents(caseId: string) {
  const events = await testDb.db.caseEvent.findMany({ where: { petitionId: caseId, type: { in: ["case.reminded", "case.escalated", "case.progress_reported"] } }, orderBy: { seq: "asc" } });
  return events.map((e) => {
    const p = e.payload as { kind: string; level: number; day: string; to?: string[]; lateDays?: number };
    return { type: e.type, kind: p.kind, level: p.level, day: p.day, at: e.at.toISOString(), ...(p.to ? { to: p.to } : {}), ...(p.lateDays !== undefined ? { lateDays: p.lateDays } : {}) };
  });
}

describe("a case left alone: every reminder, notice and escalation fires once, at its moment", () => {
  it("the head hears nobody accepted it, the handler is reminded before and on the day, then escalation climbs one level at a time while the petitioner hears it is still handled", async () => {
    const caseId = await newCase();
    await sweepUntil(local("2026-12-03T12:00:00"));
    const at = (wall: string) => local(wall).toISOString();
    expect(await timerEvents(caseId)).toEqual([
      { type: "case.reminded", kind: "unaccepted", level: 1, day: "2026-11-25", at: at("2026-11-23T14:00:00"), to: ["li-zhiqiang"] },
      // 5 working days before the 25th is before the case existed: dropped.
      { type: "case.reminded", kind: "due_soon", level: 1, day: "2026-11-25", at: at("2026-11-24T08:30:00"), to: ["wang-fang"] },
      { type: "case.reminded", kind: "due_today", level: 1, day: "2026-11-25", at: at("2026-11-25T08:30:00"), to: ["wang-fang"] },
      { type: "case.escalated", kind: "overdue", level: 1, day: "2026-11-25", at: at("2026-11-26T08:30:00"), to: ["li-zhiqiang"], lateDays: 1 },
      { type: "case.progress_reported", kind: "progress", level: 1, day: "2026-11-30", at: at("2026-11-30T08:00:00") },
      { type: "case.escalated", kind: "overdue", level: 2, day: "2026-11-25", at: at("2026-11-30T08:30:00"), to: ["li-zhiqiang"], lateDays: 5 },
      { type: "case.escalated", kind: "overdue", level: 3, day: "2026-11-25", at: at("2026-12-02T08:30:00"), to: ["lin-xiaoyan"], lateDays: 7 },
    ]);
    // Each step is one unique row, and each notice one outbox row to its recipient.
    expect(await testDb.db.timerStep.count({ where: { petitionId: caseId } })).toBe(7);
    const outbox = await testDb.db.outbox.findMany({ where: { event: { petitionId: caseId }, messageKey: { in: ["notice_unaccepted", "notice_due_reminder", "notice_overdue", "notice_case_still_open"] } } });
    expect(outbox.map((row) => row.messageKey).sort()).toEqual(
      ["notice_case_still_open", "notice_due_reminder", "notice_due_reminder", "notice_overdue", "notice_overdue", "notice_overdue", "notice_unaccepted"].sort(),
    );
    // Nothing more is due until the next progress notice.
    const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.nextWakeAt?.toISOString()).toBe(at("2026-12-07T08:00:00"));
  });

  it("an accepted case nobody answers climbs the chain on the answer's date; a new date set by the head starts it again", async () => {
    const caseId = await newCase();
    await act(caseId, { kind: "accept" }, official("wang-fang"));
    await sweepUntil(local("2026-12-30T15:00:00"));
    const at = (wall: string) => local(wall).toISOString();
    const steps = async () => (await timerEvents(caseId)).map((e) => [e.kind, e.level, e.day, e.at, e.to ?? "petitioner"]);
    // Accepted on Monday 23 November: the answer is due on 23 December (an important matter: a month).
    const chain = [
      ["progress", 1, "2026-11-30", at("2026-11-30T08:00:00"), "petitioner"],
      ["progress", 2, "2026-12-07", at("2026-12-07T08:00:00"), "petitioner"],
      ["progress", 3, "2026-12-14", at("2026-12-14T08:00:00"), "petitioner"],
      ["due_soon", 5, "2026-12-23", at("2026-12-16T08:30:00"), ["wang-fang"]],
      ["progress", 4, "2026-12-21", at("2026-12-21T08:00:00"), "petitioner"],
      ["due_soon", 1, "2026-12-23", at("2026-12-22T08:30:00"), ["wang-fang"]],
      ["due_today", 1, "2026-12-23", at("2026-12-23T08:30:00"), ["wang-fang"]],
      ["overdue", 1, "2026-12-23", at("2026-12-24T08:30:00"), ["li-zhiqiang"]],
      ["progress", 5, "2026-12-28", at("2026-12-28T08:00:00"), "petitioner"],
      ["overdue", 2, "2026-12-23", at("2026-12-28T08:30:00"), ["li-zhiqiang"]],
      ["overdue", 3, "2026-12-23", at("2026-12-30T08:30:00"), ["lin-xiaoyan"]],
    ];
    expect(await steps()).toEqual(chain);

    // 李志强, told at the first level, sets a new date: the handler and the petitioner hear it.
    await act(caseId, { kind: "set_due_date", input: { day: "2027-01-08", reason: "已协调国土所测量，限期办结" } }, official("li-zhiqiang"));
    const told = await testDb.db.outbox.findMany({ where: { event: { petitionId: caseId, type: "case.due_date_set" } } });
    expect(told.map((row) => row.messageKey).sort()).toEqual(["notice_case_due_date_set", "notice_due_date_set"]);
    await sweepUntil(local("2027-01-11T12:00:00"));
    expect((await steps()).slice(chain.length)).toEqual([
      // Plain weekdays (no calendar file): 1 January counts as a working day here.
      ["due_soon", 5, "2027-01-08", at("2027-01-01T08:30:00"), ["wang-fang"]],
      ["progress", 6, "2027-01-04", at("2027-01-04T08:00:00"), "petitioner"],
      ["due_soon", 1, "2027-01-08", at("2027-01-07T08:30:00"), ["wang-fang"]],
      ["due_today", 1, "2027-01-08", at("2027-01-08T08:30:00"), ["wang-fang"]],
      ["progress", 7, "2027-01-11", at("2027-01-11T08:00:00"), "petitioner"],
      ["overdue", 1, "2027-01-08", at("2027-01-11T08:30:00"), ["li-zhiqiang"]],
    ]);
    // The petitioner is never promised a day gone by: after the 23rd they hear it is late and
    // pressed; after the change, the new date.
    const progress = await testDb.db.outbox.findMany({ where: { event: { petitionId: caseId }, messageKey: "notice_case_still_open" }, orderBy: { createdAt: "asc" } });
    expect(progress.map((row) => row.params)).toEqual([
      ...["2026-12-23", "2026-12-23", "2026-12-23", "2026-12-23"].map((dueBy) => expect.objectContaining({ dueBy })),
      expect.objectContaining({ dueBy: "2026-12-23", late: true }),
      expect.objectContaining({ dueBy: "2027-01-08" }),
      expect.objectContaining({ dueBy: "2027-01-08", late: true }),
    ]);
    const { renderNotice } = await import("../../src/notices/render");
    const late = progress[4]!.params as { code: string; unitId: string; dueBy: string; late: boolean };
    expect(renderNotice("zh-CN", "notice_case_still_open", late, org)).toContain("原定 2026-12-23 前答复，现已超期，已督促承办单位尽快办理");
  });

  it("an escalation names how late the case is and who holds it, with a supervision note to add", async () => {
    const caseId = await newCase();
    await sweepUntil(local("2026-11-26T09:00:00"));
    const row = await testDb.db.outbox.findFirstOrThrow({ where: { event: { petitionId: caseId }, messageKey: "notice_overdue" } });
    const { presentNotice } = await import("../../src/notices/render");
    const shown = presentNotice("zh-CN", row.messageKey, row.params, org);
    expect(shown.text).toContain("【督办·第1级】");
    expect(shown.text).toContain("已超期 1 天");
    expect(shown.text).toContain("王芳");
    expect(shown.choices.map((c) => c.value)).toContain(`/note ${(await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } })).trackingCode}`);
  });
});

describe("timers are wake-ups: the sweep finds what they lost, and a step happens once", () => {
  it("timer and sweep firing together for the same step produce one escalation", async () => {
    const caseId = await newCase();
    clock.set(local("2026-11-26T08:31:00"));
    const results = await Promise.all([wakeCase(deps, caseId), wakeCase(deps, caseId), sweepDueCases(deps)]);
    const woken = results.filter((r) => ("ok" in r ? r.ok : r.woken > 0)).length;
    expect(woken).toBe(1);
    expect((await timerEvents(caseId)).filter((e) => e.type === "case.escalated")).toHaveLength(1);
    // Woken late: the reminders of a date already passed are spent, not sent now.
    expect((await timerEvents(caseId)).map((e) => e.kind)).toEqual(["overdue"]);
    expect(await testDb.db.timerStep.count({ where: { petitionId: caseId } })).toBe(1);
  });

  it("with the timers' Redis queue flushed in the middle, the sweep still escalates every overdue case exactly once", async () => {
    const redis: Redis = connectRedis(testRedisUrl);
    const queues = openQueues(redis, `test-${randomBytes(4).toString("hex")}`, log);
    try {
      const ids = [await newCase(), await newCase(), await newCase()];
      for (const id of ids) {
        const row = await testDb.db.petition.findUniqueOrThrow({ where: { id } });
        await scheduleWake(queues.timers, id, row.nextWakeAt!, clock.now());
      }
      expect(await queues.timers.count()).toBe(3);
      await queues.timers.obliterate({ force: true });
      await sweepUntil(local("2026-11-26T09:00:00"));
      await sweepDueCases(deps);
      for (const id of ids) expect((await timerEvents(id)).filter((e) => e.type === "case.escalated").map((e) => e.level)).toEqual([1]);
    } finally {
      await queues.close();
      await redis.quit();
    }
  });

  it("a real BullMQ delayed wake-up takes the step when it fires", async () => {
    const redis: Redis = connectRedis(testRedisUrl);
    const prefix = `test-${randomBytes(4).toString("hex")}`;
    const queues: Queues = openQueues(redis, prefix, log);
    let worker: Worker | undefined;
    try {
      const caseId = await newCase();
      // The case's first step (the head told nobody accepted it) is at 14:00; the clock stands 200 ms before it.
      const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
      clock.set(new Date(row.nextWakeAt!.getTime() - 200));
      const files = new FileStore(mkdtempSync(path.join(tmpdir(), "minqing-files-")));
      const ctx: JobContext = {
        db: testDb.db,
        clock,
        timeZone,
        org: async () => org,
        queues,
        delivery: { db: testDb.db, ledger: new RedisSentLedger(redis, prefix), clock, senders: new Map(), files, org: async () => org, log, reveal: testCipher.reveal },
        log,
        privacy: testCipher,
      };
      worker = startJobWorker(queueNames.timers, ctx, { connection: redis, prefix, concurrency: 1 });
      await scheduleWake(queues.timers, caseId, row.nextWakeAt!, clock.now());
      // The domain clock moves as the real one does while BullMQ waits out the delay.
      const started = Date.now();
      clock.set(new Date(row.nextWakeAt!.getTime() + 50));
      for (let i = 0; i < 100 && (await timerEvents(caseId)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect((await timerEvents(caseId)).map((e) => e.kind)).toEqual(["unaccepted"]);
    } finally {
      await worker?.close();
      await queues.timers.obliterate({ force: true }).catch(() => {});
      await queues.close();
      await redis.quit();
    }
  });
});

describe("what was pending follows the case", () => {
  it("a closure cancels the pending timer notices and the timers", async () => {
    const caseId = await newCase();
    await sweepUntil(local("2026-11-23T15:00:00"));
    const reminder = { event: { petitionId: caseId }, messageKey: "notice_unaccepted" };
    expect(await testDb.db.outbox.findFirstOrThrow({ where: reminder })).toMatchObject({ status: "pending" });
    const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    await act(caseId, { kind: "withdraw", input: { reason: "已经私下解决" } }, { kind: "person", id: row.personId, channel: "telegram" });
    expect(await testDb.db.outbox.findFirstOrThrow({ where: reminder })).toMatchObject({ status: "cancelled" });
    expect((await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } })).nextWakeAt).toBeNull();
    await sweepUntil(local("2026-12-03T12:00:00"));
    expect((await timerEvents(caseId)).map((e) => e.kind)).toEqual(["unaccepted"]);
  });

  it("an extension moves the timers to the new date; the petitioner is told the new date", async () => {
    const caseId = await newCase();
    await act(caseId, { kind: "accept" }, official("wang-fang"));
    const accepted = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    expect(accepted.answerBy?.toISOString().slice(0, 10)).toBe("2026-12-23");
    await act(caseId, { kind: "request_extension", input: { reason: "需要等待测绘结果", until: { day: "2026-12-28" } } }, official("wang-fang"));
    await act(caseId, { kind: "approve_extension" }, official("li-zhiqiang"));
    await sweepUntil(local("2026-12-28T12:00:00"));
    const reminders = (await timerEvents(caseId)).filter((e) => e.type !== "case.progress_reported");
    // Nothing about the 23rd (it would have been reminded on the 16th and the 22nd).
    expect(reminders.map((e) => `${e.kind} ${e.day} ${e.at.slice(0, 10)}`)).toEqual([
      "due_soon 2026-12-28 2026-12-21",
      "due_soon 2026-12-28 2026-12-25",
      "due_today 2026-12-28 2026-12-28",
    ]);
    expect(await testDb.db.outbox.count({ where: { event: { petitionId: caseId }, messageKey: "notice_case_extended", recipientPersonId: accepted.personId } })).toBe(1);
  });

  it("a policy change does not alter an existing case's dates or timers", async () => {
    const caseId = await newCase();
    const before = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    const stricter: OrgSnapshot = { ...org, deadlinePolicies: org.deadlinePolicies.map((p) => ({ ...p, acceptWithin: { days: 1, counting: "working" as const }, remindDaysBefore: [] })) };
    const changed = { ...deps, org: stricter };
    await sweepUntil(local("2026-11-25T09:00:00"), changed);
    const after = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    expect(after.acceptBy).toEqual(before.acceptBy);
    expect((await timerEvents(caseId)).map((e) => e.kind)).toEqual(["unaccepted", "due_soon", "due_today"]);
  });
});

describe("quiet hours and working hours", () => {
  it("an official's step at night reaches the petitioner in the morning; their own petition is acknowledged at once", async () => {
    clock.set(local("2026-11-23T22:00:00"));
    const caseId = await newCase();
    const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: caseId } });
    // The petitioner's own acknowledgement answers their message: it goes now.
    expect((await testDb.db.outbox.findFirstOrThrow({ where: { event: { petitionId: caseId }, messageKey: "notice_ack" } })).notBefore).toEqual(local("2026-11-23T22:00:00"));
    clock.set(local("2026-11-23T23:10:00"));
    await act(caseId, { kind: "accept" }, official("wang-fang"));
    const accepted = await testDb.db.outbox.findFirstOrThrow({ where: { event: { petitionId: caseId }, messageKey: "notice_case_accepted", recipientPersonId: row.personId } });
    expect(accepted.notBefore).toEqual(local("2026-11-24T08:00:00"));
  });
});

describe("补位: a handler who is away", () => {
  it("has their reminders go to their stand-in, or to the unit head when they have none", async () => {
    const away = (standInId: string | null): RunDeps => ({
      ...deps,
      org: { ...org, officials: org.officials.map((o) => (o.id === "wang-fang" ? { ...o, absences: [{ from: "2026-11-24", to: "2026-11-30" }], standInId } : o)) },
    });
    const withStandIn = away("zhao-lei");
    const first = await newCase(withStandIn);
    await sweepUntil(local("2026-11-24T09:00:00"), withStandIn);
    expect((await timerEvents(first)).find((e) => e.kind === "due_soon")?.to).toEqual(["zhao-lei"]);
    const reminder = await testDb.db.outbox.findFirstOrThrow({ where: { event: { petitionId: first }, messageKey: "notice_due_reminder" } });
    expect(reminder.recipientOfficialId).toBe("zhao-lei");
    const { renderNotice } = await import("../../src/notices/render");
    expect(renderNotice("zh-CN", reminder.messageKey, reminder.params, org)).toContain("王芳不在岗，此件由您补位跟进");

    clock.set("2026-11-23T02:00:00Z");
    const withoutStandIn = away(null);
    const second = await newCase(withoutStandIn);
    await sweepUntil(local("2026-11-24T09:00:00"), withoutStandIn);
    expect((await timerEvents(second)).find((e) => e.kind === "due_soon")?.to).toEqual(["li-zhiqiang"]);
  });
});
