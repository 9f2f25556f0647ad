/**
 * 限期办结: those an overdue case escalates to set a new answer-by day with a reason; the handler
 * and the petitioner hear it, the timers follow it, and no day goes past the national limit.
 */
import { describe, expect, it } from "vitest";
import { availableActions } from "../../../src/cases/available";
import type { Case } from "../../../src/cases/case";
import { decide, type CaseCommand } from "../../../src/cases/commands";
import { dueSteps, nextWakeUp, plannedSteps } from "../../../src/deadlines/schedule";
import { noticesFor } from "../../../src/notices/policy";
import { presentNotice, renderNotice } from "../../../src/notices/render";
import { commands, handlingSession, official, registeredCase } from "../../support/handling";
import { fixtureDeadlines } from "../../support/org-fixture";

const setDueDate = (day: string, reason = "群众急需用地，限期办结"): CaseCommand => ({ kind: "set_due_date", input: { day, reason } });

/** Accepted by 李干事 at 2026-11-24 10:00 Beijing time: the answer's count began that day. */
function acceptedCase(session: ReturnType<typeof handlingSession>, overrides: Partial<Case> = {}): Case {
  return session.act(registeredCase(overrides), commands.accept, official("li")).next;
}

describe("set a due date (限期办结)", () => {
  it("lets the unit head move the answer-by day: the handler hears an order, the petitioner the day and why", () => {
    const session = handlingSession();
    const accepted = acceptedCase(session);
    const set = session.act(accepted, setDueDate("2026-12-15"), official("wang"));
    expect(set.next.answerBy).toBe("2026-12-15");
    expect(set.events.map((e) => [e.type, e.visibility, e.officialId, e.payload])).toEqual([
      ["case.due_date_set", "petitioner", "li", { date: "answerBy", fromAnswerBy: accepted.answerBy, answerBy: "2026-12-15", reason: "群众急需用地，限期办结" }],
    ]);

    const owed = noticesFor(set.events, set.next, { org: session.org, reachableOfficials: new Set(["li", "wang", "zhang"]) });
    expect(owed.map((n) => [n.recipient, n.message.key])).toEqual([
      [{ role: "petitioner", personId: "person-1" }, "notice_case_due_date_set"],
      [{ role: "handling_official", officialId: "li" }, "notice_due_date_set"],
    ]);
    const [toPetitioner, toHandler] = owed.map((n) => renderNotice("zh-CN", n.message.key, n.message.params, session.org));
    expect(toPetitioner).toContain("MQ23456789（东坡镇政府）的答复期限调整为 2026-12-15：群众急需用地，限期办结");
    expect(toHandler).toContain(`【限期办结】王镇长把 MQ23456789 的答复期限由 ${accepted.answerBy} 调整为 2026-12-15`);
  });

  it("lets a 包案 leader and the petition office set it too, and then the unit head hears it as well", () => {
    const session = handlingSession();
    const held = acceptedCase(session, { leaderOfficialId: "qian" });
    for (const who of ["qian", "zhang"]) {
      const set = session.act(held, setDueDate("2026-12-18"), official(who));
      const owed = noticesFor(set.events, set.next, { org: session.org, reachableOfficials: new Set(["li", "wang", "zhang", "qian"]) });
      expect(owed.filter((n) => n.message.key === "notice_due_date_set").map((n) => "officialId" in n.recipient && n.recipient.officialId)).toEqual(["li", "wang"]);
    }
  });

  it("is not the handler's, a colleague's or another unit's to set, nor before the case is accepted", () => {
    const session = handlingSession();
    const accepted = acceptedCase(session);
    for (const who of ["li", "zhao", "liu", "chen"]) expect(session.refusal(accepted, setDueDate("2026-12-15"), official(who)).code).toBe("not_allowed");
    expect(session.refusal(registeredCase(), setDueDate("2026-12-15"), official("wang")).code).toBe("wrong_state");
    expect(availableActions(accepted, official("wang"), session.now(), { org: session.org, timeZone: "Asia/Shanghai" })).toContain("set_due_date");
    expect(availableActions(accepted, official("li"), session.now(), { org: session.org, timeZone: "Asia/Shanghai" })).not.toContain("set_due_date");
  });

  it("refuses a past day, the same day, and a day past the national limit (60 days from acceptance and 30 more), naming it", () => {
    const session = handlingSession();
    const accepted = acceptedCase(session);
    expect(session.refusal(accepted, setDueDate("2026-11-20"), official("wang")).because).toEqual({ why: "date_in_past", day: "2026-11-20", today: "2026-11-24" });
    expect(session.refusal(accepted, setDueDate(accepted.answerBy!), official("wang")).because).toEqual({ why: "due_date_unchanged", answerBy: accepted.answerBy });
    // Accepted on 2026-11-24: 90 days later is 2027-02-22.
    expect(session.refusal(accepted, setDueDate("2027-02-23"), official("wang")).because).toEqual({ why: "beyond_national_limit", latest: "2027-02-22" });
    expect(session.act(accepted, setDueDate("2027-02-22"), official("wang")).next.answerBy).toBe("2027-02-22");
    expect(session.refusal(accepted, setDueDate("2026-12-15", "  "), official("wang")).code).toBe("invalid_input");
  });

  it("waits while an extension request is pending: its decision comes first", () => {
    const session = handlingSession();
    const asked = session.act(acceptedCase(session), { kind: "request_extension", input: { reason: "需要测量", until: { days: 10 } } }, official("li")).next;
    expect(session.refusal(asked, setDueDate("2026-12-15"), official("wang")).because).toMatchObject({ why: "extension_pending" });
  });

  it("gives the new day its own reminders and escalation chain, from the first level, after the old one escalated", () => {
    const ctx = { org: handlingSession().org, timeZone: "Asia/Shanghai" };
    // Overdue since 2026-12-01 18:00; the unit head (level 1) has been told. The new day passed, the
    // head hears again the next working morning (11 December), as level 1 of the new chain.
    const overdue = registeredCase({ state: "in_progress", acceptBy: null, answerBy: "2026-12-01", deadlines: { ...fixtureDeadlines, fired: ["overdue/answerBy/1/2026-12-01"] } });
    const set = decide(overdue, setDueDate("2026-12-10"), official("wang"), new Date("2026-12-02T02:00:00Z"), ctx);
    if (!set.ok) throw new Error(set.refusal.detail);
    const next = set.outcome.next;
    expect(plannedSteps(next, ctx).filter((s) => s.kind === "overdue").map((s) => [s.day, s.level])).toEqual(
      fixtureDeadlines.policy.escalation.map((_, i) => ["2026-12-10", i + 1]),
    );
    // The case sleeps until the new day's first reminder, not the old chain's next level.
    expect(next.nextWakeAt).toEqual(nextWakeUp(next, ctx));
    expect(dueSteps(next, new Date("2026-12-03T02:00:00Z"), ctx).filter((s) => s.day === "2026-12-01")).toEqual([]);
    const afterNewDay = dueSteps(next, new Date("2026-12-11T02:00:00Z"), ctx).filter((s) => s.kind === "overdue");
    expect(afterNewDay.map((s) => [s.day, s.level])).toEqual([["2026-12-10", 1]]);
  });

  it("is offered on an escalation about the answer, not on one about acceptance", () => {
    const org = handlingSession().org;
    const overdue = { code: "MQ23456789", categoryId: "land", areaId: "dp-lj", level: 1, dueBy: "2026-12-01", lateDays: 1, unitId: "dp-gov", officialId: "li" };
    const onAnswer = presentNotice("zh-CN", "notice_overdue", { ...overdue, date: "answerBy" }, org);
    expect(onAnswer.choices.map((c) => [c.label, c.value])).toContainEqual(["调整期限", "/duedate MQ23456789"]);
    expect(presentNotice("zh-CN", "notice_overdue", { ...overdue, date: "answerBy" }, org, "numbered").choices.map((c) => c.label)).toContain("调整期限 MQ23456789");
    expect(presentNotice("zh-CN", "notice_overdue", { ...overdue, date: "acceptBy" }, org).choices.map((c) => c.value)).not.toContain("/duedate MQ23456789");
  });
});

describe("when a wait began", () => {
  it("counts an unaccepted assignment from when the unit got it (a transfer), not from the submission", () => {
    const ctx = { org: handlingSession().org, timeZone: "Asia/Shanghai" };
    const unaccepted = (c: Case) => plannedSteps(c, ctx).find((s) => s.kind === "unaccepted")!.at;
    const fromSubmission = unaccepted(registeredCase());
    const transferredLater = unaccepted(registeredCase({ deadlines: { ...fixtureDeadlines, since: { acceptBy: "2026-11-26T02:00:00.000Z" } } }));
    expect(transferredLater.getTime() - fromSubmission.getTime()).toBeGreaterThanOrEqual(2 * 86_400_000);
  });

  it("is recorded when a date is counted: acceptance from the submission, the answer from acceptance", () => {
    const session = handlingSession();
    const accepted = acceptedCase(session);
    expect(accepted.deadlines?.since?.answerBy).toBe("2026-11-24T02:00:00.000Z");
  });
});
