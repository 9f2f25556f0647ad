/**
 * Reassign (改派): the petition office gives a case to another official — most often one that
 * nobody can be told about, because neither its official nor the unit's head has a chat account
 * (item 6 of case handling). The current assignment ends, the new official holds the case (with
 * their unit, when it is another), and they are told as any assigned official is, with the actions.
 * The state stays: an accepted case stays accepted, now in the new official's hands; the
 * first-contact owner (首问) and a 包案 leader stay too.
 *
 * Who: a petition office admin in chat, or Minqing itself on an operator's command (`npm run
 * admin -- reassign`), which acts as the system and says so in the event (`via`, `operator`).
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import type { CaseState } from "../states";
import { check, isRefused, type Rule } from "./guard";

export interface ReassignInput {
  officialId: string;
  /** Why, in the words of whoever reassigns (optional). */
  reason?: string;
  /** Where the order came from: a chat account, or the admin command at a terminal. */
  via: "chat" | "admin-cli";
  /** The operator's login at the terminal, for the record (admin-cli only). */
  operator?: string;
}

/** Every state in which someone still has work on the case (an answered case waits for its revisit and sign-offs). */
const reassignableFrom: readonly CaseState[] = ["registered", "accepted", "in_progress", "answered", "reopened", "under_review"];

const rule: Rule = { action: "reassign", from: reassignableFrom, who: (s) => s.office };

export function decideReassign(current: Case, input: ReassignInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  // The system acts only where a trusted operator told it to (the admin command); people need the standing.
  if (actor.kind !== "system") {
    const standing = check(rule, current, actor, ctx.org);
    if (isRefused(standing)) return standing;
  } else if (!reassignableFrom.includes(current.state)) {
    return refuse("wrong_state", `reassign: the case is ${current.state}`);
  }
  const official = ctx.org.officials.find((o) => o.id === input.officialId && o.active);
  if (!official) return refuse("invalid_input", `no active official ${input.officialId}`);
  if (official.id === current.officialId) return refuse("already_done", `case ${current.trackingCode} is already ${official.id}'s`);
  const unitId = official.unitId;
  // A conduct complaint never goes to the unit it accuses, nor to the accused official's unit (2022 regulation), as with a transfer.
  const accused = current.handling.accused;
  const accusedOfficialUnit = accused?.officialId ? ctx.org.officials.find((o) => o.id === accused.officialId)?.unitId : undefined;
  if (accused?.unitId === unitId || accusedOfficialUnit === unitId) return refuse("transfer_to_accused", `case ${current.trackingCode} complains about ${unitId} or one of its officials`);
  return proceed(
    current,
    { unitId, officialId: official.id },
    [
      {
        type: caseEventTypes.reassigned,
        at: now,
        actor,
        fromState: current.state,
        toState: current.state,
        visibility: "internal",
        ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
        unitId,
        officialId: official.id,
        payload: {
          from: { unitId: current.unitId, officialId: current.officialId },
          via: input.via,
          ...(input.operator ? { operator: input.operator } : {}),
        },
      },
    ],
    { assignment: { unitId, officialId: official.id, ruleId: null } },
  );
}
