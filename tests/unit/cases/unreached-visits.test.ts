/**
 * Reassigning a case nobody can be told about, recording a petition at a visit, and the citizen's
 * claim of it, as pure decisions: who may, from which states, and what each leaves on the case.
 */
import { describe, expect, it } from "vitest";
import type { Case } from "../../../src/cases/case";
import { decide } from "../../../src/cases/commands";
import { andThen } from "../../../src/cases/outcome";
import type { PetitionSubmission } from "../../../src/cases/submission";
import { sealed, testCipher } from "../../support/privacy";
import { handlingOrg, handlingSession, official, registeredCase } from "../../support/handling";

const system = { kind: "system" } as const;
const reassign = (officialId: string, via: "chat" | "admin-cli" = "admin-cli") => ({ kind: "reassign" as const, input: { officialId, via, ...(via === "admin-cli" ? { operator: "ops" } : {}) } });

describe("reassigning a case", () => {
  it("by the admin command gives it to the official and their unit, ends the assignment and says where it came from", () => {
    const session = handlingSession();
    const { next, events, outcome } = session.act(registeredCase(), reassign("chen"), system);
    expect(next).toMatchObject({ unitId: "hrss", officialId: "chen", state: "registered", seq: 4 });
    expect(outcome.assignment).toEqual({ unitId: "hrss", officialId: "chen", ruleId: null });
    expect(events).toEqual([
      expect.objectContaining({ type: "case.reassigned", actor: system, visibility: "internal", unitId: "hrss", officialId: "chen", payload: { from: { unitId: "dp-gov", officialId: "li" }, via: "admin-cli", operator: "ops" } }),
    ]);
  });

  it("by the petition office in chat keeps the state, the owner and the unit when the official is of the same unit", () => {
    const session = handlingSession();
    const accepted = session.act(registeredCase(), { kind: "accept" }, official("li")).next;
    const { next } = session.act(accepted, reassign("zhao", "chat"), official("zhang"));
    expect(next).toMatchObject({ state: "accepted", unitId: "dp-gov", officialId: "zhao", ownerOfficialId: "li" });
  });

  it("is refused to anyone but the petition office, and audited as such (not_allowed)", () => {
    const session = handlingSession();
    expect(session.refusal(registeredCase(), reassign("zhao", "chat"), official("wang")).code).toBe("not_allowed");
    expect(session.refusal(registeredCase(), reassign("zhao", "chat"), official("li")).code).toBe("not_allowed");
  });

  it("is refused for an unknown or inactive official, the official who holds it already, and a closed case", () => {
    const session = handlingSession();
    const org = handlingOrg();
    expect(session.refusal(registeredCase(), reassign("nobody"), system).code).toBe("invalid_input");
    const inactive = handlingSession({ ...org, officials: org.officials.map((o) => (o.id === "zhao" ? { ...o, active: false } : o)) });
    expect(inactive.refusal(registeredCase(), reassign("zhao"), system).code).toBe("invalid_input");
    expect(session.refusal(registeredCase(), reassign("li"), system).code).toBe("already_done");
    expect(session.refusal(registeredCase({ state: "closed" }), reassign("zhao"), system).code).toBe("wrong_state");
  });

  it("never gives a conduct complaint to the unit it accuses, or to the accused official's unit", () => {
    const session = handlingSession();
    const aboutChen = registeredCase({ categoryId: "conduct", unitId: "office", officialId: "zhang", handling: { signOffs: [], accused: { officialId: "chen", unitId: "hrss", text: "陈干事" } } });
    expect(session.refusal(aboutChen, reassign("liu"), system).code).toBe("transfer_to_accused");
    expect(session.act(aboutChen, reassign("li"), system).next.unitId).toBe("dp-gov");
  });
});

const now = new Date("2026-11-23T17:30:00Z");
const ctx = { org: handlingOrg(), timeZone: "Asia/Shanghai" };
const cadre = { kind: "official", id: "li", channel: "wechat" } as const;

