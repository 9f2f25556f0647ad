/**
 * Sign off (签字): after a satisfied revisit, the handling official and the unit's leader — and a
 * 包案 leader for a case they hold — sign the case off. Each signs in one role; an official holding
 * several roles signs the first one not yet signed.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Standing } from "../authority";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import type { SignOffRole } from "../handling";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";

const rule: Rule = { action: "sign off", from: ["answered"], who: (s) => s.member || s.leader };

function rolesOf(standing: Standing, current: Case): SignOffRole[] {
  const roles: SignOffRole[] = [];
  if (current.leaderOfficialId === standing.official.id) roles.push("responsible_leader");
  if (standing.head) roles.push("unit_head");
  if (standing.member && standing.official.roles.includes("handling_official")) roles.push("handling_official");
  return roles;
}

export function decideSignOff(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const revisit = current.handling.revisit;
  if (!revisit) return refuse("closure_incomplete", "sign-off comes after the revisit", { gaps: ["revisit"] });
  const roles = rolesOf(standing, current);
  if (roles.length === 0) return refuse("not_allowed", `${standing.official.id} signs no role on case ${current.trackingCode}`);
  const signed = new Set(current.handling.signOffs.filter((s) => s.officialId === standing.official.id || roles.includes(s.role)).map((s) => s.role));
  const role = roles.find((r) => !signed.has(r));
  if (!role) return refuse("already_done", `${standing.official.id} has signed off already`);
  const signOffs = [...current.handling.signOffs, { role, officialId: standing.official.id, at: now.toISOString() }];
  return proceed(current, { handling: { ...current.handling, signOffs } }, [
    { type: caseEventTypes.signedOff, at: now, actor, fromState: current.state, toState: current.state, visibility: "internal", unitId: current.unitId, officialId: standing.official.id, payload: { role } },
  ]);
}
