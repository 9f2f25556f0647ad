/**
 * Record a revisit (回访): after the answer, an official asks the petitioner — by phone, on a visit
 * or in chat — whether they are satisfied, and records their opinion in their own words. The
 * revisit is the record closure asks for; an unsatisfied petitioner reopens the case to its unit
 * (群众不满意不销号), which then owes a new answer.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { answerDay, marked, type PromiseContext } from "../../deadlines/promises";
import { caseEventTypes, type CaseEvent } from "../events";
import { restartHandling, type Revisit, type RevisitMethod, type Satisfaction } from "../handling";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";

export interface RevisitInput {
  method: RevisitMethod;
  satisfaction: Satisfaction;
  /** The petitioner's own words. */
  opinion: string;
  /** The day it took place (YYYY-MM-DD). */
  on: string;
}

const rule: Rule = { action: "revisit", from: ["answered"], who: (s) => s.member || s.owner || s.office };

export function decideRevisit(current: Case, input: RevisitInput, actor: Actor, now: Date, ctx: PromiseContext & { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!input.opinion.trim()) return refuse("invalid_input", "a revisit records the petitioner's own opinion");
  const revisit = { ...input, byOfficialId: standing.official.id, at: now.toISOString() };
  const revisited = {
    type: caseEventTypes.revisited,
    at: now,
    actor,
    fromState: current.state,
    toState: current.state,
    visibility: "internal" as const,
    unitId: current.unitId,
    officialId: standing.official.id,
    // The answer it concerns, so figures stay with the unit and official who gave it after transfers.
    payload: { ...input, answeredBy: current.handling.answer?.byOfficialId ?? null },
  };
  return afterRevisit(current, revisit, revisited, actor, now, ctx);
}

/**
 * What a revisit record (an official's, or the petitioner's own survey answer) does: satisfied, it
 * stands as the record closure asks for; unsatisfied, the case reopens to its unit with the
 * petitioner's words (群众不满意不销号) and a new answer-by date counted from now.
 */
export function afterRevisit(current: Case, revisit: Revisit, recorded: Omit<CaseEvent, "seq">, actor: Actor, now: Date, ctx: PromiseContext): Decision {
  // Sign-offs given before this revisit no longer count: they signed for what the petitioner had not yet said.
  if (revisit.satisfaction !== "unsatisfied") return proceed(current, { handling: { ...current.handling, revisit, signOffs: [] } }, [recorded]);
  const answer = current.deadlines ? answerDay(current.deadlines, now, ctx) : null;
  const dates = answer && current.deadlines ? { answerBy: answer.day, deadlines: marked(current.deadlines, "answerBy", answer, now) } : {};
  return proceed(current, { state: "reopened", handling: restartHandling(current.handling), ...dates }, [
    recorded,
    {
      type: caseEventTypes.reopened,
      at: now,
      actor,
      fromState: current.state,
      toState: "reopened",
      visibility: "petitioner",
      reason: revisit.opinion,
      unitId: current.unitId,
      officialId: current.officialId,
      payload: { why: "unsatisfied_revisit", ...(answer ? { answerBy: answer.day } : {}) },
    },
  ]);
}
