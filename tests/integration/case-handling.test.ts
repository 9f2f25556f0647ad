/**
 * Case handling against the real PostgreSQL: commands run as the service runs them
 * (runCaseCommand: read, decide, owe notices, commit guarded by the case's seq), on petitions
 * recorded as intake records them. The sample organisation's 青石镇人民政府 holds 东坡村's land
 * cases: 李志强 heads it, 王芳 (linked to 东坡村) and 赵磊 handle; 何丽 is of 县人社局.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrgFile } from "../../src/app/first-run";
import type { Actor } from "../../src/cases/case";
import { decide, type CaseCommand } from "../../src/cases/commands";
import { recordPetition } from "../../src/casework/record-petition";
import { oweNotices } from "../../src/casework/owe-notices";
import { runCaseCommand, type RunDeps } from "../../src/casework/run-command";
import { manualClock } from "../../src/kernel/clock";
import { readOrgFile } from "../../src/org/load-file";
import type { OrgSnapshot } from "../../src/org/types";
import { commitOutcome, loadCase, StaleCaseError } from "../../src/store/case-store";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { anonymousPetition } from "../support/petitions";
import { testCipher } from "../support/privacy";

const clock = manualClock("2026-11-23T02:00:00Z");
let testDb: TestDatabase;
let org: OrgSnapshot;
let deps: RunDeps;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  org = await loadOrgSnapshot(testDb.db);
  deps = { db: testDb.db, clock, org, timeZone: "Asia/Shanghai" };
});
afterAll(async () => {
  await testDb.drop();
});

const official = (id: string): Actor => ({ kind: "official", id, channel: "telegram" });
const head = official("li-zhiqiang");
const wangFang = official("wang-fang");
const zhaoLei = official("zhao-lei");
const heLi = official("he-li");

/** A land petition from 东坡村, recorded and routed to 王芳 of 青石镇人民政府. */
async function newCase() {
  const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org, privacy: testCipher }, anonymousPetition({ submittedAt: clock.now().toISOString() }));
  const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: recorded.petitionId } });
  expect(row).toMatchObject({ state: "registered", unitId: "qingshi-gov", officialId: "wang-fang", seq: 3 });
  return { petitionId: recorded.petitionId, personId: row.personId };
}

async function run(petitionId: string, command: CaseCommand, actor: Actor) {
  clock.advance(60_000);
  return runCaseCommand(deps, petitionId, command, actor);
}

async function ok(petitionId: string, command: CaseCommand, actor: Actor) {
  const result = await run(petitionId, command, actor);
  if (!result.ok) throw new Error(`${command.kind} refused: ${result.refusal.code} (${result.refusal.detail})`);
  return result;
}

/** Everything a command could change: the case row, its events, attachments, assignments and notices. */
async function snapshot(petitionId: string) {
  const db = testDb.db;
  return {
    petition: await db.petition.findUniqueOrThrow({ where: { id: petitionId } }),
    events: await db.caseEvent.count({ where: { petitionId } }),
    attachments: await db.attachment.count({ where: { petitionId } }),
    assignments: await db.assignment.findMany({ where: { petitionId }, orderBy: { assignedAt: "asc" } }),
    outbox: await db.outbox.count({ where: { event: { petitionId } } }),
  };
}

const audits = (petitionId: string) => testDb.db.auditLog.findMany({ where: { petitionId } });

describe("two members of the unit accept the same case at once", () => {
  it("exactly one wins; the other learns the case is accepted; one event, one acceptance notice", async () => {
    const { petitionId, personId } = await newCase();
    const results = await Promise.all([runCaseCommand(deps, petitionId, { kind: "accept" }, wangFang), runCaseCommand(deps, petitionId, { kind: "accept" }, zhaoLei)]);
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toEqual([{ ok: false, refusal: { code: "wrong_state", detail: "accept: the case is accepted" } }]);

    const accepted = await testDb.db.caseEvent.findMany({ where: { petitionId, type: "case.accepted" } });
    expect(accepted).toHaveLength(1);
    const winner = accepted[0]!.officialId!;
    expect(["wang-fang", "zhao-lei"]).toContain(winner);
    expect(await testDb.db.petition.findUniqueOrThrow({ where: { id: petitionId } })).toMatchObject({ state: "accepted", seq: 4, officialId: winner, ownerOfficialId: winner });
    const events = await testDb.db.caseEvent.findMany({ where: { petitionId }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    const told = await testDb.db.outbox.findMany({ where: { recipientPersonId: personId, messageKey: "notice_case_accepted" } });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ status: "pending", eventId: accepted[0]!.id, params: { unitId: "qingshi-gov", officialId: winner } });
    // The race lost is no attempt without standing: nothing for the audit log.
    expect(await audits(petitionId)).toEqual([]);
  });
});

