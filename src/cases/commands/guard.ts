/**
 * The two checks every handling command makes, in this order: does the actor have standing for it
 * (refused and audited when not), and is the case in a state it applies to (refused with the state,
 * which is how the loser of a race learns the case has moved on).
 */
import type { OrgSnapshot } from "../../org/types";
import { standingOf, type Standing } from "../authority";
import type { Actor, Case } from "../case";
import { refuse, type Refused } from "../outcome";
import type { CaseState } from "../states";

export interface Rule {
  /** The action's name, for the record and the audit log ("accept", "answer"). */
  action: string;
  from: readonly CaseState[];
  who(standing: Standing, current: Case): boolean;
}

/** The actor's standing when the rule allows the action now; a refusal otherwise. */
export function check(rule: Rule, current: Case, actor: Actor, org: OrgSnapshot): Standing | Refused {
  const standing = standingOf(actor, current, org);
  if (!standing || !rule.who(standing, current)) {
    const who = actor.kind === "system" ? "the system" : `${actor.kind} ${actor.id}`;
    return refuse("not_allowed", `${who} may not ${rule.action} case ${current.trackingCode}`);
  }
  if (!rule.from.includes(current.state)) return refuse("wrong_state", `${rule.action}: the case is ${current.state}`);
  return standing;
}

export const isRefused = (checked: Standing | Refused): checked is Refused => "refusal" in checked;

/** States in which the unit is working on the case (after acceptance, before the answer goes out). */
export const handlingStates = ["accepted", "in_progress", "reopened"] as const satisfies readonly CaseState[];

/** States in which the case is still open to the petitioner's additions and withdrawal. */
export const petitionerOpenStates = ["registered", "accepted", "in_progress", "answered", "reopened"] as const satisfies readonly CaseState[];

