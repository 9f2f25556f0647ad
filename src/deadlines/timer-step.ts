/**
 * A timer step: something a case's dates (or its answer's follow-up) make happen at a moment — a
 * reminder, an escalation level, a progress notice, a survey and its reminders — and its identity,
 * by which it is taken once. Its own file so the deadline schedule and the follow-up schedule
 * (src/followup) share it without importing each other.
 */
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
  | "progress"
  // ── follow-up (回访): after the answer reached the petitioner ──
  /** The satisfaction survey goes to the petitioner (满意 / 基本满意 / 不满意). */
  | "survey"
  /** No reply yet: the petitioner is asked again (level = which reminder). */
  | "survey_reminder"
  /** No reply after the last reminder: the survey is unanswered and the handler revisits instead. */
  | "survey_unanswered";

export interface TimerStep {
  kind: TimerKind;
  /** The promised date the step is about; null for progress notices. */
  date: PromisedDate | null;
  level: number;
  /**
   * The due day it concerns, YYYY-MM-DD; for progress, the day of the notice; for the follow-up,
   * the instant the answer was delivered (each answer, a reopened case's too, gets its own survey).
   */
  day: string;
  /** When it is due. */
  at: Date;
}

/** The step's identity: (kind, date, level, day). The same step is never taken twice. */
export function stepKey(step: Pick<TimerStep, "kind" | "date" | "level" | "day">): string {
  return `${step.kind}/${step.date ?? "-"}/${step.level}/${step.day}`;
}
