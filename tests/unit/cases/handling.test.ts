/**
 * Case handling as pure decisions: who may move a case from which state to which, what the case
 * holds afterwards, and what closure (三不结案) still lacks. No database: each step is decided on the
 * case as the previous step left it. The org fixture's 东坡镇政府 holds the case: 王镇长 is its head,
 * 李干事, 赵干事 and 孙干事 handle; 陈干事 is of 县人社局; 张主任 runs the petition office.
 */
import { describe, expect, it } from "vitest";
import { maySee, standingOf } from "../../../src/cases/authority";
import type { Case } from "../../../src/cases/case";
import { closureGaps, type ClosureGap, type Handling } from "../../../src/cases/handling";
import { commands as c, handlingSession, official, petitionerActor, photo, registeredCase } from "../../support/handling";

const li = official("li");
const zhao = official("zhao");
const wang = official("wang"); // head of 东坡镇政府
const zhang = official("zhang"); // petition office
const chen = official("chen"); // 县人社局
const liu = official("liu"); // head of 县人社局
const qian = official("qian"); // responsible leader

/** Accepted by 李干事, an answer proposed by him: what the head is asked to approve. */
function proposed(session = handlingSession(), overrides: Partial<Case> = {}) {
  const accepted = session.act(registeredCase(overrides), c.accept, li).next;
  return session.act(accepted, c.answer("围墙已按宅基地证拆除。"), li).next;
}

/** Answered (approved by the head), revisited as `satisfaction`. */
function revisited(session = handlingSession(), satisfaction: "satisfied" | "unsatisfied" = "satisfied") {
  const answered = session.act(proposed(session), c.approve, wang).next;
  return session.act(answered, c.revisit(satisfaction, satisfaction === "satisfied" ? "满意，围墙拆了。" : "不满意，只拆了一半。"), li);
}

