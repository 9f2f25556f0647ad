/**
 * The dates a case is promised, and the policy it keeps. Acceptance is promised from submission,
 * the answer from acceptance, each counted as its policy says on the office's calendar and due at
 * the office's due time on that day (e.g. 18:00 Beijing time). No date goes beyond the national
 * limit, whatever a long holiday does to a count of working days. The case copies the policy, so
 * a later change to the organisation's policies never rewrites what it was promised.
 */
import { addDays, dayInZone, instantAt } from "../kernel/dates";
import { addCounting, plainWeekdays, type CountedDay, type WorkCalendar } from "./calendar";
import { choosePolicy, nationalLimits, type DeadlinePolicy, type DeadlineRule, type PolicyFacts } from "./policy";

/** The office's day: its calendar, when a due date ends, when it works and when it lets citizens sleep. */
export interface OfficeDay {
  calendar: WorkCalendar;
  /** The time of day ("18:00") a due date ends, in the office's time zone. */
  dueTime: string;
  /** Reminders to officials go out within these hours of a working day. */
  workingHours: { from: string; to: string };
  /** Notices to petitioners wait out this window (it may pass midnight: 21:00–08:00). */
  quietHours: { from: string; to: string };
}

/**
 * The office's day before anyone configures it: due at 18:00, working 08:30–17:30, quiet 21:00–08:00,
 * and no calendar file (plain weekdays, every date provisional). The app reads the real calendar.
 */
export const standardOfficeDay: OfficeDay = {
  calendar: plainWeekdays,
  dueTime: "18:00",
  workingHours: { from: "08:30", to: "17:30" },
  quietHours: { from: "21:00", to: "08:00" },
};

export type PromisedDate = "acceptBy" | "answerBy";

/** What a case keeps of its deadlines. */
export interface CaseDeadlines {
  /** The policy as it was when the case got it. */
  policy: DeadlinePolicy;
  /** The office's due time then. */
  dueTime: string;
  /** Dates counted through days the calendar did not list: to be confirmed once it does. */
  provisional: PromisedDate[];
  /** Timer steps already taken ("kind/level/day", ../deadlines/schedule.ts): each happens once. */
  fired: string[];
  /**
   * When each date's count began (an ISO instant): acceptance from registration (the submission, a
   * transfer), the answer from acceptance. Cases promised before it was kept lack it: their
   * submission stands in, which only ever makes a wait look longer, never shorter.
   */
  since?: Partial<Record<PromisedDate, string>>;
}

export interface PromiseContext {
  org: { deadlinePolicies: readonly DeadlinePolicy[]; deadlineRules: readonly DeadlineRule[]; categories: readonly { id: string; deadlinePolicyId: string }[]; office: OfficeDay };
  timeZone: string;
}

/** The policy for these facts, copied for the case; undefined when the organisation names none. */
export function deadlinesFor(facts: PolicyFacts, ctx: PromiseContext): CaseDeadlines | undefined {
  const policy = choosePolicy(ctx.org, facts);
  return policy && { policy, dueTime: ctx.org.office.dueTime, provisional: [], fired: [] };
}

/** The day by which acceptance is decided, for a case submitted (or transferred) at `from`. */
export function acceptDay(deadlines: CaseDeadlines, from: Date, ctx: PromiseContext): CountedDay {
  return countFrom(from, deadlines.policy.acceptWithin, nationalLimits.acceptWithin.days, ctx);
}

/** The day by which the case is answered, for a case accepted at `from`. */
export function answerDay(deadlines: CaseDeadlines, from: Date, ctx: PromiseContext): CountedDay {
  return countFrom(from, deadlines.policy.answerWithin, nationalLimits.answerWithin.days, ctx);
}

function countFrom(from: Date, span: DeadlinePolicy["acceptWithin"], limitDays: number, ctx: PromiseContext): CountedDay {
  const start = dayInZone(from, ctx.timeZone);
  const counted = addCounting(ctx.org.office.calendar, start, span.days, span.counting);
  const limit = addDays(start, limitDays);
  return counted.day <= limit ? counted : { day: limit, provisional: counted.provisional };
}

/**
 * The deadlines with `date` marked provisional or confirmed as its count says (null: the case has
 * no such date now), and, given `countedFrom`, the instant its count began.
 */
export function marked(deadlines: CaseDeadlines, date: PromisedDate, counted: CountedDay | null, countedFrom?: Date): CaseDeadlines {
  const others = deadlines.provisional.filter((d) => d !== date);
  const { [date]: _dropped, ...otherSince } = deadlines.since ?? {};
  const since = counted === null ? otherSince : countedFrom ? { ...otherSince, [date]: countedFrom.toISOString() } : deadlines.since;
  return { ...deadlines, provisional: counted?.provisional ? [...others, date] : others, ...(since ? { since } : {}) };
}

/** When the count of `date` began: kept since it was counted, else the submission (older cases). */
export function countedSince(current: { deadlines: CaseDeadlines | null; submittedAt: Date }, date: PromisedDate): Date {
  const since = current.deadlines?.since?.[date];
  return since ? new Date(since) : current.submittedAt;
}

/**
 * The last day an answer may ever be promised (信访工作条例): 60 days from acceptance and one
 * extension of at most 30 — whoever sets the date, and however late the case already is.
 */
export function latestAnswerDay(current: { deadlines: CaseDeadlines | null; submittedAt: Date }, timeZone: string): string {
  return addDays(dayInZone(countedSince(current, "answerBy"), timeZone), nationalLimits.answerWithin.days + nationalLimits.extensionDays.days);
}

/** The instant a due day ends: the office's due time that day, in its time zone. */
export function dueInstant(day: string, deadlines: Pick<CaseDeadlines, "dueTime">, timeZone: string): Date {
  return instantAt(day, deadlines.dueTime, timeZone);
}

/**
 * The case's deadlines once facts that choose its policy changed (a leader took it on, its priority
 * changed): the policy those facts choose now, and its dates counted from now — but a date already
 * promised only ever moves earlier, never later. Undefined when the organisation names no policy.
 */
export function rechosen(
  current: { deadlines: CaseDeadlines | null; acceptBy: string | null; answerBy: string | null },
  facts: PolicyFacts,
  now: Date,
  ctx: PromiseContext,
): { deadlines: CaseDeadlines; acceptBy: string | null; answerBy: string | null } | undefined {
  const chosen = deadlinesFor(facts, ctx);
  if (!chosen) return undefined;
  let deadlines: CaseDeadlines = { ...chosen, fired: current.deadlines?.fired ?? [], provisional: current.deadlines?.provisional ?? [] };
  const earlier = (date: PromisedDate, promised: string | null, counted: CountedDay) => {
    if (promised === null || promised <= counted.day) return promised;
    // Its count still began when it first did: the national limits run from there.
    deadlines = marked(deadlines, date, counted);
    return counted.day;
  };
  const acceptBy = earlier("acceptBy", current.acceptBy, acceptDay(deadlines, now, ctx));
  const answerBy = earlier("answerBy", current.answerBy, answerDay(deadlines, now, ctx));
  return { deadlines, acceptBy, answerBy };
}
