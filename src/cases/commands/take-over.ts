/**
 * Take over (补位接手): the head of the unit holding a case, or the stand-in the organisation file
 * names for the official holding it, takes the case into their own hands — most often because the
 * holder is away and the reminders came to them (src/cases/commands/wake.ts). The case stays with
 * its unit and in its state; the assignment moves to whoever takes it over, and the previous
 * holder is told they need do nothing more on it.
 *
 * The event is internal: the petitioner's case is still handled by the same unit, which is what
 * they were told; a change of desk inside the unit is the unit's own business, as a reassignment is.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import type { CaseState } from "../states";
import { check, handlingStates, isRefused, type Rule } from "./guard";

export interface TakeOverInput {
  /** Why, in the words of whoever takes it over (optional). */
  reason?: string;
}

/** Open handling: registered (not yet accepted) and the states the unit works in. */
export const takeOverFrom: readonly CaseState[] = ["registered", ...handlingStates];

/** The holder's stand-in, or the head of the holding unit; the holder must be of that unit. */
export function mayTakeOver(current: Case, officialId: string, org: OrgSnapshot, head: boolean): boolean {
  const holder = current.officialId ? org.officials.find((o) => o.id === current.officialId) : undefined;
  if (!holder || holder.unitId !== current.unitId || holder.id === officialId) return false;
  return head || holder.standInId === officialId;
}

const rule: Rule = {
  action: "take_over",
  from: takeOverFrom,
  // Only the holding unit's own people; which of them may is mayTakeOver's (the holder is told "already_done").
  who: (s) => s.member,
};

export function decideTakeOver(current: Case, input: TakeOverInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const me = standing.official;
  if (me.id === current.officialId) return refuse("already_done", `case ${current.trackingCode} is already ${me.id}'s`);
  if (!mayTakeOver(current, me.id, ctx.org, standing.head)) {
    return refuse("not_allowed", `official ${me.id} is neither the head of ${current.unitId} nor ${current.officialId ?? "nobody"}'s stand-in`);
  }
  const unitId = current.unitId!;
  const fromOfficialId = current.officialId!;
  const reason = input.reason?.trim();
  return proceed(
    current,
    { officialId: me.id },
    [
      {
        type: caseEventTypes.takenOver,
        at: now,
        actor,
        fromState: current.state,
        toState: current.state,
        visibility: "internal",
        ...(reason ? { reason } : {}),
        unitId,
        officialId: me.id,
        payload: { fromOfficialId, ...(reason ? { reason } : {}) },
      },
    ],
    { assignment: { unitId, officialId: me.id, ruleId: null } },
  );
}
