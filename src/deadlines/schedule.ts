/**
 * What a case's deadlines make happen, and when: the timer steps of a case (reminders before and
 * on a due date, the unit head told of an assignment nobody accepted, escalation one level at a
 * time once a date has passed, progress notices to the petitioner), each at its moment in the
 * office's day — and, once answered, its follow-up survey (src/followup/survey-schedule.ts). Pure: the case and the clock's time in, the steps out. BullMQ delayed jobs and
 * the sweep only wake a case up; the `wake` command (src/cases/commands/wake.ts) takes the steps
 * whose time has come, each once (its key is in the case's deadlines.fired and is a unique row).
 */
import type { Case } from "../cases/case";
import type { OrgSnapshot } from "../org/types";
import { openStates } from "../cases/states";
import { addDays, dayInZone, instantAt } from "../kernel/dates";
import { countedSince, dueInstant, type CaseDeadlines, type PromisedDate } from "./promises";
import { stepKey, type TimerKind, type TimerStep } from "./timer-step";
import { surveySteps } from "../followup/survey-schedule";
import { afterWorkingHours, workingDayOnOrBefore, workingDaysAfter, workingDaysBefore, workStart } from "./working-hours";

export type { TimerKind, TimerStep };
export { stepKey };

export interface ScheduleContext {
  org: OrgSnapshot;
  timeZone: string;
}

/** Every step the case's current dates (and its answer's follow-up) call for, taken or not, soonest first. */
export function plannedSteps(current: Case, ctx: ScheduleContext): TimerStep[] {
  const deadlines = current.deadlines;
  if (!deadlines) return [];
  return [...deadlineSteps(current, deadlines, ctx), ...surveySteps(current, deadlines.policy)].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The steps of an open case's dates: reminders, escalation, progress notices. */
function deadlineSteps(current: Case, deadlines: CaseDeadlines, ctx: ScheduleContext): TimerStep[] {
  if (!(openStates as readonly string[]).includes(current.state)) return [];
  const steps: TimerStep[] = [];
  const { policy } = deadlines;
  const office = ctx.org.office;
  const date = dateThatApplies(current);
  const dueDay = date && current[date];
  if (date === "acceptBy" && dueDay) {
    // The wait counts from when the unit got the case: the submission, or the transfer to it.
    const waitingSince = countedSince(current, "acceptBy");
    steps.push({ kind: "unaccepted", date, level: 1, day: dueDay, at: afterWorkingHours(office, waitingSince, policy.unacceptedAfterHours, ctx.timeZone) });
  }
  if (date && dueDay) {
    // A reminder "n days before" that would fall before the date's count began (a short date) is dropped.
    const countStart = countedSince(current, date);
    steps.push(...dueDateSteps(date, dueDay, deadlines, ctx).filter((step) => step.kind !== "due_soon" || step.at >= countStart));
  }
  steps.push(...progressSteps(current, deadlines, ctx));
  return steps;
}

/** The date the case is waiting on now: acceptance while registered, the answer while handled. */
function dateThatApplies(current: Case): PromisedDate | null {
  if (current.state === "registered") return "acceptBy";
  if (current.state === "accepted" || current.state === "in_progress" || current.state === "reopened") return "answerBy";
  return null;
}

/** Reminders before and on the due day, then the escalation chain once it has passed. */
function dueDateSteps(date: PromisedDate, dueDay: string, deadlines: CaseDeadlines, ctx: ScheduleContext): TimerStep[] {
  const office = ctx.org.office;
  const { policy } = deadlines;
  const steps: TimerStep[] = [];
  for (const n of policy.remindDaysBefore) {
    steps.push({ kind: "due_soon", date, level: n, day: dueDay, at: workStart(office, workingDaysBefore(office, dueDay, n), ctx.timeZone) });
  }
  steps.push({ kind: "due_today", date, level: 1, day: dueDay, at: workStart(office, workingDayOnOrBefore(office, dueDay), ctx.timeZone) });
  let stepDay = dueDay;
  let at = dueInstant(dueDay, deadlines, ctx.timeZone);
  policy.escalation.forEach((step, i) => {
    // 0 working days: at the same moment as the step before (the first: the moment the date passed).
    if (step.afterWorkingDays > 0) {
      stepDay = workingDaysAfter(office, stepDay, step.afterWorkingDays);
      at = workStart(office, stepDay, ctx.timeZone);
    }
    steps.push({ kind: "overdue", date, level: i + 1, day: dueDay, at });
  });
  return steps;
}

/**
 * Progress notices every progressEveryDays calendar days from submission, as the petitioner's
 * quiet hours end that day, until the answer is delivered. The series has no end of its own, so
 * it is planned up to the first notice not yet taken: taking it brings the next one into view.
 */
function progressSteps(current: Case, deadlines: CaseDeadlines, ctx: ScheduleContext): TimerStep[] {
  const every = deadlines.policy.progressEveryDays;
  if (!every || every <= 0 || current.state === "under_review") return [];
  const delivered = current.handling.answer?.deliveredAt;
  const deliveredAt = delivered ? new Date(delivered).getTime() : Infinity;
  const fired = new Set(deadlines.fired);
  const submittedDay = dayInZone(current.submittedAt, ctx.timeZone);
  const steps: TimerStep[] = [];
  for (let level = 1; level <= maxProgressNotices; level++) {
    const day = addDays(submittedDay, level * every);
    const step: TimerStep = { kind: "progress", date: null, level, day, at: instantAt(day, ctx.org.office.quietHours.to, ctx.timeZone) };
    if (step.at.getTime() >= deliveredAt) break;
    steps.push(step);
    if (!fired.has(stepKey(step))) break;
  }
  return steps;
}

/** A bound on a series that would otherwise only end with the case. */
const maxProgressNotices = 1000;

/** The steps due at `now` and not yet taken. */
export function dueSteps(current: Case, now: Date, ctx: ScheduleContext): TimerStep[] {
  const fired = new Set(current.deadlines?.fired ?? []);
  return plannedSteps(current, ctx).filter((step) => step.at <= now && !fired.has(stepKey(step)));
}

/** When the case next needs waking: its first step not yet taken; null when nothing is pending. */
export function nextWakeUp(current: Case, ctx: ScheduleContext): Date | null {
  const fired = new Set(current.deadlines?.fired ?? []);
  return plannedSteps(current, ctx).find((step) => !fired.has(stepKey(step)))?.at ?? null;
}