function visitSubmission(overrides: Partial<PetitionSubmission> = {}): PetitionSubmission {
  return {
    idempotencyKey: "visit-1",
    user: { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_li" },
    language: "zh-CN",
    categoryId: "land",
    areaId: "dp-lj",
    description: "张大爷家院墙被邻居推倒，要求赔偿。",
    attachments: [],
    anonymous: false,
    contactName: sealed("张大爷"),
    contactPhone: sealed("+8613912345678"),
    contactPhoneHash: testCipher.phoneHash("+8613912345678"),
    submittedAt: now.toISOString(),
    visit: { kind: "door_to_door", officialId: "li" },
    ...overrides,
  };
}
const submitVisit = (submission: PetitionSubmission, actor = cadre as typeof cadre | { kind: "person"; id: string }) =>
  decide(undefined, { kind: "submit", input: { caseId: "case-v", trackingCode: "MQ2345ABCD", personId: "person-v", identityId: null, submission, newId: () => "f" } }, actor, now, ctx);

describe("a petition recorded at a visit", () => {
  it("is the citizen's case with no account, recorded by the cadre, the visit kind on record", () => {
    const decision = andThen(submitVisit(visitSubmission()), (c) => decide(c, { kind: "assign", input: { day: "2026-11-24", openCases: new Map() } }, system, now, ctx));
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const { next, events } = decision.outcome;
    expect(next).toMatchObject({ personId: "person-v", identityId: null, anonymous: false, state: "registered" });
    expect(next.handling.visit).toEqual({ kind: "door_to_door", byOfficialId: "li", at: now.toISOString() });
    expect(events.map((e) => [e.type, e.actor.kind])).toEqual([
      ["petition.submitted", "official"],
      ["case.recorded_at_visit", "official"],
      ["case.registered", "system"],
      ["case.assigned", "system"],
    ]);
    expect(events[1]).toMatchObject({ officialId: "li", payload: { visit: "door_to_door", recordedBy: "li" } });
  });

  it("needs the citizen's name and phone, and the cadre it names as the one recording it", () => {
    expect(submitVisit(visitSubmission({ contactPhone: undefined, contactPhoneHash: undefined }))).toMatchObject({ ok: false, refusal: { code: "invalid_input" } });
    expect(submitVisit(visitSubmission({ anonymous: true }))).toMatchObject({ ok: false, refusal: { code: "invalid_input" } });
    expect(submitVisit(visitSubmission(), { kind: "official", id: "zhao", channel: "wechat" } as never)).toMatchObject({ ok: false, refusal: { code: "not_allowed" } });
    expect(submitVisit(visitSubmission(), { kind: "person", id: "person-v" })).toMatchObject({ ok: false, refusal: { code: "not_allowed" } });
  });
});

describe("claiming a visit-recorded case", () => {
  const unclaimed = (): Case => registeredCase({ personId: "person-v", identityId: null, handling: { signOffs: [], visit: { kind: "interview", byOfficialId: "li", at: now.toISOString() } } });
  const claim = (personId: string) => ({ kind: "claim" as const, input: { personId, identityId: `identity-of-${personId}` } });
  const citizen = (id: string) => ({ kind: "person" as const, id, channel: "telegram" as const });

  it("moves the case to the claimant's person and account and releases what was held for the visit's person", () => {
    const session = handlingSession();
    const { next, events, outcome } = session.act(unclaimed(), claim("person-c"), citizen("person-c"));
    expect(next).toMatchObject({ personId: "person-c", identityId: "identity-of-person-c", state: "registered" });
    expect(next.handling.visit?.claimedAt).toBe(session.now().toISOString());
    expect(outcome.releaseHeld).toEqual({ fromPersonId: "person-v" });
    expect(events).toEqual([expect.objectContaining({ type: "case.claimed", visibility: "petitioner", officialId: "li", actor: citizen("person-c") })]);
  });

  it("works once: the same person again is told it is theirs, anyone else that it is taken", () => {
    const session = handlingSession();
    const claimed = session.act(unclaimed(), claim("person-c"), citizen("person-c")).next;
    expect(session.refusal(claimed, claim("person-c"), citizen("person-c")).code).toBe("already_done");
    expect(session.refusal(claimed, claim("person-x"), citizen("person-x")).code).toBe("wrong_state");
  });

  it("is refused for a case not recorded at a visit, and for an actor who is not the claimant", () => {
    const session = handlingSession();
    expect(session.refusal(registeredCase(), claim("person-c"), citizen("person-c")).code).toBe("wrong_state");
    expect(session.refusal(unclaimed(), claim("person-c"), citizen("person-x")).code).toBe("not_allowed");
    expect(session.refusal(unclaimed(), claim("person-c"), official("zhang")).code).toBe("not_allowed");
  });
});
