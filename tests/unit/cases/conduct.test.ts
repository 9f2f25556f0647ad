/**
 * The complaint never reaches the accused (信访工作条例 2022), in the pure core: the submit command
 * keeps whom a conduct complaint names on the case, assign routes around them, those it accuses
 * have no standing on it (not even the petition office's admins, when it is about their office),
 * and the notices that fall back to the petition office never go to an accused admin.
 */
import { describe, expect, it } from "vitest";
import { maySee, standingOf } from "../../../src/cases/authority";
import type { Case } from "../../../src/cases/case";
import { decide } from "../../../src/cases/commands";
import { caseEventTypes } from "../../../src/cases/events";
import { andThen } from "../../../src/cases/outcome";
import type { PetitionSubmission } from "../../../src/cases/submission";
import { noticesFor } from "../../../src/notices/policy";
import type { OrgSnapshot } from "../../../src/org/types";
import { commands as c, handlingOrg, handlingSession, official, registeredCase } from "../../support/handling";

const now = new Date("2026-11-23T17:30:00Z");
const petitioner = { kind: "person", id: "person-1", channel: "telegram" } as const;

/** The handling org plus a 纪委监委 with a head and a handling official, and a second petition office admin. */
function conductOrg(): OrgSnapshot {
  const org = handlingOrg();
  org.units.push({ id: "discipline", name: "县纪委监委", level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: true, active: true });
  org.officials.push(
    { id: "sun-j", name: "孙书记", unitId: "discipline", roles: ["unit_head"], active: true, villageIds: [], absences: [] },
    { id: "qian-j", name: "钱干事", unitId: "discipline", roles: ["handling_official"], active: true, villageIds: [], absences: [] },
    { id: "lin", name: "林干事", unitId: "office", roles: ["petition_office_admin", "handling_official"], active: true, villageIds: [], absences: [] },
  );
  return org;
}

function submission(overrides: Partial<PetitionSubmission> = {}): PetitionSubmission {
  return {
    idempotencyKey: "draft-1",
    user: { channel: "telegram", botAccount: "minqing_bot", platformId: "42" },
    language: "zh-CN",
    categoryId: "conduct",
    areaId: "dp-lj",
    description: "办事要求送礼。",
    attachments: [],
    anonymous: true,
    submittedAt: now.toISOString(),
    ...overrides,
  };
}

/** Submitted and assigned, as intake does it in one transaction. */
function recorded(overrides: Partial<PetitionSubmission> = {}, org = conductOrg()): Case {
  const ctx = { org, timeZone: "Asia/Shanghai" };
  const submitted = decide(undefined, { kind: "submit", input: { caseId: "case-1", trackingCode: "MQ23456789", personId: "person-1", identityId: "identity-1", submission: submission(overrides), newId: () => "id" } }, petitioner, now, ctx);
  const assigned = andThen(submitted, (current) => decide(current, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, { kind: "system" }, now, ctx));
  if (!assigned.ok) throw new Error(assigned.refusal.detail);
  return assigned.outcome.next;
}