describe("the notices of a commit are owed once", () => {
  it("committing the same notices twice writes them once: a repeated commit is stale, a later one carrying them is refused by their dedupKey", async () => {
    const { petitionId, personId } = await newCase();
    const decision = decide(await loadCase(testDb.db, petitionId), { kind: "accept" }, wangFang, clock.now(), deps);
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const accepted = await testDb.db.$transaction((tx) => oweNotices(tx, decision.outcome, { org, timeZone: deps.timeZone, now: clock.now() }));
    const { outboxIds } = await testDb.db.$transaction((tx) => commitOutcome(tx, accepted, clock.now()));
    const acceptance = { where: { recipientPersonId: personId, messageKey: "notice_case_accepted" } };
    expect((await testDb.db.outbox.findMany({ where: { id: { in: outboxIds } } })).map((r) => r.dedupKey)).toEqual([`${petitionId}#4/person:${personId}/told`]);

    // The same outcome again (a retried job, a double click that got past the dialogue): stale.
    await expect(testDb.db.$transaction((tx) => commitOutcome(tx, accepted, clock.now()))).rejects.toBeInstanceOf(StaleCaseError);
    expect(await testDb.db.outbox.count(acceptance)).toBe(1);

    // A later, valid decision that carried the same notices along: the unique dedupKey refuses the
    // whole commit, so the note is not half-written either.
    const note = decide(await loadCase(testDb.db, petitionId), { kind: "note", input: { text: "已到现场。", visibility: "internal", newId: randomUUID } }, wangFang, clock.now(), deps);
    if (!note.ok) throw new Error(note.refusal.detail);
    const before = await snapshot(petitionId);
    await expect(testDb.db.$transaction((tx) => commitOutcome(tx, { ...note.outcome, notices: accepted.notices }, clock.now()))).rejects.toThrow(/dedupKey|Unique constraint/);
    expect(await snapshot(petitionId)).toEqual(before);
    expect(await testDb.db.outbox.count(acceptance)).toBe(1);
  });
});

describe("an attempt without standing", () => {
  it("writes one audit row (refused) and changes nothing else", async () => {
    const { petitionId } = await newCase();
    const before = await snapshot(petitionId);
    const result = await run(petitionId, { kind: "accept" }, heLi);
    expect(result).toEqual({ ok: false, refusal: { code: "not_allowed", detail: expect.stringContaining("he-li may not accept") } });
    expect(await snapshot(petitionId)).toEqual(before);
    const rows = await audits(petitionId);
    expect(rows).toEqual([expect.objectContaining({ outcome: "refused", action: "accept", actorKind: "official", actorId: "he-li", actorChannel: "telegram", petitionId, at: clock.now() })]);

    // Refusals that are no matter of standing (a wrong state, bad input) are not audited.
    await ok(petitionId, { kind: "accept" }, wangFang);
    expect(await run(petitionId, { kind: "accept" }, zhaoLei)).toMatchObject({ ok: false, refusal: { code: "wrong_state" } });
    expect(await run(petitionId, { kind: "decline", input: { reason: " ", redirect: "" } }, head)).toMatchObject({ ok: false, refusal: { code: "invalid_input" } });
    expect(await audits(petitionId)).toHaveLength(1);
  });

  it("the audit log is append-only: the database refuses to change or delete its rows", async () => {
    const { petitionId } = await newCase();
    await run(petitionId, { kind: "approve_answer" }, heLi);
    const [row] = await audits(petitionId);
    expect(row).toBeDefined();
    await expect(testDb.db.auditLog.updateMany({ where: { id: row!.id }, data: { detail: "nothing happened" } })).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(testDb.db.auditLog.deleteMany({ where: { id: row!.id } })).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(testDb.db.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await audits(petitionId)).toEqual([row]);
  });
});

