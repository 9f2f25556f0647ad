import { describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/case";
import type { DeadlinePolicy } from "../../src/deadlines/policy";
import { dueSteps, nextWakeUp, plannedSteps, stepKey, type ScheduleContext, type TimerStep } from "../../src/deadlines/schedule";
import { fixtureDeadlines, fixtureOffice, fixturePolicy, orgFixture } from "../support/org-fixture";
import { registeredCase } from "../support/handling";
import { outsideQuietHours, withinWorkingHours } from "../../src/deadlines/working-hours";

const timeZone = "Asia/Shanghai";
const ctx: ScheduleContext = { org: orgFixture(), timeZone };

/** 2027-01-01 (a Friday) is a public holiday. */
const holidayCtx: ScheduleContext = {
  org: { ...orgFixture(), office: { ...fixtureOffice, calendar: { years: new Set([2026, 2027]), holidays: new Set(["2027-01-01"]), workdays: new Set() } } },
  timeZone,
};

const customPolicy: DeadlinePolicy = {
  ...fixturePolicy,
  id: "custom",
  remindDaysBefore: [2, 1],
  unacceptedAfterHours: 4,
  progressEveryDays: 3,
  escalation: [
    { to: "unit_head", afterWorkingDays: 0 },
    { to: "responsible_leader", afterWorkingDays: 1 },
    { to: "petition_office", afterWorkingDays: 0 },
  ],
};
const custom = { ...fixtureDeadlines, policy: customPolicy };

const show = (steps: TimerStep[]) => steps.map((s) => `${stepKey(s)} ${s.at.toISOString()}`);
const ofKind = (steps: TimerStep[], kind: TimerStep["kind"]) => show(steps.filter((s) => s.kind === kind));

describe("plannedSteps", () => {
  it("plans a registered fixture case: unaccepted, reminders, due today, the escalation chain and progress, soonest first", () => {
    expect(show(plannedSteps(registeredCase(), ctx))).toEqual([
      // Submitted Monday 10:00 Beijing; 24 working hours of 9 a day end Wednesday 16:00.
      "unaccepted/acceptBy/1/2026-12-08 2026-11-25T08:00:00.000Z",
      "due_soon/acceptBy/5/2026-12-08 2026-12-01T00:30:00.000Z",
      "due_soon/acceptBy/1/2026-12-08 2026-12-07T00:30:00.000Z",
      // 15 calendar days after submission, as quiet hours end (08:00).
      "progress/-/1/2026-12-08 2026-12-08T00:00:00.000Z",
      "due_today/acceptBy/1/2026-12-08 2026-12-08T00:30:00.000Z",
      "overdue/acceptBy/1/2026-12-08 2026-12-09T00:30:00.000Z",
      "overdue/acceptBy/2/2026-12-08 2026-12-11T00:30:00.000Z",
      "overdue/acceptBy/3/2026-12-08 2026-12-15T00:30:00.000Z",
    ]);
  });

  it("counts reminders back over a weekend and a holiday, and escalates at the due time when the first step waits 0 days", () => {
    const accepted = registeredCase({ state: "in_progress", deadlines: custom, acceptBy: null, answerBy: "2027-01-04", submittedAt: new Date("2026-12-21T02:00:00Z") });
    const steps = plannedSteps(accepted, holidayCtx);
    expect(steps.some((s) => s.date === "acceptBy" || s.kind === "unaccepted")).toBe(false);
    expect(show(steps.filter((s) => s.kind !== "progress"))).toEqual([
      // Monday 4 January: one working day before is Thursday 31 December (Friday is the holiday).
      "due_soon/answerBy/2/2027-01-04 2026-12-30T00:30:00.000Z",
      "due_soon/answerBy/1/2027-01-04 2026-12-31T00:30:00.000Z",
      "due_today/answerBy/1/2027-01-04 2027-01-04T00:30:00.000Z",
      // 18:00 Beijing on the due day.
      "overdue/answerBy/1/2027-01-04 2027-01-04T10:00:00.000Z",
      "overdue/answerBy/2/2027-01-04 2027-01-05T00:30:00.000Z",
      "overdue/answerBy/3/2027-01-04 2027-01-05T00:30:00.000Z",
    ]);
  });

  it("reminds on the working day before a due day that falls on a holiday, and escalates on the next working day after it", () => {
    const deadlines = { ...custom, policy: { ...customPolicy, escalation: [{ to: "unit_head" as const, afterWorkingDays: 1 }] } };
    const accepted = registeredCase({ state: "accepted", deadlines, acceptBy: null, answerBy: "2027-01-01", submittedAt: new Date("2026-12-21T02:00:00Z") });
    const steps = plannedSteps(accepted, holidayCtx);
    expect(ofKind(steps, "due_today")).toEqual(["due_today/answerBy/1/2027-01-01 2026-12-31T00:30:00.000Z"]);
    expect(ofKind(steps, "overdue")).toEqual(["overdue/answerBy/1/2027-01-01 2027-01-04T00:30:00.000Z"]);
  });

  it("counts an unaccepted wait in working hours only, over a weekend and over a holiday", () => {
    // Friday 22:00 Beijing, 4 working hours: Monday 12:30.
    const fridayNight = registeredCase({ deadlines: custom, acceptBy: "2026-12-29", submittedAt: new Date("2026-12-25T14:00:00Z") });
    expect(ofKind(plannedSteps(fridayNight, holidayCtx), "unaccepted")).toEqual(["unaccepted/acceptBy/1/2026-12-29 2026-12-28T04:30:00.000Z"]);
    // Thursday 16:30: one hour that day, the holiday and the weekend skipped, three on Monday: 11:30.
    const beforeHoliday = registeredCase({ deadlines: custom, acceptBy: "2027-01-05", submittedAt: new Date("2026-12-31T08:30:00Z") });
    expect(ofKind(plannedSteps(beforeHoliday, holidayCtx), "unaccepted")).toEqual(["unaccepted/acceptBy/1/2027-01-05 2027-01-04T03:30:00.000Z"]);
  });

  it("drops a reminder that would come before the case was submitted", () => {
    // Submitted Tuesday 10:00, due Thursday: two working days before is Tuesday 08:30, already past.
    const short = registeredCase({ deadlines: custom, acceptBy: "2026-12-31", submittedAt: new Date("2026-12-29T02:00:00Z") });
    expect(ofKind(plannedSteps(short, holidayCtx), "due_soon")).toEqual(["due_soon/acceptBy/1/2026-12-31 2026-12-30T00:30:00.000Z"]);
  });

  it("plans progress notices every N days up to the first one not yet taken", () => {
    const open = registeredCase({ deadlines: custom, acceptBy: "2027-01-05", submittedAt: new Date("2026-12-25T14:00:00Z") });
    // Submitted on the 25th (Beijing): the first notice on the 28th at 08:00.
    expect(ofKind(plannedSteps(open, holidayCtx), "progress")).toEqual(["progress/-/1/2026-12-28 2026-12-28T00:00:00.000Z"]);
    const oneTaken = { ...open, deadlines: { ...custom, fired: ["progress/-/1/2026-12-28"] } };
    expect(ofKind(plannedSteps(oneTaken, holidayCtx), "progress")).toEqual([
      "progress/-/1/2026-12-28 2026-12-28T00:00:00.000Z",
      "progress/-/2/2026-12-31 2026-12-31T00:00:00.000Z",
    ]);
  });

  it("stops progress notices once the answer has been delivered", () => {
    const answer = { outcome: "resolved", text: "已处理。", byOfficialId: "li", at: "2026-12-29T01:00:00Z", approvals: [], deliveredAt: "2026-12-29T02:00:00Z" } as unknown as NonNullable<Case["handling"]["answer"]>;
    const reopened = registeredCase({ state: "reopened", deadlines: { ...custom, fired: ["progress/-/1/2026-12-28"] }, acceptBy: null, answerBy: "2027-01-08", submittedAt: new Date("2026-12-25T14:00:00Z"), handling: { signOffs: [], answer } });
    expect(ofKind(plannedSteps(reopened, holidayCtx), "progress")).toEqual(["progress/-/1/2026-12-28 2026-12-28T00:00:00.000Z"]);
  });

  it("plans nothing for a closed case or a case without deadlines", () => {
    expect(plannedSteps(registeredCase({ state: "closed" }), ctx)).toEqual([]);
    expect(plannedSteps(registeredCase({ state: "answered", answerBy: "2026-12-20" }), ctx)).toEqual([]);
    expect(plannedSteps(registeredCase({ deadlines: null }), ctx)).toEqual([]);
  });

  it("keeps to the policy the case was given, not the organisation's policy today", () => {
    const org = { ...orgFixture(), deadlinePolicies: [{ ...fixturePolicy, remindDaysBefore: [3] }] };
    expect(ofKind(plannedSteps(registeredCase(), { org, timeZone }), "due_soon")).toEqual([
      "due_soon/acceptBy/5/2026-12-08 2026-12-01T00:30:00.000Z",
      "due_soon/acceptBy/1/2026-12-08 2026-12-07T00:30:00.000Z",
    ]);
  });
});

describe("nextWakeUp and dueSteps", () => {
  const unacceptedTaken = registeredCase({ deadlines: { ...fixtureDeadlines, fired: ["unaccepted/acceptBy/1/2026-12-08"] } });

  it("wakes the case for its first step not yet taken", () => {
    expect(nextWakeUp(registeredCase(), ctx)?.toISOString()).toBe("2026-11-25T08:00:00.000Z");
    expect(nextWakeUp(unacceptedTaken, ctx)?.toISOString()).toBe("2026-12-01T00:30:00.000Z");
    expect(nextWakeUp(registeredCase({ state: "closed" }), ctx)).toBeNull();
  });

  it("gives the steps whose time has come and that were not taken", () => {
    expect(show(dueSteps(unacceptedTaken, new Date("2026-12-07T01:00:00Z"), ctx))).toEqual([
      "due_soon/acceptBy/5/2026-12-08 2026-12-01T00:30:00.000Z",
      "due_soon/acceptBy/1/2026-12-08 2026-12-07T00:30:00.000Z",
    ]);
    expect(dueSteps(unacceptedTaken, new Date("2026-11-30T23:59:00Z"), ctx)).toEqual([]);
  });
});

describe("when a timer's notice may go out", () => {
  const office = holidayCtx.org.office;
  const local = (wall: string) => new Date(`${wall}+08:00`);
  it("an official's reminder keeps working hours: held from the evening, the weekend or the holiday to the next working morning", () => {
    expect(withinWorkingHours(office, local("2026-12-02T10:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-02T10:00:00"));
    expect(withinWorkingHours(office, local("2026-12-02T18:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-03T08:30:00"));
    expect(withinWorkingHours(office, local("2026-12-04T19:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-07T08:30:00"));
    expect(withinWorkingHours(office, local("2026-12-31T20:00:00"), "Asia/Shanghai")).toEqual(local("2027-01-04T08:30:00"));
  });
  it("a petitioner's notice waits out the quiet hours on every day, across midnight", () => {
    expect(outsideQuietHours(office, local("2026-12-05T20:59:00"), "Asia/Shanghai")).toEqual(local("2026-12-05T20:59:00"));
    expect(outsideQuietHours(office, local("2026-12-05T21:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-06T08:00:00"));
    expect(outsideQuietHours(office, local("2026-12-06T03:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-06T08:00:00"));
    expect(outsideQuietHours(office, local("2026-12-06T08:00:00"), "Asia/Shanghai")).toEqual(local("2026-12-06T08:00:00"));
  });
});
