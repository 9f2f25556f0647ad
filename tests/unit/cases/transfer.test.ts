/**
 * Transfers (转办) as pure decisions. 东坡镇政府 holds the case (王镇长 its head, 李干事 its handler);
 * 李家村委会 is under it (same township); 西河乡政府 is another township; 县人社局 and 县自然资源局 are
 * county bureaus; 张主任 runs the petition office. A member of the holding unit transfers within
 * its township at once and asks the office for a transfer across townships; the office transfers
 * anywhere at once; the receiving unit accepts anew; the first-contact owner stays; a conduct
 * complaint never goes to the unit it accuses; a case passed on too often is flagged.
 */
import { describe, expect, it } from "vitest";
import { availableActions } from "../../../src/cases/available";
import type { Case } from "../../../src/cases/case";
import { crossesTownships, townshipUnitOf } from "../../../src/org/township";
import { commands as c, handlingSession, official, registeredCase } from "../../support/handling";
import { approveTransfer, rejectTransfer, transfer, transferOrg } from "../../support/transfers";

const li = official("li"); // 东坡镇政府, handler
const wang = official("wang"); // head of 东坡镇政府
const zhang = official("zhang"); // petition office
const chen = official("chen"); // 县人社局
const niu = official("niu"); // 西河乡政府
const ma = official("ma"); // head of 西河乡政府

const session = () => handlingSession(transferOrg());

/** Accepted by 李干事 (so he owns it), with an answer of his waiting for the head's approval. */
function answeredByLi(s = session(), overrides: Partial<Case> = {}) {
  const accepted = s.act(registeredCase(overrides), c.accept, li).next;
  return s.act(accepted, c.answer("已协调村委丈量。"), li).next;
}

describe("which transfers cross townships", () => {
  it("reads the township from the unit tree; county bureaus belong to none, so two of them do not cross", () => {
    const org = transferOrg();
    expect(townshipUnitOf(org, "lj-cw")).toBe("dp-gov");
    expect(townshipUnitOf(org, "dp-gov")).toBe("dp-gov");
    expect(townshipUnitOf(org, "hrss")).toBeNull();
    expect(crossesTownships(org, "dp-gov", "lj-cw")).toBe(false);
    expect(crossesTownships(org, "hrss", "nr")).toBe(false);
    expect(crossesTownships(org, "dp-gov", "xh-gov")).toBe(true);
    expect(crossesTownships(org, "dp-gov", "hrss")).toBe(true);
    expect(crossesTownships(org, "office", "xh-gov")).toBe(true);
  });
});

