/**
 * Co-handling (协办) and extension (延期) as pure decisions. The org fixture's 东坡镇政府 holds the
 * case (王镇长 its head, 李干事 and 赵干事 handle); 县人社局 (刘局长 its head, 陈干事) is invited to
 * co-handle; 张主任 runs the petition office. The ordinary policy answers in 60 days and extends by
 * at most 30: accepted on 2026-11-24, the answer is due 2027-01-23 and can move to 2027-02-22 at most.
 */
import { describe, expect, it } from "vitest";
import { maySee, standingOf } from "../../../src/cases/authority";
import { availableActions } from "../../../src/cases/available";
import type { Case } from "../../../src/cases/case";
import { formatRefusal } from "../../../src/conversation/casework/present";
import { render } from "../../../src/kernel/texts";
import { co } from "../../support/co-handling";
import { commands as c, handlingOrg, handlingSession, official, photo, registeredCase } from "../../support/handling";

const li = official("li");
const zhao = official("zhao");
const wang = official("wang"); // head of 东坡镇政府
const zhang = official("zhang"); // petition office
const chen = official("chen"); // 县人社局
const liu = official("liu"); // head of 县人社局
const qian = official("qian"); // responsible leader of no area

/** Accepted by 李干事 on 2026-11-24: the answer is due 2027-01-23. */
function accepted(session = handlingSession(), overrides: Partial<Case> = {}) {
  return session.act(registeredCase(overrides), c.accept, li).next;
}

/** Accepted, with 县人社局 invited to co-handle. */
function coHandled(session = handlingSession()) {
  return session.act(accepted(session), co.invite("hrss"), li).next;
}

describe("co-handling: who may invite", () => {
  it("a member of the holding unit invites another unit, which is added to the case; the step is internal and names the unit and what is asked", () => {
    const session = handlingSession();
    const { next, events } = session.act(accepted(session), co.invite("hrss", "请核实申请人的社保缴纳记录。"), zhao);
    expect(next.coHandlingUnitIds).toEqual(["hrss"]);
    expect(next.state).toBe("accepted");
    expect(events).toEqual([
      expect.objectContaining({ type: "case.co_handler_invited", visibility: "internal", unitId: "hrss", reason: "请核实申请人的社保缴纳记录。", payload: { unitId: "hrss", request: "请核实申请人的社保缴纳记录。", leadUnitId: "dp-gov" } }),
    ]);
  });

  it("the unit head and the petition office may invite too", () => {
    for (const actor of [wang, zhang]) {
      const session = handlingSession();
      expect(session.act(accepted(session), co.invite("hrss"), actor).next.coHandlingUnitIds).toEqual(["hrss"]);
    }
  });

  it("an official of another unit, the first-contact owner elsewhere and a leader of no area may not invite", () => {
    const session = handlingSession();
    const current = accepted(session, { ownerOfficialId: "chen" });
    for (const actor of [chen, qian, liu]) expect(session.refusal({ ...current, ownerOfficialId: "chen" }, co.invite("office"), actor)).toMatchObject({ code: "not_allowed" });
  });

  it("a case not yet accepted or already answered takes no invitation", () => {
    const session = handlingSession();
    expect(session.refusal(registeredCase(), co.invite("hrss"), li)).toMatchObject({ code: "wrong_state" });
    expect(session.refusal({ ...accepted(session), state: "answered" }, co.invite("hrss"), li)).toMatchObject({ code: "wrong_state" });
  });

  it("the holding unit itself, the petition office, an unknown unit, a unit already co-handling and an empty request are refused, each saying why", () => {
    const session = handlingSession();
    const current = coHandled(session);
    expect(session.refusal(current, co.invite("dp-gov"), li)).toMatchObject({ code: "invalid_input", because: { why: "co_handler_is_holder" } });
    expect(session.refusal(current, co.invite("office"), li)).toMatchObject({ code: "invalid_input", because: { why: "co_handler_unknown" } });
    expect(session.refusal(current, co.invite("nowhere"), li)).toMatchObject({ code: "invalid_input", because: { why: "co_handler_unknown" } });
    expect(session.refusal(current, co.invite("hrss"), li)).toMatchObject({ code: "already_done", because: { why: "co_handler_already" } });
    expect(session.refusal(accepted(session), co.invite("hrss", "  "), li)).toMatchObject({ code: "invalid_input" });
  });
});

