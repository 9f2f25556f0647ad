/**
 * The timer steps of an answer's satisfaction survey (回访): the survey some hours after the answer
 * reached the petitioner, its reminders, and — with no reply after them — the survey given up as
 * unanswered, so the handler revisits by phone or in person instead. Planned only while the case
 * is answered and nobody has recorded a revisit: a reply, or the handler's revisit, ends them.
 * Each answer gets its own series (the steps carry its delivery instant), so a reopened case
 * answered again is surveyed again. When the petitioner is asked is the notices' concern: a
 * survey due at night waits for the morning (src/casework/owe-notices.ts).
 */
import type { Case } from "../cases/case";
import type { TimerStep } from "../deadlines/timer-step";
import { followUpOf, type FollowUpPolicy } from "./policy";

const hours = (from: Date, n: number) => new Date(from.getTime() + n * 3_600_000);

export function surveySteps(current: Case, policy: { followUp?: FollowUpPolicy }): TimerStep[] {
  const delivered = current.handling.answer?.deliveredAt;
  if (current.state !== "answered" || !delivered || current.handling.revisit) return [];
  const followUp = followUpOf(policy);
  const asked = hours(new Date(delivered), followUp.surveyAfterHours);
  const step = (kind: TimerStep["kind"], level: number, at: Date): TimerStep => ({ kind, date: null, level, day: delivered, at });
  return [
    step("survey", 1, asked),
    ...followUp.remindAfterHours.filter((n) => n < followUp.giveUpAfterHours).map((n, i) => step("survey_reminder", i + 1, hours(asked, n))),
    step("survey_unanswered", 1, hours(asked, followUp.giveUpAfterHours)),
  ];
}