describe("a transfer that happens at once", () => {
  it("within a township: the case goes back to registered with the receiving unit's official, a new acceptance period, no answer date, and its owner", () => {
    const s = session();
    const waiting = answeredByLi(s);
    const { next, events, outcome } = s.act(waiting, transfer("lj-cw", "宅基地在李家村，由村委会调解更合适。"), li);
    // Routing's choice in the receiving unit: 杨主任 is linked to 李家村.
    expect(next).toMatchObject({ state: "registered", unitId: "lj-cw", officialId: "yang", ownerOfficialId: "li", answerBy: null, acceptBy: "2026-12-09" });
    // The answer not yet approved went with the old unit; the count stays with the case.
    expect(next.handling).toEqual({ signOffs: [], transfers: { count: 1 } });
    expect(events.map((e) => [e.type, e.fromState, e.toState, e.visibility, e.unitId, e.officialId])).toEqual([
      ["case.transferred", "in_progress", "registered", "petitioner", "lj-cw", "yang"],
      ["case.assigned", "registered", "registered", "internal", "lj-cw", "yang"],
    ]);
    expect(events[0]!.payload).toEqual({ fromUnitId: "dp-gov", fromOfficialId: "li", toUnitId: "lj-cw", reason: "宅基地在李家村，由村委会调解更合适。", count: 1, crossTownship: false, requestedBy: "li" });
    expect(outcome.assignment).toEqual({ unitId: "lj-cw", officialId: "yang", ruleId: null });
    expect(outcome.cancelNotices).toEqual(["assignment", "approve", "transfer_approval"]);
  });

  it("the receiving unit accepts anew; the first acceptor stays the owner and may still see it, but no longer transfer it", () => {
    const s = session();
    const moved = s.act(answeredByLi(s), transfer("lj-cw", "村里的事。"), li).next;
    const accepted = s.act(moved, c.accept, official("yang")).next;
    expect(accepted).toMatchObject({ state: "accepted", unitId: "lj-cw", officialId: "yang", ownerOfficialId: "li" });
    expect(s.refusal(accepted, transfer("dp-gov", "还是我来吧。"), li).code).toBe("not_allowed");
  });

  it("between two county bureaus, asked by the holder", () => {
    const s = session();
    const held = registeredCase({ unitId: "hrss", officialId: "chen", categoryId: "labour" });
    const { next, events } = s.act(held, transfer("nr", "涉及土地征收补偿。"), chen);
    expect(next).toMatchObject({ state: "registered", unitId: "nr", officialId: "zheng" });
    expect(events[0]!.payload).toMatchObject({ crossTownship: false, requestedBy: "chen" });
  });

  it("across townships when the petition office transfers: no one else need approve", () => {
    const { next, events } = session().act(registeredCase(), transfer("xh-gov", "地块实际属西河乡。"), zhang);
    expect(next).toMatchObject({ state: "registered", unitId: "xh-gov", handling: { transfers: { count: 1 } } });
    expect(events[0]!.payload).toMatchObject({ crossTownship: true, requestedBy: "zhang" });
  });

  it("the official chosen in the receiving unit is routing's: the least loaded handler on duty", () => {
    const { next } = session().act(registeredCase(), transfer("xh-gov", "属西河乡。", 2, new Map([["hu", 3], ["niu", 5]])), zhang);
    expect(next.officialId).toBe("hu");
  });
});