describe("allowed transitions", () => {
  it("a member of the holding unit accepts a registered case: the answer date is set and the first acceptor owns it", () => {
    const session = handlingSession();
    const { next, events, outcome } = session.act(registeredCase(), c.accept, zhao);
    expect(next).toMatchObject({ state: "accepted", seq: 4, officialId: "zhao", ownerOfficialId: "zhao", unitId: "dp-gov", answerBy: "2027-01-23" });
    expect(events).toEqual([expect.objectContaining({ seq: 4, type: "case.accepted", fromState: "registered", toState: "accepted", visibility: "petitioner", unitId: "dp-gov", officialId: "zhao", payload: { answerBy: "2027-01-23" } })]);
    // 赵干事 takes it from 李干事, to whom routing gave it: the holder changes with it.
    expect(outcome.assignment).toEqual({ unitId: "dp-gov", officialId: "zhao", ruleId: null });
    // The official routing chose accepting is no change of holder.
    expect(session.act(registeredCase(), c.accept, li).outcome.assignment).toBeUndefined();
  });

  it("the petition office accepts a case of another unit for that unit, which keeps it", () => {
    const { next, outcome } = handlingSession().act(registeredCase(), c.accept, zhang);
    expect(next).toMatchObject({ state: "accepted", unitId: "dp-gov", officialId: "zhang", ownerOfficialId: "zhang" });
    expect(outcome.assignment).toEqual({ unitId: "dp-gov", officialId: "zhang", ruleId: null });
  });

  it("the first note of a unit member moves an accepted case to in progress; later notes keep it there", () => {
    const session = handlingSession();
    const accepted = session.act(registeredCase(), c.accept, li).next;
    const first = session.act(accepted, c.note("已到现场查看。", "petitioner"), zhao);
    expect(first.next.state).toBe("in_progress");
    expect(first.events).toEqual([expect.objectContaining({ type: "case.progress_noted", fromState: "accepted", toState: "in_progress", visibility: "petitioner", officialId: "zhao", payload: { text: "已到现场查看。", attachmentIds: [] } })]);
    const second = session.act(first.next, c.note("约了双方下周调解。"), li);
    expect(second.events[0]).toMatchObject({ fromState: "in_progress", toState: "in_progress", visibility: "internal" });
  });

  it("a proposed answer waits for the unit head; the head's approval gives it to the petitioner and the case is answered", () => {
    const session = handlingSession();
    const waiting = proposed(session);
    expect(waiting).toMatchObject({ state: "in_progress", handling: { answer: { outcome: "solved", text: "围墙已按宅基地证拆除。", byOfficialId: "li", approvals: [] } } });
    expect(waiting.handling.answer?.deliveredAt).toBeUndefined();
    const { next, events } = session.act(waiting, c.approve, wang);
    expect(next.state).toBe("answered");
    expect(next.handling.answer).toMatchObject({ approvals: [{ role: "unit_head", officialId: "wang" }], deliveredAt: session.now().toISOString() });
    expect(events.map((e) => [e.type, e.visibility, e.officialId])).toEqual([
      ["case.answer_approved", "internal", "wang"],
      // The answer is the handler's: figures count it as 李干事's work, not the head's.
      ["case.answered", "petitioner", "li"],
    ]);
    expect(events[1]!.payload).toEqual({ outcome: "solved", text: "围墙已按宅基地证拆除。" });
  });

  it("with a 包案 leader the answer needs both the head's and the leader's approval, in either order", () => {
    for (const [first, second] of [[wang, qian], [qian, wang]] as const) {
      const session = handlingSession();
      const waiting = proposed(session, { leaderOfficialId: "qian" });
      const half = session.act(waiting, c.approve, first);
      expect(half.next.state).toBe("in_progress");
      expect(half.events.map((e) => e.type)).toEqual(["case.answer_approved"]);
      // The same approver again is not the missing approval.
      expect(session.refusal(half.next, c.approve, first)).toMatchObject({ code: "already_done" });
      const full = session.act(half.next, c.approve, second);
      expect(full.next.state).toBe("answered");
      expect(full.next.handling.answer?.approvals.map((a) => a.role).sort()).toEqual(["responsible_leader", "unit_head"]);
    }
  });

  it("returning an answer with a comment takes it back to the handler: nothing is left to approve until a new one comes", () => {
    const session = handlingSession();
    const { next, events } = session.act(proposed(session), c.returnAnswer("请写明拆除日期。"), wang);
    expect(next.handling.answer).toBeUndefined();
    expect(next.state).toBe("in_progress");
    expect(events).toEqual([expect.objectContaining({ type: "case.answer_returned", visibility: "internal", reason: "请写明拆除日期。", officialId: "li", payload: { comment: "请写明拆除日期。", outcome: "solved", text: "围墙已按宅基地证拆除。" } })]);
    expect(session.refusal(next, c.approve, wang)).toMatchObject({ code: "wrong_state" });
    expect(session.refusal(proposed(session), c.returnAnswer("  "), wang)).toMatchObject({ code: "invalid_input" });
    const again = session.act(next, c.answer("围墙已于12月5日拆除。"), li).next;
    expect(session.act(again, c.approve, wang).next.state).toBe("answered");
  });

  it("a satisfied revisit keeps the case answered and records the petitioner's own words", () => {
    const { next, events } = revisited();
    expect(next.state).toBe("answered");
    expect(next.handling.revisit).toMatchObject({ method: "phone", satisfaction: "satisfied", opinion: "满意，围墙拆了。", on: "2026-12-10", byOfficialId: "li" });
    expect(events.map((e) => e.type)).toEqual(["case.revisited"]);
  });

  it("an unsatisfied revisit reopens the case to its unit with the handling cleared: a new answer is owed", () => {
    const session = handlingSession();
    const { next, events } = revisited(session, "unsatisfied");
    expect(next).toMatchObject({ state: "reopened", unitId: "dp-gov", officialId: "li", handling: { signOffs: [] } });
    expect(next.handling.answer).toBeUndefined();
    expect(next.handling.revisit).toBeUndefined();
    expect(events.map((e) => [e.type, e.toState, e.visibility])).toEqual([
      ["case.revisited", "answered", "internal"],
      ["case.reopened", "reopened", "petitioner"],
    ]);
    expect(events[1]).toMatchObject({ reason: "不满意，只拆了一半。", payload: { why: "unsatisfied_revisit" } });
    // The unit answers again, and that answer needs approval like the first.
    const again = session.act(next, c.answer("已责令邻居拆除剩余部分。"), li).next;
    expect(again).toMatchObject({ state: "reopened", handling: { answer: { approvals: [] } } });
    expect(session.act(again, c.approve, wang).next.state).toBe("answered");
  });

  it("after a satisfied revisit the handler and the head sign off, and then the case closes", () => {
    const session = handlingSession();
    const afterRevisit = revisited(session).next;
    expect(session.refusal(afterRevisit, c.close, li)).toMatchObject({ code: "closure_incomplete", gaps: ["handler_sign_off", "head_sign_off"] });
    const byHandler = session.act(afterRevisit, c.signOff, li);
    expect(byHandler.events).toEqual([expect.objectContaining({ type: "case.signed_off", visibility: "internal", officialId: "li", payload: { role: "handling_official" } })]);
    expect(session.refusal(byHandler.next, c.signOff, li)).toMatchObject({ code: "already_done" });
    expect(session.refusal(byHandler.next, c.close, li)).toMatchObject({ code: "closure_incomplete", gaps: ["head_sign_off"] });
    const byHead = session.act(byHandler.next, c.signOff, wang);
    expect(byHead.events[0]!.payload).toEqual({ role: "unit_head" });
    const closed = session.act(byHead.next, c.close, li);
    expect(closed.next.state).toBe("closed");
    expect(closed.events).toEqual([expect.objectContaining({ type: "case.closed", fromState: "answered", toState: "closed", visibility: "petitioner", officialId: "li", payload: { outcome: "solved", satisfaction: "satisfied" } })]);
    // Reminders and progress reports owed while it was open are called off.
    expect(closed.outcome.cancelNotices).toEqual(["reminder", "progress_report"]);
  });

  it("a case held by a 包案 leader closes only with the leader's sign-off too", () => {
    const session = handlingSession();
    const waiting = proposed(session, { leaderOfficialId: "qian" });
    const answered = session.act(session.act(waiting, c.approve, wang).next, c.approve, qian).next;
    let current = session.act(answered, c.revisit("basically_satisfied", "基本满意。"), li).next;
    current = session.act(session.act(current, c.signOff, li).next, c.signOff, wang).next;
    expect(session.refusal(current, c.close, wang)).toMatchObject({ code: "closure_incomplete", gaps: ["leader_sign_off"] });
    const byLeader = session.act(current, c.signOff, qian);
    expect(byLeader.events[0]!.payload).toEqual({ role: "responsible_leader" });
    expect(session.act(byLeader.next, c.close, wang).next.state).toBe("closed");
  });
});

