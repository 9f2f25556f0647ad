/**
 * Answer (办理意见): the handling official gives one of the three outcomes (三解) with the text
 * the petitioner will read. It waits for the unit head's approval (and the 包案 leader's) before
 * the petitioner sees it (approve-answer.ts); a new proposal replaces one not yet approved.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import type { AnswerOutcome } from "../handling";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";

export interface AnswerInput {
  outcome: AnswerOutcome;
  text: string;
}

const rule: Rule = { action: "answer", from: handlingStates, who: (s) => s.member || s.office };

export function decideAnswer(current: Case, input: AnswerInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!input.text.trim()) return refuse("invalid_input", "an answer needs the text the petitioner will read");
  const answer = { outcome: input.outcome, text: input.text, byOfficialId: standing.official.id, at: now.toISOString(), approvals: [] };
  const toState = current.state === "accepted" ? "in_progress" : current.state;
  return proceed(current, { state: toState, handling: { ...current.handling, answer } }, [
    {
      type: caseEventTypes.answerProposed,
      at: now,
      actor,
      fromState: current.state,
      toState,
      visibility: "internal",
      unitId: current.unitId,
      officialId: standing.official.id,
      payload: { outcome: input.outcome, text: input.text },
    },
  ]);
}
