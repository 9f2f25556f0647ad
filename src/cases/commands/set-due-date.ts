/**
 * Set a due date (限期办结): those an overdue case escalates to — the unit head, a responsible
 * leader of the case, the petition office — give it a new answer-by day with a reason. The
 * handler hears it as a supervision order, the petitioner hears the new day and why (the
 * regulation has the petitioner told whenever the date moves). The timers follow the new day: its
 * reminders and, if it passes too, its own escalation from the first level.
 *
 * No day goes beyond the national limit (60 days from acceptance and one extension of 30),
 * whoever sets it; a day already past, or the day the case has now, is asked for again. While an
 * extension request waits, its decision comes first: two dates at once would leave the handler
 * not knowing which one holds.
 */
import { dayInZone, isDay } from "../../kernel/dates";
import { latestAnswerDay, marked } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";

export interface SetDueDateInput {
  /** The new answer-by day, YYYY-MM-DD, in the office's time zone. */
  day: string;
  /** Why, in the official's words: the petitioner reads it. */
  reason: string;
}

const rule: Rule = { action: "set the due date of", from: handlingStates, who: (s) => s.head || s.leader || s.office };

export function decideSetDueDate(current: Case, input: SetDueDateInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const answerBy = current.answerBy;
  if (!answerBy || !current.deadlines) return refuse("no_deadline_policy", `case ${current.trackingCode} has no answer-by date`);
  const asked = current.handling.extension;
  if (asked?.status === "pending") return refuse("already_done", `an extension of case ${current.trackingCode} waits for the head`, { because: { why: "extension_pending", toAnswerBy: asked.toAnswerBy } });
  const reason = input.reason.trim();
  if (!reason) return refuse("invalid_input", "a new due date needs its reason");
  if (!isDay(input.day)) return refuse("invalid_input", `"${input.day}" is not a day`);

  const today = dayInZone(now, ctx.timeZone);
  const latest = latestAnswerDay(current, ctx.timeZone);
  if (input.day < today) return refuse("invalid_input", `${input.day} is past`, { because: { why: "date_in_past", day: input.day, today } });
  if (input.day === answerBy) return refuse("invalid_input", `${input.day} is the date already`, { because: { why: "due_date_unchanged", answerBy } });
  if (input.day > latest) return refuse("invalid_input", `${input.day} is beyond the national limit ${latest}`, { because: { why: "beyond_national_limit", latest } });

  // A day a person chose is not provisional, whatever the calendar file covers; its count still
  // began at acceptance, so the national limit stays where it was.
  const deadlines = marked(current.deadlines, "answerBy", { day: input.day, provisional: false });
  return proceed(current, { answerBy: input.day, deadlines }, [
    {
      type: caseEventTypes.dueDateSet,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "petitioner",
      reason,
      unitId: current.unitId,
      // The handler: they are told the new day as a supervision order.
      officialId: current.officialId,
      payload: { date: "answerBy", fromAnswerBy: answerBy, answerBy: input.day, reason },
    },
  ]);
}