describe("refused transitions", () => {
  describe("wrong state: the refusal names the state the case is in", () => {
    it("a case accepted once is not accepted again (the loser of a race learns it moved on)", () => {
      const session = handlingSession();
      const accepted = session.act(registeredCase(), c.accept, li).next;
      expect(session.refusal(accepted, c.accept, zhao)).toEqual({ code: "wrong_state", detail: "accept: the case is accepted" });
    });

    it("a registered case is not answered, noted, revisited, signed off or closed before it is accepted", () => {
      const session = handlingSession();
      for (const command of [c.answer("已解决。"), c.note("看过了。"), c.revisit("satisfied", "满意。"), c.signOff, c.close]) {
        expect(session.refusal(registeredCase(), command, li)).toMatchObject({ code: "wrong_state", detail: expect.stringContaining("registered") });
      }
    });

    it("a reopened case is not closed: it needs a new answer first (群众不满意不销号)", () => {
      const session = handlingSession();
      const reopened = revisited(session, "unsatisfied").next;
      expect(session.refusal(reopened, c.close, li)).toMatchObject({ code: "wrong_state", detail: "close: the case is reopened" });
      expect(session.refusal(reopened, c.close, zhang)).toMatchObject({ code: "wrong_state" });
    });

    it("an answered case is not declined, and a closed one takes no more notes", () => {
      const session = handlingSession();
      const answered = session.act(proposed(session), c.approve, wang).next;
      expect(session.refusal(answered, c.decline("不属于本单位职责。", "请向法院起诉。"), wang)).toMatchObject({ code: "wrong_state" });
      expect(session.refusal({ ...answered, state: "closed" }, c.note("补记。"), li)).toMatchObject({ code: "wrong_state" });
    });

    it("a sign-off before the revisit is refused as closure incomplete, naming the revisit", () => {
      const session = handlingSession();
      const answered = session.act(proposed(session), c.approve, wang).next;
      expect(session.refusal(answered, c.signOff, li)).toMatchObject({ code: "closure_incomplete", gaps: ["revisit"] });
    });
  });

  describe("wrong role", () => {
    it("a handling official may not decline: that is the unit head's or the petition office's decision", () => {
      const session = handlingSession();
      const decline = c.decline("属于法院受理范围。", "请向青山县人民法院起诉。");
      expect(session.refusal(registeredCase(), decline, li)).toEqual({ code: "not_allowed", detail: "official li may not decline case MQ23456789" });
      const byHead = session.act(registeredCase(), decline, wang);
      expect(byHead.next.state).toBe("declined");
      expect(byHead.events).toEqual([expect.objectContaining({ type: "case.declined", visibility: "petitioner", reason: "属于法院受理范围。", payload: { reason: "属于法院受理范围。", redirect: "请向青山县人民法院起诉。" } })]);
      expect(session.act(registeredCase(), decline, zhang).next.state).toBe("declined");
      // A head of another unit is no head of this case.
      expect(session.refusal(registeredCase(), decline, liu)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(registeredCase(), c.decline(" ", ""), wang)).toMatchObject({ code: "invalid_input" });
    });

    it("a handler may not approve or return their own answer", () => {
      const session = handlingSession();
      const waiting = proposed(session);
      expect(session.refusal(waiting, c.approve, li)).toEqual({ code: "not_allowed", detail: "official li may not approve case MQ23456789" });
      expect(session.refusal(waiting, c.approve, zhao)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(waiting, c.returnAnswer("我再改改。"), li)).toMatchObject({ code: "not_allowed" });
    });

    it("a leader who does not hold the case approves nothing on it", () => {
      const session = handlingSession();
      expect(session.refusal(proposed(session), c.approve, qian)).toMatchObject({ code: "not_allowed" });
    });

    it("the petitioner and the system take no official's step", () => {
      const session = handlingSession();
      expect(session.refusal(registeredCase(), c.accept, petitionerActor)).toEqual({ code: "not_allowed", detail: "person person-1 may not accept case MQ23456789" });
      expect(session.refusal(registeredCase(), c.accept, { kind: "system" })).toMatchObject({ code: "not_allowed", detail: expect.stringContaining("the system") });
    });

    it("an inactive official has no standing at all", () => {
      const session = handlingSession();
      const org = { ...session.org, officials: session.org.officials.map((o) => (o.id === "zhao" ? { ...o, active: false } : o)) };
      expect(handlingSession(org).refusal(registeredCase(), c.accept, zhao)).toMatchObject({ code: "not_allowed" });
    });
  });

  describe("wrong unit", () => {
    it("an official of another unit may not accept, answer or close the case", () => {
      const session = handlingSession();
      expect(session.refusal(registeredCase(), c.accept, chen)).toEqual({ code: "not_allowed", detail: "official chen may not accept case MQ23456789" });
      const waiting = proposed(session);
      expect(session.refusal(waiting, c.answer("我来答。"), chen)).toMatchObject({ code: "not_allowed" });
      // 刘局长 heads a unit, but not this one.
      expect(session.refusal(waiting, c.approve, liu)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(revisited(session).next, c.close, chen)).toMatchObject({ code: "not_allowed" });
    });

    it("an official of another unit trying to approve or return is refused for want of standing whatever the state, not told the state", () => {
      const session = handlingSession();
      for (const current of [registeredCase(), proposed(session), { ...registeredCase(), state: "closed" as const }]) {
        expect(session.refusal(current, c.approve, chen)).toEqual({ code: "not_allowed", detail: "official chen may not approve case MQ23456789" });
        expect(session.refusal(current, c.returnAnswer("重写。"), chen)).toMatchObject({ code: "not_allowed" });
      }
    });

    it("an official of another unit may not see the case; its unit, its owner, its leader and the petition office may", () => {
      const org = handlingSession().org;
      const theCase = registeredCase({ ownerOfficialId: "chen", leaderOfficialId: "qian" });
      const sees = (id: string) => maySee(standingOf(official(id), theCase, org));
      expect(sees("liu")).toBe(false);
      expect(maySee(standingOf(official("liu"), registeredCase(), org))).toBe(false);
      expect(maySee(standingOf(official("chen"), registeredCase(), org))).toBe(false);
      expect(maySee(standingOf(petitionerActor, theCase, org))).toBe(false);
      expect(["li", "wang", "chen", "qian", "zhang"].map(sees)).toEqual([true, true, true, true, true]);
    });
  });
});