describe("handling through the store", () => {
  it("keeps the files added with a note with the case, and sends them with the public note", async () => {
    const { petitionId, personId } = await newCase();
    await ok(petitionId, { kind: "accept" }, wangFang);
    const file = (fill: string) => ({ kind: "photo" as const, sha256: fill.repeat(64), mimeType: "image/jpeg", size: 2048, fileName: `${fill}.jpg`, storageKey: `${fill}${fill}/${fill.repeat(62)}` });
    const noted = await ok(petitionId, { kind: "note", input: { text: "现场照片两张。", visibility: "petitioner", attachments: [file("a"), file("b"), file("a")], newId: randomUUID } }, wangFang);

    const stored = await testDb.db.attachment.findMany({ where: { petitionId }, orderBy: { sha256: "asc" } });
    expect(stored.map((a) => [a.sha256[0], a.kind, a.mimeType, a.size, a.fileName, a.storageKey])).toEqual([
      ["a", "photo", "image/jpeg", 2048, "a.jpg", `aa/${"a".repeat(62)}`],
      ["b", "photo", "image/jpeg", 2048, "b.jpg", `bb/${"b".repeat(62)}`],
    ]);
    const event = await testDb.db.caseEvent.findFirstOrThrow({ where: { petitionId, type: "case.progress_noted" } });
    expect(event).toMatchObject({ fromState: "accepted", toState: "in_progress", visibility: "petitioner" });
    expect(new Set((event.payload as { attachmentIds: string[] }).attachmentIds)).toEqual(new Set(stored.map((a) => a.id)));
    const [notice] = await testDb.db.outbox.findMany({ where: { id: { in: noted.outboxIds }, recipientPersonId: personId } });
    expect(new Set(notice!.attachmentIds)).toEqual(new Set(stored.map((a) => a.id)));
    // The case as read back holds them; the same photo again is not kept twice.
    expect((await loadCase(testDb.db, petitionId))!.attachments).toHaveLength(2);
    await ok(petitionId, { kind: "note", input: { text: "再补一张。", visibility: "internal", attachments: [file("b")], newId: randomUUID } }, wangFang);
    expect(await testDb.db.attachment.count({ where: { petitionId } })).toBe(2);
  });

  it("runs a case from acceptance to closure, the handling read back from the store at every step", async () => {
    const { petitionId, personId } = await newCase();
    await ok(petitionId, { kind: "accept" }, wangFang);
    await ok(petitionId, { kind: "answer", input: { outcome: "solved", text: "围墙已拆除。" } }, wangFang);
    await ok(petitionId, { kind: "approve_answer" }, head);
    await ok(petitionId, { kind: "revisit", input: { method: "phone", satisfaction: "satisfied", opinion: "满意。", on: "2026-11-23" } }, wangFang);
    expect(await run(petitionId, { kind: "close" }, wangFang)).toMatchObject({ ok: false, refusal: { code: "closure_incomplete", gaps: ["handler_sign_off", "head_sign_off"] } });
    await ok(petitionId, { kind: "sign_off" }, wangFang);
    await ok(petitionId, { kind: "sign_off" }, head);
    await ok(petitionId, { kind: "close" }, wangFang);

    const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: petitionId } });
    expect(row).toMatchObject({ state: "closed", seq: 11, officialId: "wang-fang", ownerOfficialId: "wang-fang" });
    expect(row.handling).toMatchObject({ answer: { byOfficialId: "wang-fang", approvals: [{ role: "unit_head", officialId: "li-zhiqiang" }] }, revisit: { satisfaction: "satisfied" }, signOffs: [{ role: "handling_official" }, { role: "unit_head" }] });
    const told = await testDb.db.outbox.findMany({ where: { recipientPersonId: personId }, orderBy: { createdAt: "asc" }, select: { messageKey: true } });
    expect(told.map((t) => t.messageKey)).toEqual(["notice_ack", "notice_case_accepted", "notice_case_answered", "notice_case_closed"]);
  });

  it("records an unsatisfied revisit of a case its unit head handled himself, telling him once", async () => {
    const { petitionId } = await newCase();
    await ok(petitionId, { kind: "accept" }, head);
    await ok(petitionId, { kind: "answer", input: { outcome: "explained", text: "需报县自然资源局确权。" } }, head);
    await ok(petitionId, { kind: "approve_answer" }, head);
    const reopened = await ok(petitionId, { kind: "revisit", input: { method: "visit", satisfaction: "unsatisfied", opinion: "拖了太久。", on: "2026-11-23" } }, wangFang);
    expect(await testDb.db.petition.findUniqueOrThrow({ where: { id: petitionId } })).toMatchObject({ state: "reopened", handling: { signOffs: [] } });
    const rows = await testDb.db.outbox.findMany({ where: { id: { in: reopened.outboxIds } }, select: { recipientOfficialId: true, messageKey: true } });
    expect(rows.filter((r) => r.recipientOfficialId === "li-zhiqiang")).toEqual([{ recipientOfficialId: "li-zhiqiang", messageKey: "notice_case_reopened_staff" }]);
  });
});
