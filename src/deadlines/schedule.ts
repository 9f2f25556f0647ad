/**
 * What a case's deadlines make happen, and when: the timer steps of a case (reminders before and
 * on a due date, the unit head told of an assignment nobody accepted, escalation one level at a
 * time once a date has passed, progress notices to the petitioner), each at its moment in the
 * office's day. Pure: the case and the clock's time in, the steps out. BullMQ delayed jobs and
 * the sweep only wake a case up; the `wake` command (src/cases/commands/wake.ts) takes the steps
 * whose time has come, each once (its key is in the case's deadlines.fired and is a unique row).
 */
import type { Case } from "../cases/case";
import type { OrgSnapshot } from "../org/types";
import type { PromisedDate } from "./promises";

export type TimerKind =
  /** An assignment nobody accepted within the policy's unacceptedAfterHours: the unit head hears. */
  | "unaccepted"
  /** remindDaysBefore working days before a due date: the handler hears it is near (level = days before). */
  | "due_soon"
  /** The morning of the due day: the handler hears it is today. */
  | "due_today"
  /** The date passed: escalation step `level` (1 = the policy's first step) hears. */
  | "overdue"
  /** Every progressEveryDays while open: the petitioner hears it is still being handled (level = count). */
  | "progress";

export interface TimerStep {
  kind: TimerKind;
  /** The promised date the step is about; null for progress notices. */
  date: PromisedDate | null;
  level: number;
  /** The due day it concerns (for progress: the day of the notice), YYYY-MM-DD. */
  day: string;
  /** When it is due. */
  at: Date;
}

/** The step's identity: (kind, date, level, day). The same step is never taken twice. */
export function stepKey(step: Pick<TimerStep, "kind" | "date" | "level" | "day">): string {
  return `${step.kind}/${step.date ?? "-"}/${step.level}/${step.day}`;
}

export interface ScheduleContext {
  org: OrgSnapshot;
  timeZone: string;
}

/** Every step the case's current dates call for, taken or not, soonest first. */
export function plannedSteps(_current: Case, _ctx: ScheduleContext): TimerStep[] {
  return [];
}

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