describe("closure gates (三不结案): each gap alone is named, and only it", () => {
  const revisitAt = "2026-12-10T03:00:00.000Z";
  const before = "2026-12-09T03:00:00.000Z";
  const after = "2026-12-11T03:00:00.000Z";
  const complete = (): Handling => ({
    answer: {
      outcome: "solved",
      text: "围墙已拆除。",
      byOfficialId: "li",
      at: "2026-12-01T03:00:00.000Z",
      approvals: [
        { role: "unit_head", officialId: "wang", at: "2026-12-02T03:00:00.000Z" },
        { role: "responsible_leader", officialId: "qian", at: "2026-12-02T04:00:00.000Z" },
      ],
      deliveredAt: "2026-12-02T04:00:00.000Z",
    },
    revisit: { method: "phone", satisfaction: "satisfied", opinion: "满意。", on: "2026-12-10", byOfficialId: "li", at: revisitAt },
    signOffs: [
      { role: "handling_official", officialId: "li", at: after },
      { role: "unit_head", officialId: "wang", at: after },
      { role: "responsible_leader", officialId: "qian", at: after },
    ],
  });
  const answered = (handling: Handling): Case => registeredCase({ state: "answered", officialId: "li", ownerOfficialId: "li", leaderOfficialId: "qian", handling });
  const closeRefusal = (handling: Handling) => handlingSession().refusal(answered(handling), c.close, li);
  const without = (role: string) => complete().signOffs.filter((s) => s.role !== role);

  it("closes when nothing is missing", () => {
    expect(closureGaps(complete(), true)).toEqual([]);
    expect(handlingSession().act(answered(complete()), c.close, li).next.state).toBe("closed");
  });

  const alone: [ClosureGap, () => Handling][] = [
    ["approved_answer", () => ({ ...complete(), answer: { ...complete().answer!, deliveredAt: undefined } })],
    ["satisfied_revisit", () => ({ ...complete(), revisit: { ...complete().revisit!, satisfaction: "unsatisfied" } })],
    ["handler_sign_off", () => ({ ...complete(), signOffs: without("handling_official") })],
    ["head_sign_off", () => ({ ...complete(), signOffs: without("unit_head") })],
    ["leader_sign_off", () => ({ ...complete(), signOffs: without("responsible_leader") })],
  ];
  it.each(alone)("without %s, close is refused naming exactly that", (gap, handling) => {
    expect(closeRefusal(handling())).toMatchObject({ code: "closure_incomplete", gaps: [gap], detail: `case MQ23456789 lacks ${gap}` });
  });

  it("without a revisit, close is refused naming the revisit; sign-offs cannot count without one to follow", () => {
    const { revisit: _none, ...noRevisit } = complete();
    expect(closeRefusal(noRevisit)).toMatchObject({ code: "closure_incomplete", gaps: ["revisit", "handler_sign_off", "head_sign_off", "leader_sign_off"] });
  });

  it("a sign-off given before the revisit does not count: it signed for what the petitioner had not yet said", () => {
    const early = { ...complete(), signOffs: complete().signOffs.map((s) => (s.role === "handling_official" ? { ...s, at: before } : s)) };
    expect(closeRefusal(early)).toMatchObject({ code: "closure_incomplete", gaps: ["handler_sign_off"] });
    // Given at the revisit's very moment, it counts.
    const same = { ...complete(), signOffs: complete().signOffs.map((s) => ({ ...s, at: revisitAt })) };
    expect(closureGaps(same, true)).toEqual([]);
  });

  it("a second revisit after the sign-offs asks for them again", () => {
    const session = handlingSession();
    let current = revisited(session).next;
    current = session.act(session.act(current, c.signOff, li).next, c.signOff, wang).next;
    current = session.act(current, c.revisit("satisfied", "仍然满意。", "visit"), zhao).next;
    expect(session.refusal(current, c.close, li)).toMatchObject({ code: "closure_incomplete", gaps: ["handler_sign_off", "head_sign_off"] });
  });

  it("a case no leader holds needs no leader's sign-off", () => {
    expect(closureGaps({ ...complete(), signOffs: without("responsible_leader") }, false)).toEqual([]);
  });
});