describe("co-handling: what the co-handling unit may do", () => {
  it("its officials may see the case once invited, and not before", () => {
    const session = handlingSession();
    const before = accepted(session);
    expect(maySee(standingOf(chen, before, session.org))).toBe(false);
    const after = coHandled(session);
    expect(standingOf(chen, after, session.org)).toMatchObject({ coHandler: true, member: false, head: false });
    expect(maySee(standingOf(chen, after, session.org))).toBe(true);
    expect(maySee(standingOf(liu, after, session.org))).toBe(true);
    // The holding unit's own members are members, not co-handlers.
    expect(standingOf(li, after, session.org)).toMatchObject({ member: true, coHandler: false });
  });

  it("adds its part as a progress note of kind co_handling: internal by default, under its own unit, and the case does not move", () => {
    const session = handlingSession();
    const { next, events, outcome } = session.act(coHandled(session), co.contribute("经核实，申请人2025年社保已足额缴纳。", undefined, [photo("d")]), chen);
    expect(next.state).toBe("accepted");
    expect(events).toEqual([
      expect.objectContaining({ type: "case.progress_noted", visibility: "internal", unitId: "hrss", officialId: "chen", fromState: "accepted", toState: "accepted", payload: expect.objectContaining({ kind: "co_handling", text: "经核实，申请人2025年社保已足额缴纳。" }) }),
    ]);
    expect(outcome.attachments).toHaveLength(1);
    expect(session.act(coHandled(session), co.contribute("可以公开的核查结果。", "petitioner"), chen).events[0]!.visibility).toBe("petitioner");
    expect(session.refusal(coHandled(session), co.contribute("  "), chen)).toMatchObject({ code: "invalid_input" });
  });

  it("cannot answer, approve, return, close, note, decline, ask for or decide an extension: the holding unit answers", () => {
    const session = handlingSession();
    const current = coHandled(session);
    for (const command of [c.answer("已解决。"), c.note("看过了。"), c.decline("不属于受理范围。", "法院"), co.extendBy(10), co.invite("office")]) {
      expect(session.refusal(current, command, chen)).toMatchObject({ code: "not_allowed" });
    }
    const proposed = session.act(current, c.answer("围墙已拆除。"), li).next;
    for (const actor of [chen, liu]) {
      expect(session.refusal(proposed, c.approve, actor)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(proposed, c.returnAnswer("再核实。"), actor)).toMatchObject({ code: "not_allowed" });
    }
    const answered = session.act(proposed, c.approve, wang).next;
    for (const command of [c.close, c.signOff, c.revisit("satisfied", "满意。")]) expect(session.refusal(answered, command, chen)).toMatchObject({ code: "not_allowed" });
    const extending = session.act(current, co.extendBy(10), li).next;
    expect(session.refusal(extending, co.approveExtension, liu)).toMatchObject({ code: "not_allowed" });
  });

  it("a member of the holding unit writes notes, not co-handling parts; an uninvited unit writes neither", () => {
    const session = handlingSession();
    expect(session.refusal(coHandled(session), co.contribute("我们自己的进展。"), li)).toMatchObject({ code: "not_allowed" });
    expect(session.refusal(accepted(session), co.contribute("没被邀请。"), chen)).toMatchObject({ code: "not_allowed" });
  });

  it("each is offered only its own actions", () => {
    const session = handlingSession();
    const current = coHandled(session);
    const ctx = { org: session.org, timeZone: "Asia/Shanghai" };
    expect(availableActions(current, chen, session.now(), ctx)).toEqual(["contribute"]);
    const forHandler = availableActions(current, li, session.now(), ctx);
    expect(forHandler).toEqual(expect.arrayContaining(["note", "answer", "invite_co_handler", "request_extension"]));
    expect(forHandler).not.toContain("contribute");
    expect(forHandler).not.toContain("approve_extension");
  });
});

