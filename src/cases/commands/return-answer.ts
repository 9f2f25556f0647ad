/**
 * Return an answer (退回修改): whoever may approve it sends it back to the handler with a comment;
 * the handler gives a new one.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { approverRole, mayApprove } from "./approve-answer";
import { check, handlingStates, isRefused, type Rule } from "./guard";

const rule: Rule = { action: "return", from: handlingStates, who: mayApprove };

export function decideReturnAnswer(current: Case, input: { comment: string }, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!approverRole(standing, current, ctx.org)) return refuse("not_allowed", `${standing.official.id} cannot return answers of case ${current.trackingCode}`);
  const answer = current.handling.answer;
  if (!answer) return refuse("wrong_state", "there is no answer waiting for approval");
  if (!input.comment.trim()) return refuse("invalid_input", "say what is to change");
  const { answer: _returned, ...rest } = current.handling;
  return proceed(current, { handling: rest }, [
    {
      type: caseEventTypes.answerReturned,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.comment,
      unitId: current.unitId,
      // The event names the handler whose answer it was: they are the one told.
      officialId: answer.byOfficialId,
      payload: { comment: input.comment, outcome: answer.outcome, text: answer.text },
    },
  ]);
}
