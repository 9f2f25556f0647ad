/**
 * Hold a case (包案): a responsible leader takes a case as theirs — one leading its area may take
 * it themselves, the petition office may give it to any responsible leader. From then on the
 * leader approves its answer with the unit head and signs it off (一个案子、一个班子、一套方案).
 */
import { rechosen } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { openStates } from "../states";
import { check, isRefused, type Rule } from "./guard";

export interface HoldInput {
  /** The leader who holds it; absent: the actor takes it themselves. */
  leaderOfficialId?: string;
}

const rule: Rule = { action: "hold", from: openStates, who: (s) => s.office || (s.leader && s.official.roles.includes("responsible_leader")) };

export function decideHold(current: Case, input: HoldInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const leaderId = input.leaderOfficialId ?? standing.official.id;
  // Only the petition office gives a case to someone else.
  if (leaderId !== standing.official.id && !standing.office) return refuse("not_allowed", `${standing.official.id} may not give case ${current.trackingCode} to another leader`);
  const leader = ctx.org.officials.find((o) => o.id === leaderId && o.active && o.roles.includes("responsible_leader"));
  if (!leader) return refuse("invalid_input", `${leaderId} is not an active responsible leader`);
  if (current.leaderOfficialId === leader.id) return refuse("already_done", `${leader.id} holds case ${current.trackingCode} already`);
  // 包案 may choose a shorter policy (seed 001: a leader's case within a week): its dates only move earlier.
  const dates = rechosen(current, { categoryId: current.categoryId, priority: current.priority, leaderHeld: true }, now, ctx);
  return proceed(current, { leaderOfficialId: leader.id, ...dates }, [
    { type: caseEventTypes.held, at: now, actor, fromState: current.state, toState: current.state, visibility: "internal", unitId: current.unitId, officialId: leader.id, payload: { previous: current.leaderOfficialId, ...(dates ? { deadlinePolicy: dates.deadlines.policy.id, acceptBy: dates.acceptBy, answerBy: dates.answerBy } : {}) } },
  ]);
}
