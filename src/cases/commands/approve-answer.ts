/**
 * Approve an answer (审核): the first step of sign-off. The unit head approves — or, for a case a
 * leader holds (包案), that leader as well — and when every required approval is in, the answer
 * goes to the petitioner and the case is answered. A unit without a head is approved for by the
 * petition office, so no answer waits for a person who does not exist.
 */
import type { OrgSnapshot } from "../../org/types";
import { unitHasHead, type Standing } from "../authority";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { requiredApprovals, type ApproverRole } from "../handling";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";

/** The role in which this official approves this case's answer, if any. */
export function approverRole(standing: Standing, current: Case, org: OrgSnapshot): ApproverRole | undefined {
  const given = new Set(current.handling.answer?.approvals.map((a) => a.role));
  const roles: ApproverRole[] = [];
  if (current.leaderOfficialId === standing.official.id) roles.push("responsible_leader");
  if (standing.head || (standing.office && !unitHasHead(current.unitId, org))) roles.push("unit_head");
  return roles.find((role) => !given.has(role)) ?? roles[0];
}

/**
 * Who may approve at all, checked before the state: someone with no part in the case is refused
 * (and audited) whatever state it is in, not told its state. Which role they approve in is
 * approverRole's (the office only where the unit has no head).
 */
export const mayApprove = (s: Standing, current: Case): boolean => s.head || s.office || current.leaderOfficialId === s.official.id;

const rule: Rule = { action: "approve", from: handlingStates, who: mayApprove };

export function decideApproveAnswer(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const role = approverRole(standing, current, ctx.org);
  if (!role) return refuse("not_allowed", `${standing.official.id} cannot approve answers of case ${current.trackingCode}`);
  const answer = current.handling.answer;
  if (!answer) return refuse("wrong_state", "there is no answer waiting for approval");
  if (answer.approvals.some((a) => a.role === role)) return refuse("already_done", `the answer is approved as ${role} already`);

  const approvals = [...answer.approvals, { role, officialId: standing.official.id, at: now.toISOString() }];
  const complete = requiredApprovals(current.leaderOfficialId !== null).every((needed) => approvals.some((a) => a.role === needed));
  const approved = { type: caseEventTypes.answerApproved, at: now, actor, fromState: current.state, toState: current.state, visibility: "internal" as const, unitId: current.unitId, officialId: standing.official.id, payload: { role } };
  if (!complete) return proceed(current, { handling: { ...current.handling, answer: { ...answer, approvals } } }, [approved]);
  return proceed(current, { state: "answered", handling: { ...current.handling, answer: { ...answer, approvals, deliveredAt: now.toISOString() } } }, [
    approved,
    {
      type: caseEventTypes.answered,
      at: now,
      actor,
      fromState: current.state,
      toState: "answered",
      visibility: "petitioner",
      unitId: current.unitId,
      officialId: answer.byOfficialId,
      payload: { outcome: answer.outcome, text: answer.text },
    },
  ]);
}
