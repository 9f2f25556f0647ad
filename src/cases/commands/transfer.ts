/**
 * Transfer (转办): the unit holding a case hands it to the unit that should handle it, with the
 * reason. A member of the holding unit asks; the petition office transfers at once. A transfer
 * across townships (src/org/township.ts) asked by the holding unit waits for the petition office
 * (approve-transfer.ts, reject-transfer.ts); one within a township, or between county bureaus,
 * happens at once.
 *
 * What a transfer does: the case goes to the receiving unit and to the official routing would
 * choose there, back to `registered`, so that unit accepts it anew; the acceptance period starts
 * again from the day it arrives (the receiving unit is owed the full period, as with a new case);
 * the answer date goes until it is accepted; an answer not yet approved goes with the old unit.
 * The first-contact owner (首问负责) stays the owner, and a 包案 leader keeps holding it. The case
 * counts its transfers; one passed on more than `maxTransfers` times is flagged to the petition office. A conduct complaint is never
 * transferred to the unit it accuses, nor to the accused official's unit (2022 regulation).
 */
import { acceptDay, marked } from "../../deadlines/promises";
import { dayInZone } from "../../kernel/dates";
import { crossesTownships } from "../../org/township";
import type { OrgSnapshot } from "../../org/types";
import { officialForUnit } from "../../routing/route";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { restartHandling } from "../handling";
import { proceed, refuse, type Decision, type Refused } from "../outcome";
import type { CaseState } from "../states";
import { check, isRefused, type Rule } from "./guard";

/** MAX_TRANSFERS unset: a case passed on a third time is flagged (two transfers can be honest corrections). */
export const defaultMaxTransfers = 2;

/** What the store and the settings add to a transfer a person asks for. */
export interface TransferFacts {
  /** Open cases per official, to choose who in the receiving unit takes it, as routing does. */
  openCases: ReadonlyMap<string, number>;
  /** A case transferred more often than this is flagged to the petition office (MAX_TRANSFERS). */
  maxTransfers: number;
}

export interface TransferInput extends TransferFacts {
  /** The unit to take the case over. */
  unitId: string;
  /** Why, in words the receiving unit and the petition office read. */
  reason: string;
}

/** A case may change unit while its unit has yet to answer it: before acceptance, while handled, reopened. */
export const transferStates = ["registered", "accepted", "in_progress", "reopened"] as const satisfies readonly CaseState[];

const rule: Rule = { action: "transfer", from: transferStates, who: (s) => s.member || s.office };

export function decideRequestTransfer(current: Case, input: TransferInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  // The office's own transfer settles the question a pending request put to it.
  if (current.handling.transfers?.pending && !standing.office) return refuse("transfer_pending", `case ${current.trackingCode} has a transfer waiting for the petition office`);
  const refused = refuseTarget(current, input.unitId, ctx.org);
  if (refused) return refused;
  if (!input.reason.trim()) return refuse("invalid_input", "a transfer needs its reason");
  const crossTownship = crossesTownships(ctx.org, current.unitId, input.unitId);
  if (!crossTownship || standing.office) return transferNow(current, { unitId: input.unitId, reason: input.reason, requestedBy: standing.official.id, approvedBy: null, crossTownship }, input, actor, now, ctx);

  const pending = { unitId: input.unitId, fromUnitId: current.unitId, reason: input.reason, byOfficialId: standing.official.id, at: now.toISOString() };
  return proceed(current, { handling: { ...current.handling, transfers: { count: current.handling.transfers?.count ?? 0, pending } } }, [
    {
      type: caseEventTypes.transferRequested,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.reason,
      // The unit the step concerns: where the case would go.
      unitId: input.unitId,
      officialId: standing.official.id,
      payload: { fromUnitId: current.unitId, toUnitId: input.unitId, reason: input.reason },
    },
  ]);
}

/** Why the case may not go to `unitId`, if it may not. */
export function refuseTarget(current: Case, unitId: string, org: OrgSnapshot): Refused | undefined {
  const unit = org.units.find((u) => u.id === unitId && u.active);
  if (!unit) return refuse("invalid_input", `no active unit ${unitId || "(none)"}`);
  if (unit.id === current.unitId) return refuse("transfer_to_same_unit", `case ${current.trackingCode} is with ${unitId} already`);
  const accused = current.handling.accused;
  const accusedOfficialUnit = accused?.officialId ? org.officials.find((o) => o.id === accused.officialId)?.unitId : undefined;
  if (accused?.unitId === unitId || accusedOfficialUnit === unitId) return refuse("transfer_to_accused", `case ${current.trackingCode} complains about ${unitId} or one of its officials`);
  return undefined;
}

export interface TransferDecided {
  unitId: string;
  reason: string;
  requestedBy: string;
  /** The petition office official who approved a request across townships. */
  approvedBy: string | null;
  crossTownship: boolean;
}

/** The transfer itself, once allowed (and approved where it needs to be). */
export function transferNow(current: Case, transfer: TransferDecided, facts: TransferFacts, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  if (!current.deadlines) return refuse("no_deadline_policy", `case ${current.trackingCode} has no deadline policy`);
  const today = dayInZone(now, ctx.timeZone);
  // The receiving unit decides on acceptance within the same time as the first one had.
  const accept = acceptDay(current.deadlines, now, ctx);
  const acceptBy = accept.day;
  const { officialId, officialReason } = officialForUnit(ctx.org, transfer.unitId, { areaId: current.areaId, day: today, openCases: facts.openCases });
  const count = (current.handling.transfers?.count ?? 0) + 1;
  const flagged = count > facts.maxTransfers;
  const payload = {
    fromUnitId: current.unitId,
    fromOfficialId: current.officialId,
    toUnitId: transfer.unitId,
    reason: transfer.reason,
    count,
    crossTownship: transfer.crossTownship,
    requestedBy: transfer.requestedBy,
    ...(transfer.approvedBy ? { approvedBy: transfer.approvedBy } : {}),
    ...(flagged ? { flagged: true, maxTransfers: facts.maxTransfers } : {}),
  };
  return proceed(
    current,
    { state: "registered", unitId: transfer.unitId, officialId, acceptBy, answerBy: null, deadlines: marked(marked(current.deadlines, "answerBy", null), "acceptBy", accept, now), handling: { ...freshUnitHandling(current), transfers: { count } } },
    [
      {
        type: caseEventTypes.transferred,
        at: now,
        actor,
        fromState: current.state,
        toState: "registered",
        visibility: "petitioner",
        reason: transfer.reason,
        unitId: transfer.unitId,
        officialId,
        payload,
      },
      {
        type: caseEventTypes.assigned,
        at: now,
        actor,
        fromState: "registered",
        toState: "registered",
        visibility: "internal",
        reason: `transfer from ${current.unitId ?? "no unit"}; official: ${officialReason}`,
        unitId: transfer.unitId,
        officialId,
        payload: { transfer: { fromUnitId: current.unitId, reason: transfer.reason, count }, officialReason },
      },
    ],
    // Unsent notices that no longer apply: the old holder's assignment, an answer that went with the
    // old unit, a request the petition office need not decide any more.
    { assignment: { unitId: transfer.unitId, officialId, ruleId: null }, cancelNotices: ["assignment", "approve", "transfer_approval"] },
  );
}

/**
 * The receiving unit starts afresh: the handling restarts, and an extension the old unit was
 * granted goes with its answer date (the receiving unit has its own period, and its own one
 * extension).
 */
function freshUnitHandling(current: Case) {
  const { extension: _oldUnits, ...kept } = restartHandling(current.handling);
  return kept;
}