describe("a transfer across townships asked by the holding unit", () => {
  it("waits for the petition office: the case stays where it is, the request is kept and recorded", () => {
    const s = session();
    const accepted = s.act(registeredCase(), c.accept, li).next;
    const { next, events, outcome } = s.act(accepted, transfer("xh-gov", "地块在西河乡境内。"), li);
    expect(next).toMatchObject({ state: "accepted", unitId: "dp-gov", officialId: "li" });
    expect(next.handling.transfers).toEqual({ count: 0, pending: { unitId: "xh-gov", fromUnitId: "dp-gov", reason: "地块在西河乡境内。", byOfficialId: "li", at: s.now().toISOString() } });
    expect(events.map((e) => [e.type, e.visibility, e.unitId, e.officialId])).toEqual([["case.transfer_requested", "internal", "xh-gov", "li"]]);
    expect(outcome.assignment).toBeUndefined();
    // A second request waits for the first; the holding unit keeps working meanwhile.
    expect(s.refusal(next, transfer("hrss", "或者人社局？"), wang).code).toBe("transfer_pending");
    expect(s.act(next, c.note("已初步核实。"), li).next.state).toBe("in_progress");
  });

  it("a township unit asking for a county bureau waits too", () => {
    const { next } = session().act(registeredCase(), transfer("hrss", "是欠薪问题。"), li);
    expect(next.handling.transfers?.pending?.unitId).toBe("hrss");
  });

  it("approved by the office, it happens as asked, naming who asked and who approved", () => {
    const s = session();
    const asked = s.act(answeredByLi(s), transfer("xh-gov", "地块在西河乡境内。"), li).next;
    const { next, events } = s.act(asked, approveTransfer(), zhang);
    // 牛干事 is linked to a village of 西河乡, not this one: 胡干事 and he are equally free; ids decide.
    expect(next).toMatchObject({ state: "registered", unitId: "xh-gov", officialId: "hu", ownerOfficialId: "li", handling: { signOffs: [], transfers: { count: 1 } } });
    expect(next.handling.answer).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["case.transferred", "case.assigned"]);
    expect(events[0]).toMatchObject({ actor: zhang, reason: "地块在西河乡境内。", payload: { requestedBy: "li", approvedBy: "zhang", crossTownship: true, fromOfficialId: "li" } });
    // Decided once: a second approval (another admin's, a second press) finds nothing waiting.
    expect(s.refusal(next, approveTransfer(), zhang).code).toBe("wrong_state");
  });

  it("not approved by the office, with a reason: the request goes, the case stays", () => {
    const s = session();
    const asked = s.act(registeredCase(), transfer("xh-gov", "地块在西河乡境内。"), li).next;
    expect(s.refusal(asked, rejectTransfer("  "), zhang).code).toBe("invalid_input");
    const { next, events } = s.act(asked, rejectTransfer("经核实地块属东坡镇，请继续办理。"), zhang);
    expect(next).toMatchObject({ state: "registered", unitId: "dp-gov", officialId: "li", handling: { transfers: { count: 0 } } });
    expect(next.handling.transfers?.pending).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ type: "case.transfer_rejected", visibility: "internal", reason: "经核实地块属东坡镇，请继续办理。", unitId: "xh-gov", officialId: "li" })]);
    expect(s.refusal(next, rejectTransfer("再说一次"), zhang).code).toBe("wrong_state");
    // Asked again, it waits again.
    expect(s.act(next, transfer("xh-gov", "补充了界址图。"), li).next.handling.transfers?.pending?.reason).toBe("补充了界址图。");
  });

  it("only the petition office approves or rejects; a unit head is refused, whatever the state", () => {
    const s = session();
    const asked = s.act(registeredCase(), transfer("xh-gov", "属西河乡。"), li).next;
    expect(s.refusal(asked, approveTransfer(), wang).code).toBe("not_allowed");
    expect(s.refusal(asked, rejectTransfer("不行"), wang).code).toBe("not_allowed");
    expect(s.refusal(asked, approveTransfer(), ma).code).toBe("not_allowed");
  });

  it("the office transferring elsewhere itself settles a waiting request", () => {
    const s = session();
    const asked = s.act(registeredCase(), transfer("xh-gov", "属西河乡。"), li).next;
    const { next } = s.act(asked, transfer("nr", "其实是土地权属问题。"), zhang);
    expect(next).toMatchObject({ unitId: "nr", handling: { transfers: { count: 1 } } });
    expect(next.handling.transfers?.pending).toBeUndefined();
  });
});

describe("refused transfers", () => {
  it("by someone outside the holding unit, or the receiving unit before it holds the case", () => {
    const s = session();
    expect(s.refusal(registeredCase(), transfer("hrss", "想要这件。"), chen).code).toBe("not_allowed");
    expect(s.refusal(registeredCase(), transfer("xh-gov", "给我们吧。"), niu).code).toBe("not_allowed");
  });

  it("once the answer is out, the case closed, declined or withdrawn", () => {
    const s = session();
    const answered = s.act(answeredByLi(s), c.approve, wang).next;
    expect(s.refusal(answered, transfer("lj-cw", "回访由村委做。"), li).code).toBe("wrong_state");
    for (const state of ["closed", "declined", "withdrawn", "submitted"] as const) {
      expect(s.refusal(registeredCase({ state }), transfer("lj-cw", "转。"), zhang).code).toBe("wrong_state");
    }
  });

  it("to the unit holding it, to a unit that is gone or unknown, or without a reason", () => {
    const s = session();
    expect(s.refusal(registeredCase(), transfer("dp-gov", "转回来。"), li).code).toBe("transfer_to_same_unit");
    expect(s.refusal(registeredCase(), transfer("old", "旧乡。"), li).code).toBe("invalid_input");
    expect(s.refusal(registeredCase(), transfer("nowhere", "？"), li).code).toBe("invalid_input");
    expect(s.refusal(registeredCase(), transfer("lj-cw", "   "), li).code).toBe("invalid_input");
  });
});

