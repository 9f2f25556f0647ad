/** Deadline policies: which one a case gets, the dates it is promised on the 2026 calendar, and that a promise is kept. */
import { beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../src/cases/commands";
import type { WorkCalendar } from "../../src/deadlines/calendar";
import { choosePolicy } from "../../src/deadlines/policy";
import { deadlinePresets } from "../../src/deadlines/presets";
import { acceptDay, answerDay, deadlinesFor, dueInstant, standardOfficeDay, type PromiseContext } from "../../src/deadlines/promises";
import { readCalendarFile } from "../../src/org/calendar-source";
import type { OrgSnapshot } from "../../src/org/types";
import { handlingOrg, official, registeredCase } from "../support/handling";

const timeZone = "Asia/Shanghai";
let calendar: WorkCalendar;
beforeAll(async () => {
  calendar = await readCalendarFile("org/calendar.yaml");
});

/** The fixture county with the local preset's policies and rules, on the shipped calendar. */
function localOrg(): OrgSnapshot {
  const org = handlingOrg();
  const { policies, rules } = deadlinePresets.local;
  return {
    ...org,
    deadlinePolicies: policies,
    deadlineRules: rules,
    categories: org.categories.map((c) => ({ ...c, deadlinePolicyId: c.id === "land" ? "important" : "ordinary" })),
    office: { ...standardOfficeDay, calendar },
  };
}
const beijing = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const ctx = (): PromiseContext & { org: OrgSnapshot; timeZone: string } => ({ org: localOrg(), timeZone });

describe("choosing a policy", () => {
  it("follows the seeds: ordinary a week, important a month, a leader's case one or two weeks, urgent stays urgent", () => {
    const org = localOrg();
    const chosen = (categoryId: string, priority: "normal" | "important" | "urgent", leaderHeld: boolean) => choosePolicy(org, { categoryId, priority, leaderHeld })?.id;
    expect(chosen("labour", "normal", false)).toBe("ordinary");
    expect(chosen("land", "normal", false)).toBe("important");
    expect(chosen("labour", "important", false)).toBe("important");
    expect(chosen("labour", "urgent", false)).toBe("urgent");
    expect(chosen("labour", "normal", true)).toBe("leader");
    expect(chosen("land", "important", true)).toBe("leader-major");
    expect(chosen("labour", "urgent", true)).toBe("urgent");
  });
});

describe("promised dates on the office's calendar", () => {
  it("counts working days past the National Day holiday, and a calendar count ending on a holiday moves to the next working day", () => {
    const deadlines = deadlinesFor({ categoryId: "labour", priority: "normal", leaderHeld: false }, ctx())!;
    // 2 working days from Tuesday 29 September: Wednesday 30th, then Thursday 8 October (1–7 October off).
    expect(acceptDay(deadlines, beijing("2026-09-29", "10:00"), ctx())).toEqual({ day: "2026-10-08", provisional: false });
    // A week from 28 September is 5 October, a holiday: due on 8 October.
    expect(answerDay(deadlines, beijing("2026-09-28", "15:00"), ctx())).toEqual({ day: "2026-10-08", provisional: false });
    // Due at 18:00 Beijing time that day.
    expect(dueInstant("2026-10-08", deadlines, timeZone).toISOString()).toBe("2026-10-08T10:00:00.000Z");
  });

  it("marks a date counted through a year the calendar does not list as provisional, counting plain weekdays", () => {
    const deadlines = deadlinesFor({ categoryId: "labour", priority: "normal", leaderHeld: false }, ctx())!;
    expect(answerDay(deadlines, beijing("2026-12-28", "09:00"), ctx())).toEqual({ day: "2027-01-04", provisional: true });
  });

  it("never promises beyond the national limit, whatever a holiday does to a count of working days", () => {
    const org = localOrg();
    const long = { ...org.deadlinePolicies[0]!, acceptWithin: { days: 10, counting: "working" as const } };
    const deadlines = { policy: long, dueTime: "18:00", provisional: [], fired: [] };
    // Ten working days from 29 September end on 19 October; the regulation's 15 days end on 14 October.
    expect(acceptDay(deadlines, beijing("2026-09-29", "10:00"), ctx())).toEqual({ day: "2026-10-14", provisional: false });
  });
});

describe("a case keeps what it was promised", () => {
  it("is answered by its own policy's date after the organisation shortened the policy", () => {
    const org = handlingOrg();
    const shortened = { ...org, deadlinePolicies: org.deadlinePolicies.map((p) => ({ ...p, answerWithin: { days: 1, counting: "calendar" as const } })) };
    const decision = decide(registeredCase(), { kind: "accept" }, official("li"), new Date("2026-11-24T02:00:00Z"), { org: shortened, timeZone });
    // 60 days from 24 November: Saturday 23 January, kept there since the national 60 days end that day.
    expect(decision.ok && decision.outcome.next.answerBy).toBe("2027-01-23");
  });

  it("gets a leader's shorter dates when a leader takes it on (包案), and never a later one", () => {
    const org = { ...localOrg(), officials: [...handlingOrg().officials] };
    const accepted = registeredCase({ state: "accepted", answerBy: "2026-12-31", deadlines: deadlinesFor({ categoryId: "land", priority: "normal", leaderHeld: false }, { org, timeZone })! });
    const held = decide(accepted, { kind: "hold", input: { leaderOfficialId: "qian" } }, official("zhang"), beijing("2026-12-01", "10:00"), { org, timeZone });
    expect(held.ok && held.outcome.next).toMatchObject({ answerBy: "2026-12-08", deadlines: { policy: { id: "leader" } } });

    const soon = { ...accepted, answerBy: "2026-12-03" };
    const heldSoon = decide(soon, { kind: "hold", input: { leaderOfficialId: "qian" } }, official("zhang"), beijing("2026-12-01", "10:00"), { org, timeZone });
    expect(heldSoon.ok && heldSoon.outcome.next.answerBy).toBe("2026-12-03");
  });
});
