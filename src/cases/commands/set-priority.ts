/**
 * Set the priority (急事急办): the priority proposed at intake — the category's default, urgent on
 * an urgent word — is changed, with a reason, by those who answer for the case: the holding unit's
 * head, a 包案 leader who holds it, or the petition office. Never on a case that is finished.
 * The event is internal: the petitioner is never told how their case was ranked.
 */
import type { Priority } from "../../kernel/answers";
import { priorities } from "../../kernel/answers";
import { rechosen } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { openStates } from "../states";
import { check, isRefused, type Rule } from "./guard";

export interface SetPriorityInput {
  priority: Priority;
  /** Why, in the official's words: on the case's record. */
  reason: string;
}

const rule: Rule = {
  action: "set priority",
  // Answered but not closed: still open to a change (an unsatisfied revisit may reopen it).
  from: [...openStates, "answered"],
  who: (s, current) => s.head || s.office || current.leaderOfficialId === s.official.id,
};

export function decideSetPriority(current: Case, input: SetPriorityInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const reason = input.reason.trim();
  if (!priorities.includes(input.priority) || !reason) return refuse("invalid_input", "a priority change needs a priority and a reason");
  if (input.priority === current.priority) return refuse("already_done", `case ${current.trackingCode} is ${current.priority} already`);
  // The new priority may choose another policy: its dates only ever move earlier (an urgent case
  // is answered sooner; a lowered one keeps what the petitioner was promised).
  const dates = rechosen(current, { categoryId: current.categoryId, priority: input.priority, leaderHeld: current.leaderOfficialId !== null }, now, ctx);
  const changes: Partial<Case> = { priority: input.priority, ...dates };
  return proceed(current, changes, [
    {
      type: caseEventTypes.priorityChanged,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason,
      unitId: current.unitId,
      officialId: current.officialId,
      payload: { from: current.priority, to: input.priority, reason, ...(dates ? { deadlinePolicy: dates.deadlines.policy.id, acceptBy: dates.acceptBy, answerBy: dates.answerBy } : {}) },
    },
  ]);
}
