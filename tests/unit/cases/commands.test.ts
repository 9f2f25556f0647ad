/** The case lifecycle's commands as pure decisions: no database, a fixed clock, the org fixture. */
import { describe, expect, it } from "vitest";
import type { Case } from "../../../src/cases/case";
import { decide } from "../../../src/cases/commands";
import { andThen } from "../../../src/cases/outcome";
import type { PetitionSubmission } from "../../../src/cases/submission";
import { orgFixture } from "../../support/org-fixture";
import { sealed, testCipher } from "../../support/privacy";

const now = new Date("2026-11-23T17:30:00Z"); // 01:30 on the 24th in Shanghai
const ctx = { org: orgFixture(), timeZone: "Asia/Shanghai" };
const petitioner = { kind: "person", id: "person-1", channel: "telegram" } as const;
const system = { kind: "system" } as const;
const sealedName = sealed("王小明");
const photo = { kind: "photo" as const, sha256: "a".repeat(64), mimeType: "image/jpeg", size: 10, storageKey: "aa/x" };

function submission(overrides: Partial<PetitionSubmission> = {}): PetitionSubmission {
  return {
    idempotencyKey: "draft-1",
    user: { channel: "telegram", botAccount: "minqing_bot", platformId: "42" },
    language: "zh-CN",
    categoryId: "land",
    areaId: "dp-lj",
    description: "邻居占了我家宅基地。",
    attachments: [photo, photo],
    anonymous: false,
    contactName: sealedName,
    contactPhone: sealed("+8613800138000"),
    contactPhoneHash: testCipher.phoneHash("+8613800138000"),
    submittedAt: now.toISOString(),
    ...overrides,
  };
}

let ids = 0;
const submit = (overrides: Partial<PetitionSubmission> = {}) =>
  decide(undefined, { kind: "submit", input: { caseId: "case-1", trackingCode: "MQ23456789", personId: "person-1", identityId: "identity-1", submission: submission(overrides), newId: () => `id-${++ids}` } }, petitioner, now, ctx);

const registered = (): Case => {
  const decision = submit();
  if (!decision.ok) throw new Error(decision.refusal.detail);
  return decision.outcome.next;
};

describe("submit", () => {
  it("registers the petition with the acceptance promise of the category's policy, counted from the office's day", () => {
    const decision = submit();
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    const { outcome } = decision;
    expect(outcome).toMatchObject({ expectedSeq: 0, creation: { idempotencyKey: "draft-1" } });
    // The 24th in Shanghai plus the policy's 15 days, not the UTC date.
    expect(outcome.next).toMatchObject({ state: "registered", seq: 2, acceptBy: "2026-12-09", deadlinePolicyId: "ordinary", contactName: sealedName });
    expect(outcome.events.map((e) => [e.seq, e.type, e.fromState, e.toState, e.visibility, e.actor.kind])).toEqual([
      [1, "petition.submitted", null, "submitted", "petitioner", "person"],
      [2, "case.registered", "submitted", "registered", "petitioner", "system"],
    ]);
    // The same photo sent twice is one attachment.
    expect(outcome.next.attachments).toHaveLength(1);
  });

  it("keeps no name or number for an anonymous petitioner, whatever the draft held", () => {
    const decision = submit({ anonymous: true });
    expect(decision.ok && decision.outcome.next).toMatchObject({ anonymous: true, contactName: null, contactPhone: null, contactPhoneHash: null });
  });

  it("refuses a petition for a category or place the organisation does not know, saying which", () => {
    expect(submit({ categoryId: "nope" })).toMatchObject({ ok: false, refusal: { code: "unknown_category" } });
    expect(submit({ areaId: "nowhere" })).toMatchObject({ ok: false, refusal: { code: "unknown_area" } });
  });
});

describe("assign", () => {
  it("gives the case to the unit and official routing chooses, numbering its event after the case's last", () => {
    const current = { ...registered(), seq: 5 };
    const decision = decide(current, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, system, now, ctx);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.outcome.expectedSeq).toBe(5);
    expect(decision.outcome.next).toMatchObject({ seq: 6, unitId: "dp-gov", officialId: "li", state: "registered" });
    expect(decision.outcome.events).toEqual([expect.objectContaining({ seq: 6, type: "case.assigned", unitId: "dp-gov", officialId: "li", reason: expect.stringContaining("linked_village") })]);
    expect(decision.outcome.assignment).toEqual({ unitId: "dp-gov", officialId: "li", ruleId: null });
  });

  it("is refused for a case past registration, naming its state", () => {
    const closed: Case = { ...registered(), state: "closed" };
    expect(decide(closed, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, system, now, ctx)).toMatchObject({
      ok: false,
      refusal: { code: "wrong_state", detail: expect.stringContaining("closed") },
    });
  });

  it("chains after submit into one outcome that creates, registers and assigns the case", () => {
    const both = andThen(submit(), (current) => decide(current, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, system, now, ctx));
    expect(both.ok && both.outcome.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(both.ok && both.outcome).toMatchObject({ expectedSeq: 0, creation: { idempotencyKey: "draft-1" }, next: { seq: 3, officialId: "li" } });
    // A refusal of the first stops the chain.
    expect(andThen(submit({ areaId: "nowhere" }), () => { throw new Error("not reached"); })).toMatchObject({ ok: false });
  });
});
