/**
 * Approve a transfer (批准转办): the petition office lets a transfer across townships that the
 * holding unit asked for go ahead. It is checked again as the case stands now (the unit may have
 * been deactivated, the case may have moved on) and then happens as transfer.ts describes.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";
import { refuseTarget, transferNow, transferStates, type TransferFacts } from "./transfer";

const rule: Rule = { action: "approve_transfer", from: transferStates, who: (s) => s.office };

export function decideApproveTransfer(current: Case, facts: TransferFacts, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const pending = current.handling.transfers?.pending;
  // Another admin decided it first: the loser hears what the case is now.
  if (!pending) return refuse("wrong_state", `case ${current.trackingCode} has no transfer waiting for approval`);
  const refused = refuseTarget(current, pending.unitId, ctx.org);
  if (refused) return refused;
  return transferNow(current, { unitId: pending.unitId, reason: pending.reason, requestedBy: pending.byOfficialId, approvedBy: standing.official.id, crossTownship: true }, facts, actor, now, ctx);
}