describe("the accused on the case", () => {
  it("is kept from the submission of a conduct complaint: the words, and the ids the organisation knows", () => {
    expect(recorded({ accused: "李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" }).handling.accused).toEqual({ text: "李干事", unitId: "dp-gov", officialId: "li" });
    // An official brings their own unit, whatever unit came with them; unknown ids are dropped, the words kept.
    expect(recorded({ accused: "县人社局的李干事", accusedUnitId: "hrss", accusedOfficialId: "li" }).handling.accused).toEqual({ text: "县人社局的李干事", unitId: "dp-gov", officialId: "li" });
    expect(recorded({ accused: "村会计", accusedUnitId: "nowhere", accusedOfficialId: "nobody" }).handling.accused).toEqual({ text: "村会计" });
    expect(recorded().handling.accused).toBeUndefined();
    // Only a conduct complaint names whom it is about.
    expect(recorded({ categoryId: "land", accused: "李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" }).handling.accused).toBeUndefined();
  });

  it("is routed around: to the discipline body, and the assignment's record says so", () => {
    const org = conductOrg();
    const ctx = { org, timeZone: "Asia/Shanghai" };
    const submitted = decide(undefined, { kind: "submit", input: { caseId: "case-1", trackingCode: "MQ23456789", personId: "person-1", identityId: "identity-1", submission: submission({ accused: "林干事", accusedUnitId: "office", accusedOfficialId: "lin" }), newId: () => "id" } }, petitioner, now, ctx);
    const assigned = andThen(submitted, (current) => decide(current, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, { kind: "system" }, now, ctx));
    if (!assigned.ok) throw new Error(assigned.refusal.detail);
    expect(assigned.outcome.next).toMatchObject({ unitId: "discipline", officialId: "qian-j" });
    const event = assigned.outcome.events.find((e) => e.type === "case.assigned")!;
    expect(event.reason).toContain("conduct complaint moved from dp-gov (to the discipline body)");
    expect(event.payload).toMatchObject({ routing: { conductReason: "discipline_body", conductEscalatedFrom: "dp-gov" } });
  });
});

describe("those a conduct complaint accuses", () => {
  it("cannot see it or act on it: every official of the accused unit, its head included", () => {
    const org = conductOrg();
    const theCase = recorded({ accused: "李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" }, org);
    const sees = (id: string) => maySee(standingOf(official(id), theCase, org));
    expect(["li", "wang", "zhao", "sun"].map(sees)).toEqual([false, false, false, false]);
    // The discipline body holds it; the petition office still supervises it.
    expect(["qian-j", "sun-j", "zhang", "lin"].map(sees)).toEqual([true, true, true, true]);
    // Even a case they would otherwise hold: the accused unit's head may not accept it.
    const held = { ...theCase, unitId: "dp-gov", officialId: "li" };
    expect(handlingSession(org).refusal(held, c.accept, official("wang"))).toMatchObject({ code: "not_allowed" });
    expect(maySee(standingOf(official("wang"), held, org))).toBe(false);
  });

  it("include the petition office's admins when it is their office's staff: not supervisors of that case", () => {
    const org = conductOrg();
    const theCase = recorded({ accused: "林干事", accusedUnitId: "office", accusedOfficialId: "lin" }, org);
    expect(theCase.unitId).toBe("discipline");
    const session = handlingSession(org);
    for (const admin of ["zhang", "lin"]) {
      expect(maySee(standingOf(official(admin), theCase, org)), admin).toBe(false);
      expect(session.refusal(theCase, c.accept, official(admin))).toMatchObject({ code: "not_allowed" });
    }
    // The same admins supervise every other case as before.
    expect(maySee(standingOf(official("zhang"), registeredCase(), org))).toBe(true);
    expect(session.act(theCase, c.accept, official("qian-j")).next).toMatchObject({ state: "accepted", ownerOfficialId: "qian-j" });
  });

  it("are not the ones told when nobody holding it can be reached", () => {
    const org = conductOrg();
    const ctx = { org, reachableOfficials: new Set<string>() };
    const steward = (theCase: Case) => {
      const assigned = { seq: 3, type: caseEventTypes.assigned, at: now, actor: { kind: "system" as const }, fromState: "registered" as const, toState: "registered" as const, visibility: "internal" as const, unitId: theCase.unitId, officialId: theCase.officialId, payload: {} };
      return noticesFor([assigned], theCase, ctx).map((n) => ("officialId" in n.recipient ? n.recipient.officialId : ""));
    };
    // About the office's staff: the discipline body's head hears, the office's admins do not.
    expect(steward(recorded({ accused: "林干事", accusedUnitId: "office", accusedOfficialId: "lin" }, org)).sort()).toEqual(["sun-j"]);
    // About someone else: the office's admins step in as always.
    expect(steward(recorded({ accused: "李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" }, org)).sort()).toEqual(["lin", "sun-j", "zhang"]);
  });
});