describe("extension", () => {
  it("the handler asks with a reason and a day; the case waits for the head with its answer-by day unchanged", () => {
    const session = handlingSession();
    const current = accepted(session);
    expect(current.answerBy).toBe("2027-01-23");
    const { next, events } = session.act(current, co.extendTo("2027-02-10"), li);
    expect(next.answerBy).toBe("2027-01-23");
    expect(next.handling.extension).toMatchObject({ status: "pending", reason: "需等待司法鉴定结果。", fromAnswerBy: "2027-01-23", toAnswerBy: "2027-02-10", requestedByOfficialId: "li" });
    expect(events).toEqual([expect.objectContaining({ type: "case.extension_requested", visibility: "internal", officialId: "li", payload: { reason: "需等待司法鉴定结果。", fromAnswerBy: "2027-01-23", toAnswerBy: "2027-02-10" } })]);
  });

  it("a number of days counts from the current answer-by day", () => {
    const session = handlingSession();
    expect(session.act(accepted(session), co.extendBy(10), li).next.handling.extension?.toAnswerBy).toBe("2027-02-02");
  });

  it("at most the policy's maximum beyond the answer-by day: the refusal names the limit and the latest day", () => {
    const session = handlingSession();
    const current = accepted(session);
    expect(session.act(current, co.extendTo("2027-02-22"), li).next.handling.extension?.toAnswerBy).toBe("2027-02-22");
    const tooLong = { code: "invalid_input", because: { why: "extension_too_long", maxDays: 30, latest: "2027-02-22" } };
    expect(session.refusal(current, co.extendTo("2027-02-23"), li)).toMatchObject(tooLong);
    expect(session.refusal(current, co.extendBy(31), li)).toMatchObject(tooLong);
  });

  it("a day gone by, a day not after the current one, a day that does not exist and an empty reason are refused", () => {
    const session = handlingSession();
    const current = accepted(session);
    expect(session.refusal(current, co.extendTo("2026-11-20"), li)).toMatchObject({ code: "invalid_input", because: { why: "date_in_past", day: "2026-11-20", today: "2026-11-24" } });
    expect(session.refusal(current, co.extendTo("2027-01-23"), li)).toMatchObject({ code: "invalid_input", because: { why: "extension_not_later", answerBy: "2027-01-23" } });
    expect(session.refusal(current, co.extendTo("2027-02-30"), li)).toMatchObject({ code: "invalid_input" });
    expect(session.refusal(current, co.extendBy(0), li)).toMatchObject({ code: "invalid_input" });
    expect(session.refusal(current, co.extendTo("2027-02-01", " "), li)).toMatchObject({ code: "invalid_input" });
  });

  it("the head approves: the answer-by day moves and the event, public, carries the reason and the new day", () => {
    const session = handlingSession();
    const asked = session.act(accepted(session), co.extendBy(10), li).next;
    const { next, events } = session.act(asked, co.approveExtension, wang);
    expect(next.answerBy).toBe("2027-02-02");
    expect(next.handling.extension).toMatchObject({ status: "approved", decidedByOfficialId: "wang" });
    expect(events).toEqual([expect.objectContaining({ type: "case.extension_approved", visibility: "petitioner", officialId: "li", payload: { reason: "需等待司法鉴定结果。", fromAnswerBy: "2027-01-23", answerBy: "2027-02-02" } })]);
  });

  it("only the head approves or rejects; the petition office only for a unit without a head", () => {
    const session = handlingSession();
    const asked = session.act(accepted(session), co.extendBy(10), li).next;
    for (const actor of [li, zhao, zhang, chen, qian]) {
      expect(session.refusal(asked, co.approveExtension, actor)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(asked, co.rejectExtension("不同意。"), actor)).toMatchObject({ code: "not_allowed" });
    }
    const org = handlingOrg();
    const headless = handlingSession({ ...org, officials: org.officials.filter((o) => o.id !== "wang") });
    const waiting = headless.act(accepted(headless), co.extendBy(10), li).next;
    expect(headless.act(waiting, co.approveExtension, zhang).next.answerBy).toBe("2027-02-02");
  });

  it("a case is extended only once: while one waits, and after one was granted, another is refused", () => {
    const session = handlingSession();
    const asked = session.act(accepted(session), co.extendBy(10), li).next;
    expect(session.refusal(asked, co.extendBy(5), li)).toMatchObject({ code: "already_done", because: { why: "extension_pending", toAnswerBy: "2027-02-02" } });
    const granted = session.act(asked, co.approveExtension, wang).next;
    expect(session.refusal(granted, co.extendBy(5), li)).toMatchObject({ code: "already_done", because: { why: "extension_used", answerBy: "2027-02-02" } });
    expect(session.refusal(granted, co.approveExtension, wang)).toMatchObject({ code: "wrong_state", because: { why: "extension_none_pending" } });
  });

  it("a reopened case keeps the extension it was granted: it is not extended a second time", () => {
    const session = handlingSession();
    let current = session.act(session.act(accepted(session), co.extendBy(10), li).next, co.approveExtension, wang).next;
    current = session.act(session.act(current, c.answer("已调解。"), li).next, c.approve, wang).next;
    current = session.act(current, c.revisit("unsatisfied", "没有解决。"), li).next;
    expect(current.state).toBe("reopened");
    expect(current.handling.answer).toBeUndefined();
    expect(session.refusal(current, co.extendBy(5), li)).toMatchObject({ code: "already_done", because: { why: "extension_used" } });
  });

  it("the head rejects with a reason; the day stays and the handler may ask again", () => {
    const session = handlingSession();
    const asked = session.act(accepted(session), co.extendBy(30), li).next;
    expect(session.refusal(asked, co.rejectExtension("  "), wang)).toMatchObject({ code: "invalid_input" });
    const { next, events } = session.act(asked, co.rejectExtension("30天太长，鉴定两周可出结果。"), wang);
    expect(next.answerBy).toBe("2027-01-23");
    expect(next.handling.extension).toMatchObject({ status: "rejected", rejection: "30天太长，鉴定两周可出结果。" });
    expect(events).toEqual([expect.objectContaining({ type: "case.extension_rejected", visibility: "internal", reason: "30天太长，鉴定两周可出结果。", officialId: "li" })]);
    expect(session.act(next, co.extendBy(14), li).next.handling.extension).toMatchObject({ status: "pending", toAnswerBy: "2027-02-06" });
  });

  it("the head is offered approve and reject only while a request waits; the handler is not offered a second request", () => {
    const session = handlingSession();
    const ctx = { org: session.org, timeZone: "Asia/Shanghai" };
    const current = accepted(session);
    expect(availableActions(current, wang, session.now(), ctx)).not.toContain("approve_extension");
    const asked = session.act(current, co.extendBy(10), li).next;
    expect(availableActions(asked, wang, session.now(), ctx)).toEqual(expect.arrayContaining(["approve_extension", "reject_extension"]));
    expect(availableActions(asked, li, session.now(), ctx)).not.toContain("request_extension");
    expect(availableActions(asked, li, session.now(), ctx)).not.toContain("approve_extension");
  });

  it("the refusals read as the official is told them, naming the limit", () => {
    const t = (key: Parameters<typeof render>[1], params?: Parameters<typeof render>[2]) => render("zh-CN", key, params);
    const said = (because: Parameters<typeof formatRefusal>[0]["because"]) => formatRefusal({ ok: false, code: "invalid_input", ...(because ? { because } : {}) }, "MQ23456789", handlingOrg(), "zh-CN", "Asia/Shanghai", t);
    expect(said({ why: "extension_too_long", maxDays: 30, latest: "2027-01-15" })).toBe("最多延长 30 天，最晚 2027-01-15。");
    expect(said({ why: "extension_used", answerBy: "2027-02-02" })).toBe("MQ23456789 已经延期过一次（答复期限 2027-02-02），每件只能延期一次。");
    expect(said({ why: "date_in_past", day: "2026-11-20", today: "2026-11-24" })).toBe("2026-11-20 已经过去了（今天是 2026-11-24）。");
    expect(said(undefined)).toBe("内容不能为空，请重新操作。");
  });
});