describe("the first-contact owner (首问负责)", () => {
  /** Accepted by 李干事, then (as a transfer will) handed to 县人社局 and registered there again. */
  function transferred() {
    const session = handlingSession();
    const accepted = session.act(registeredCase(), c.accept, li).next;
    return { session, again: { ...accepted, state: "registered" as const, unitId: "hrss", officialId: "chen" } };
  }

  it("is set by the first accept and kept when another official accepts later", () => {
    const { session, again } = transferred();
    expect(again.ownerOfficialId).toBe("li");
    const { next } = session.act(again, c.accept, chen);
    expect(next).toMatchObject({ state: "accepted", unitId: "hrss", officialId: "chen", ownerOfficialId: "li" });
  });

  it("may note on the case (without moving it on) and see it, but may not answer it", () => {
    const { session, again } = transferred();
    const accepted = session.act(again, c.accept, chen).next;
    const noted = session.act(accepted, c.note("请人社局尽快核实工资欠条。"), li);
    // Only the holding unit's own work moves the case to in progress.
    expect(noted.next.state).toBe("accepted");
    expect(noted.events[0]).toMatchObject({ type: "case.progress_noted", officialId: "li" });
    expect(maySee(standingOf(li, accepted, session.org))).toBe(true);
    expect(session.refusal(accepted, c.answer("已解决。"), li)).toEqual({ code: "not_allowed", detail: "official li may not answer case MQ23456789" });
    // Nor accept it for a unit they are not in, nor close it.
    expect(session.refusal(again, c.accept, li)).toMatchObject({ code: "not_allowed" });
  });
});

