/** 包案: who may hold a case, and what holding it changes — the leader's approval and sign-off become needed. */
import { describe, expect, it } from "vitest";
import { handlingOrg, handlingSession, official, registeredCase } from "../../support/handling";

describe("hold (包案)", () => {
  it("is given by the petition office to a responsible leader, whose approval the answer then needs", () => {
    const session = handlingSession();
    const held = session.act(registeredCase(), { kind: "hold", input: { leaderOfficialId: "qian" } }, official("zhang"));
    expect(held.next.leaderOfficialId).toBe("qian");
    expect(held.events.map((e) => [e.type, e.officialId, e.visibility])).toEqual([["case.held", "qian", "internal"]]);

    const accepted = session.act(held.next, { kind: "accept" }, official("li"));
    const proposed = session.act(accepted.next, { kind: "answer", input: { outcome: "solved", text: "已处理。" } }, official("li"));
    const byHead = session.act(proposed.next, { kind: "approve_answer" }, official("wang"));
    // The head alone is not enough for a case a leader holds.
    expect(byHead.next.state).toBe("in_progress");
    const byLeader = session.act(byHead.next, { kind: "approve_answer" }, official("qian"));
    expect(byLeader.next.state).toBe("answered");
  });

  it("may be taken by a leader of the case's area, not by a leader of somewhere else or by the handler", () => {
    const org = handlingOrg();
    // 王镇长 also leads: 东坡镇政府 answers for 东坡镇, where the case is.
    const wang = org.officials.find((o) => o.id === "wang")!;
    wang.roles = ["unit_head", "responsible_leader"];
    const session = handlingSession(org);
    expect(session.act(registeredCase(), { kind: "hold", input: {} }, official("wang")).next.leaderOfficialId).toBe("wang");
    expect(session.refusal(registeredCase(), { kind: "hold", input: {} }, official("qian")).code).toBe("not_allowed");
    expect(session.refusal(registeredCase(), { kind: "hold", input: {} }, official("li")).code).toBe("not_allowed");
    // Only the petition office gives a case to someone else.
    expect(session.refusal(registeredCase(), { kind: "hold", input: { leaderOfficialId: "qian" } }, official("wang")).code).toBe("not_allowed");
    expect(session.refusal(registeredCase(), { kind: "hold", input: { leaderOfficialId: "li" } }, official("zhang")).code).toBe("invalid_input");
  });
});