describe("a conduct complaint is never transferred to the accused", () => {
  const conduct = (accused: { unitId?: string; officialId?: string }) => registeredCase({ categoryId: "conduct", unitId: "office", officialId: "zhang", handling: { signOffs: [], accused: { ...accused, text: "反映的干部" } } });

  it("not to the accused unit, not even by the petition office", () => {
    const refusal = session().refusal(conduct({ unitId: "dp-gov" }), transfer("dp-gov", "由镇里自查。"), zhang);
    expect(refusal).toMatchObject({ code: "transfer_to_accused" });
  });

  it("not to the unit of the accused official, though the unit itself was not named", () => {
    expect(session().refusal(conduct({ officialId: "yang" }), transfer("lj-cw", "村委会自查。"), zhang).code).toBe("transfer_to_accused");
  });

  it("to any other unit, and the accused stay on record through the transfer and a reopening", () => {
    const s = session();
    const moved = s.act(conduct({ unitId: "dp-gov", officialId: "li" }), transfer("xh-gov", "请邻乡纪检调查。"), zhang).next;
    expect(moved.handling.accused).toEqual({ unitId: "dp-gov", officialId: "li", text: "反映的干部" });
    expect(s.refusal(moved, transfer("dp-gov", "退回镇里。"), official("hu")).code).toBe("transfer_to_accused");
  });

  it("an approval re-checks: a request naming the accused unit is not carried out", () => {
    const s = session();
    const asked = s.act(registeredCase(), transfer("xh-gov", "属西河乡。"), li).next;
    const accusing = { ...asked, handling: { ...asked.handling, accused: { unitId: "xh-gov", text: "西河乡政府" } } };
    expect(s.refusal(accusing, approveTransfer(), zhang).code).toBe("transfer_to_accused");
  });
});

describe("the transfer count", () => {
  it("counts each transfer; past the limit the transfer is flagged, and a reopening keeps the count", () => {
    const s = session();
    const first = s.act(registeredCase(), transfer("lj-cw", "村里的事。", 1), li);
    expect(first.events[0]!.payload).toMatchObject({ count: 1 });
    expect(first.events[0]!.payload.flagged).toBeUndefined();
    const second = s.act(first.next, transfer("dp-gov", "村委会调解不了，请镇里。", 1), official("yang"));
    expect(second.events[0]!.payload).toMatchObject({ count: 2, flagged: true, maxTransfers: 1 });

    const accepted = s.act(second.next, c.accept, li).next;
    const proposed = s.act(accepted, c.answer("已调解。"), li).next;
    const answered = s.act(proposed, c.approve, wang).next;
    const reopened = s.act(answered, c.revisit("unsatisfied", "没解决。"), li).next;
    expect(reopened.handling).toEqual({ signOffs: [], transfers: { count: 2 } });
    // A reopened case may go elsewhere again: the third transfer.
    expect(s.act(reopened, transfer("lj-cw", "再请村委会。", 1), li).events[0]!.payload).toMatchObject({ count: 3, flagged: true });
  });

  it("a limit of 0 flags every transfer", () => {
    expect(session().act(registeredCase(), transfer("lj-cw", "村里的事。", 0), li).events[0]!.payload).toMatchObject({ count: 1, flagged: true });
  });
});

describe("the actions offered", () => {
  const now = new Date("2026-11-25T01:00:00Z");
  const ctx = { org: transferOrg(), timeZone: "Asia/Shanghai" };
  const transferActions = (current: Case, id: string) => availableActions(current, official(id), now, ctx).filter((a) => a.includes("transfer"));

  it("members and the office may transfer; with a request waiting, only the office, which also approves or rejects", () => {
    expect(transferActions(registeredCase(), "li")).toEqual(["request_transfer"]);
    expect(transferActions(registeredCase(), "chen")).toEqual([]);
    expect(transferActions(registeredCase({ state: "answered" }), "li")).toEqual([]);
    const asked = session().act(registeredCase(), transfer("xh-gov", "属西河乡。"), li).next;
    expect(transferActions(asked, "li")).toEqual([]);
    expect(transferActions(asked, "wang")).toEqual([]);
    expect(transferActions(asked, "zhang")).toEqual(["request_transfer", "approve_transfer", "reject_transfer"]);
  });
});
