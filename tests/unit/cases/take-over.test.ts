/** 补位: the unit head, or the holder's stand-in, takes a case over; nobody else may, and the holder is told. */
import { describe, expect, it } from "vitest";
import { availableActions } from "../../../src/cases/available";
import { noticesFor } from "../../../src/notices/policy";
import { presentNotice, renderNotice } from "../../../src/notices/render";
import type { OrgSnapshot } from "../../../src/org/types";
import { commands, handlingOrg, handlingSession, official, registeredCase } from "../../support/handling";

/** The fixture with 赵干事 named as 李干事's stand-in (补位), as the organisation file would say. */
function orgWithStandIn(): OrgSnapshot {
  const org = handlingOrg();
  return { ...org, officials: org.officials.map((o) => (o.id === "li" ? { ...o, standInId: "zhao", absences: [{ from: "2026-11-24", to: "2026-11-30" }] } : o)) };
}
const takeOver = (reason?: string) => ({ kind: "take_over" as const, input: reason ? { reason } : {} });

describe("take over (补位)", () => {
  it("lets the holder's stand-in take the case: the assignment moves, the unit and state stay, the petitioner is not told", () => {
    const session = handlingSession(orgWithStandIn());
    const taken = session.act(registeredCase(), takeOver("李干事培训期间"), official("zhao"));
    expect(taken.next).toMatchObject({ officialId: "zhao", unitId: "dp-gov", state: "registered" });
    expect(taken.outcome.assignment).toEqual({ unitId: "dp-gov", officialId: "zhao", ruleId: null });
    expect(taken.events.map((e) => [e.type, e.officialId, e.visibility, e.payload])).toEqual([["case.taken_over", "zhao", "internal", { fromOfficialId: "li", reason: "李干事培训期间" }]]);

    const owed = noticesFor(taken.events, taken.next, { org: session.org, reachableOfficials: new Set(["li", "zhao", "wang"]) });
    expect(owed.map((n) => [n.recipient, n.message.key])).toEqual([[{ role: "handling_official", officialId: "li" }, "notice_taken_over"]]);
    const text = renderNotice("zh-CN", owed[0]!.message.key, owed[0]!.message.params, session.org);
    expect(text).toContain("赵干事接手办理（李干事培训期间）");
  });

  it("lets the unit head take over an accepted case; a case in their hands is already_done", () => {
    const session = handlingSession(orgWithStandIn());
    const accepted = session.act(registeredCase(), commands.accept, official("li"));
    const taken = session.act(accepted.next, takeOver(), official("wang"));
    expect(taken.next).toMatchObject({ officialId: "wang", state: "accepted" });
    expect(taken.outcome.assignment?.officialId).toBe("wang");
    expect(session.refusal(taken.next, takeOver(), official("wang")).code).toBe("already_done");
    // 李干事 named 赵干事, not 王镇长's: 赵干事 may not take it from the head.
    expect(session.refusal(taken.next, takeOver(), official("zhao")).code).toBe("not_allowed");
  });

  it("is refused to a colleague who is not the stand-in, to another unit, to the petition office, and to the holder", () => {
    const session = handlingSession(orgWithStandIn());
    const theCase = registeredCase();
    expect(session.refusal(theCase, takeOver(), official("sun")).code).toBe("not_allowed");
    expect(session.refusal(theCase, takeOver(), official("liu")).code).toBe("not_allowed");
    expect(session.refusal(theCase, takeOver(), official("zhang")).code).toBe("not_allowed");
    expect(session.refusal(theCase, takeOver(), official("li")).code).toBe("already_done");
    // Without a stand-in named, only the head may.
    const plain = handlingSession();
    expect(plain.refusal(theCase, takeOver(), official("zhao")).code).toBe("not_allowed");
    expect(plain.act(theCase, takeOver(), official("wang")).next.officialId).toBe("wang");
  });

  it("is only for open handling: not once the case is answered or closed", () => {
    const session = handlingSession(orgWithStandIn());
    expect(session.refusal(registeredCase({ state: "answered", answerBy: "2026-12-20" }), takeOver(), official("zhao")).code).toBe("wrong_state");
    expect(session.refusal(registeredCase({ state: "closed" }), takeOver(), official("wang")).code).toBe("wrong_state");
  });

  it("is on the card for the stand-in and the head, not for the holder or another colleague", () => {
    const org = orgWithStandIn();
    const ctx = { org, timeZone: "Asia/Shanghai" };
    const now = new Date("2026-11-24T02:00:00Z");
    const offered = (id: string) => availableActions(registeredCase(), official(id), now, ctx).includes("take_over");
    expect([offered("zhao"), offered("wang"), offered("li"), offered("sun")]).toEqual([true, true, false, false]);
  });

  it("is offered on a reminder that came to a stand-in, and only then", () => {
    const org = orgWithStandIn();
    const reminder = { code: "MQ23456789", date: "acceptBy", dueBy: "2026-12-08", today: false };
    const forStandIn = presentNotice("zh-CN", "notice_due_reminder", { ...reminder, awayOfficialId: "li" }, org);
    expect(forStandIn.choices.map((c) => [c.label, c.value])).toContainEqual(["接手", "/takeover MQ23456789"]);
    const numbered = presentNotice("zh-CN", "notice_due_reminder", { ...reminder, awayOfficialId: "li" }, org, "numbered");
    expect(numbered.choices.map((c) => c.label)).toContain("接手 MQ23456789");
    const forHolder = presentNotice("zh-CN", "notice_due_reminder", reminder, org);
    expect(forHolder.choices.map((c) => c.value)).not.toContain("/takeover MQ23456789");
  });
});
