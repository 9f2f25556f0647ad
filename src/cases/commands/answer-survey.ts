/**
 * The petitioner answers the satisfaction survey (回访) in chat: 满意 / 基本满意 / 不满意, and
 * their words. Their answer is the revisit record closure asks for, with their opinion in their
 * own words (seed 001); not satisfied, the case reopens to its unit as an official's unsatisfied
 * revisit does. Only the petitioner of the case, only while it is answered and not yet revisited;
 * a reply days later, after the survey was given up, still counts.
 */
import type { Satisfaction } from "../../kernel/answers";
import { satisfactions } from "../../kernel/answers";
import { dayInZone } from "../../kernel/dates";
import type { PromiseContext } from "../../deadlines/promises";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { refuse, type Decision } from "../outcome";
import { afterRevisit } from "./revisit";

export interface AnswerSurveyInput {
  satisfaction: Satisfaction;
  /** What they wrote, as they wrote it (a pressed button: the option's words). */
  opinion: string;
}

export function decideAnswerSurvey(current: Case, input: AnswerSurveyInput, actor: Actor, now: Date, ctx: PromiseContext): Decision {
  if (actor.kind !== "person" || actor.id !== current.personId) return refuse("not_allowed", "only the petitioner answers their survey");
  if (current.state !== "answered" || !current.handling.answer?.deliveredAt) return refuse("wrong_state", `case ${current.trackingCode} waits for no survey answer`);
  if (current.handling.revisit) return refuse("already_done", `case ${current.trackingCode} has its revisit already`);
  if (!satisfactions.includes(input.satisfaction)) return refuse("invalid_input", "a survey answer is one of the three ratings");
  const opinion = input.opinion.trim() || input.satisfaction;
  const revisit = { method: "chat" as const, satisfaction: input.satisfaction, opinion, on: dayInZone(now, ctx.timeZone), at: now.toISOString() };
  const answered = {
    type: caseEventTypes.surveyAnswered,
    at: now,
    actor,
    fromState: current.state,
    toState: current.state,
    visibility: "petitioner" as const,
    unitId: current.unitId,
    // Whose answer it rates: figures stay with them after a transfer.
    officialId: current.handling.answer.byOfficialId,
    payload: { satisfaction: input.satisfaction, opinion, answeredBy: current.handling.answer.byOfficialId },
  };
  return afterRevisit(current, revisit, answered, actor, now, ctx);
}