describe("the petitioner on their own case", () => {
  const mine = () => registeredCase({ state: "in_progress", officialId: "li", ownerOfficialId: "li", attachments: [{ ...photo("a"), id: "file-a" }] });
  const someoneElse = { kind: "person", id: "person-2", channel: "telegram" } as const;

  it("adds material: new files are kept with the case, a file it has already is not kept twice", () => {
    const { next, events, outcome } = handlingSession().act(mine(), c.add("还有一张照片。", [photo("a"), photo("b"), photo("b")]), petitionerActor);
    expect(next.state).toBe("in_progress");
    expect(next.attachments.map((a) => a.sha256[0])).toEqual(["a", "b"]);
    expect(outcome.attachments?.map((a) => a.sha256[0])).toEqual(["b"]);
    expect(events).toEqual([expect.objectContaining({ type: "case.petitioner_added", actor: petitionerActor, visibility: "petitioner", payload: { kind: "material", text: "还有一张照片。", attachmentIds: [outcome.attachments![0]!.id] } })]);
    // Nothing new at all is nothing to add.
    expect(handlingSession().refusal(mine(), c.add("", [photo("a")]), petitionerActor)).toMatchObject({ code: "invalid_input" });
  });

  it("withdraws an open case, and the reminders it was owed are called off", () => {
    for (const state of ["registered", "accepted", "in_progress", "answered", "reopened"] as const) {
      const { next, events, outcome } = handlingSession().act({ ...mine(), state }, c.withdraw("已私下协商解决。"), petitionerActor);
      expect(next.state).toBe("withdrawn");
      expect(events[0]).toMatchObject({ type: "case.withdrawn", fromState: state, toState: "withdrawn", reason: "已私下协商解决。" });
      expect(outcome.cancelNotices).toEqual(["reminder", "progress_report"]);
    }
  });

  it("may do neither on someone else's case, nor may an official do it in their name", () => {
    const session = handlingSession();
    for (const command of [c.withdraw("不想办了。"), c.add("补充。")]) {
      expect(session.refusal(mine(), command, someoneElse)).toMatchObject({ code: "not_allowed" });
      expect(session.refusal(mine(), command, li)).toMatchObject({ code: "not_allowed" });
    }
  });

  it("may do neither once the case is no longer open", () => {
    const session = handlingSession();
    for (const state of ["closed", "declined", "withdrawn", "final"] as const) {
      expect(session.refusal({ ...mine(), state }, c.withdraw(""), petitionerActor)).toEqual({ code: "wrong_state", detail: `withdraw: the case is ${state}` });
      expect(session.refusal({ ...mine(), state }, c.add("补充。"), petitionerActor)).toMatchObject({ code: "wrong_state" });
    }
  });
});
