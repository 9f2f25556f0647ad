/**
 * Reject a transfer (不批准转办): the petition office keeps the case with the unit that holds it,
 * saying why; the official who asked is told, and may ask again for another unit.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";
import { transferStates } from "./transfer";

const rule: Rule = { action: "reject_transfer", from: transferStates, who: (s) => s.office };

export function decideRejectTransfer(current: Case, input: { comment: string }, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const pending = current.handling.transfers?.pending;
  if (!pending) return refuse("wrong_state", `case ${current.trackingCode} has no transfer waiting for approval`);
  if (!input.comment.trim()) return refuse("invalid_input", "say why the transfer is not approved");
  return proceed(current, { handling: { ...current.handling, transfers: { count: current.handling.transfers?.count ?? 0 } } }, [
    {
      type: caseEventTypes.transferRejected,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.comment,
      unitId: pending.unitId,
      // The event names the official who asked: they are the one told.
      officialId: pending.byOfficialId,
      payload: { toUnitId: pending.unitId, comment: input.comment, requestedBy: pending.byOfficialId, reason: pending.reason },
    },
  ], { cancelNotices: ["transfer_approval"] });
}
