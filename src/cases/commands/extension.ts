/**
 * Extension (延期): the handler asks for more time to answer, with the reason and the new date;
 * the unit head approves — the case's answer-by date moves and the petitioner is told why and
 * until when — or refuses with a reason. A case is extended once, by at most its policy's
 * extension.maxDays beyond its current answer-by date (信访工作条例: 延长期限不得超过三十日); a policy
 * allowing no extension (times 0) allows 0 days. A unit
 * without a head is decided for by the petition office, as its answers are.
 */
import { addDays, dayInZone, isDay } from "../../kernel/dates";
import type { OrgSnapshot } from "../../org/types";
import { unitHasHead, type Standing } from "../authority";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";

export interface RequestExtensionInput {
  /** Why more time is needed: the petitioner reads it once approved. */
  reason: string;
  /** The new answer-by day (YYYY-MM-DD), or a number of days beyond the current one ("延长10天"). */
  until: { day: string } | { days: number };
}

const requestRule: Rule = { action: "ask for an extension of", from: handlingStates, who: (s) => s.member || s.office };
/** Checked before the state, like approvals: someone with no part in the case is refused and audited. */
const decideRule: Rule = { action: "decide on an extension of", from: handlingStates, who: (s) => s.head || s.office };

/** The unit head decides; the petition office only for a unit that has none. */
const mayDecide = (standing: Standing, current: Case, org: OrgSnapshot) => standing.head || (standing.office && !unitHasHead(current.unitId, org));

export function decideRequestExtension(current: Case, input: RequestExtensionInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(requestRule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const answerBy = current.answerBy;
  if (!answerBy) return refuse("wrong_state", `case ${current.trackingCode} has no answer-by date to extend`);
  const asked = current.handling.extension;
  if (asked?.status === "approved") return refuse("already_done", `case ${current.trackingCode} was extended once already`, { because: { why: "extension_used", answerBy } });
  if (asked?.status === "pending") return refuse("already_done", `an extension of case ${current.trackingCode} waits for the head`, { because: { why: "extension_pending", toAnswerBy: asked.toAnswerBy } });
  if (!current.deadlines) return refuse("no_deadline_policy", `case ${current.trackingCode} has no deadline policy`);
  // The policy the case was given, not today's: an extension is part of what it was promised.
  const { extension: allowed } = current.deadlines.policy;
  if (!input.reason.trim()) return refuse("invalid_input", "an extension needs its reason");

  const toAnswerBy = "day" in input.until ? input.until.day : addDays(answerBy, input.until.days);
  if (!isDay(toAnswerBy)) return refuse("invalid_input", `"${toAnswerBy}" is not a day`);
  const today = dayInZone(now, ctx.timeZone);
  const maxDays = allowed.times > 0 ? allowed.maxDays : 0;
  const latest = addDays(answerBy, maxDays);
  if (toAnswerBy < today) return refuse("invalid_input", `${toAnswerBy} is past`, { because: { why: "date_in_past", day: toAnswerBy, today } });
  if (toAnswerBy <= answerBy) return refuse("invalid_input", `${toAnswerBy} is not after ${answerBy}`, { because: { why: "extension_not_later", answerBy } });
  if (toAnswerBy > latest) return refuse("invalid_input", `${toAnswerBy} is beyond ${latest}`, { because: { why: "extension_too_long", maxDays, latest } });

  const extension = { status: "pending" as const, reason: input.reason, fromAnswerBy: answerBy, toAnswerBy, requestedByOfficialId: standing.official.id, requestedAt: now.toISOString() };
  return proceed(current, { handling: { ...current.handling, extension } }, [
    {
      type: caseEventTypes.extensionRequested,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.reason,
      unitId: current.unitId,
      officialId: standing.official.id,
      payload: { reason: input.reason, fromAnswerBy: answerBy, toAnswerBy },
    },
  ]);
}

/** The pending request, when the actor may decide on it now; a refusal otherwise. */
function pendingFor(current: Case, actor: Actor, ctx: { org: OrgSnapshot }) {
  const standing = check(decideRule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!mayDecide(standing, current, ctx.org)) return refuse("not_allowed", `${standing.official.id} does not decide extensions of case ${current.trackingCode}`);
  const asked = current.handling.extension;
  if (asked?.status !== "pending") return refuse("wrong_state", `no extension of case ${current.trackingCode} waits for a decision`, { because: { why: "extension_none_pending" } });
  return { standing, asked };
}

export function decideApproveExtension(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const pending = pendingFor(current, actor, ctx);
  if ("refusal" in pending) return pending;
  const { standing, asked } = pending;
  const today = dayInZone(now, ctx.timeZone);
  // Approved too late to mean anything: the petitioner would be promised a day gone by.
  if (asked.toAnswerBy < today) return refuse("invalid_input", `${asked.toAnswerBy} is past`, { because: { why: "date_in_past", day: asked.toAnswerBy, today } });
  const extension = { ...asked, status: "approved" as const, decidedByOfficialId: standing.official.id, decidedAt: now.toISOString() };
  return proceed(current, { answerBy: asked.toAnswerBy, handling: { ...current.handling, extension } }, [
    {
      type: caseEventTypes.extensionApproved,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "petitioner",
      reason: asked.reason,
      unitId: current.unitId,
      // The handler who asked: they are told it was granted.
      officialId: asked.requestedByOfficialId,
      payload: { reason: asked.reason, fromAnswerBy: asked.fromAnswerBy, answerBy: asked.toAnswerBy },
    },
  ]);
}

export function decideRejectExtension(current: Case, input: { reason: string }, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const pending = pendingFor(current, actor, ctx);
  if ("refusal" in pending) return pending;
  const { standing, asked } = pending;
  if (!input.reason.trim()) return refuse("invalid_input", "a refused extension needs its reason");
  const extension = { ...asked, status: "rejected" as const, decidedByOfficialId: standing.official.id, decidedAt: now.toISOString(), rejection: input.reason };
  return proceed(current, { handling: { ...current.handling, extension } }, [
    {
      type: caseEventTypes.extensionRejected,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.reason,
      unitId: current.unitId,
      officialId: asked.requestedByOfficialId,
      payload: { reason: input.reason, toAnswerBy: asked.toAnswerBy, requestReason: asked.reason },
    },
  ]);
}
