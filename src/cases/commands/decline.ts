/**
 * Decline as out of scope (不予受理): an acceptance decision, so the unit head or the petition
 * office takes it, with the reason and where the petitioner should go instead (告知).
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";

export interface DeclineInput {
  reason: string;
  /** Where to go instead (the court, another authority), in words the petitioner will read. */
  redirect: string;
}

const rule: Rule = { action: "decline", from: ["registered", "accepted"], who: (s) => s.head || s.office };

export function decideDecline(current: Case, input: DeclineInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!input.reason.trim()) return refuse("invalid_input", "a decline needs its reason");
  return proceed(current, { state: "declined" }, [
    {
      type: caseEventTypes.declined,
      at: now,
      actor,
      fromState: current.state,
      toState: "declined",
      visibility: "petitioner",
      reason: input.reason,
      unitId: current.unitId,
      officialId: standing.official.id,
      payload: { reason: input.reason, redirect: input.redirect },
    },
  ]);
}
