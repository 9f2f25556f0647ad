/**
 * Accept (受理 / 签收): a member of the unit holding a registered case takes it on. The case gets
 * its answer-by date from the policy it was registered under, the acceptor becomes its handler,
 * and the first official ever to accept it becomes its owner (首问负责) for good.
 */
import { answerDay, marked } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";

const rule: Rule = { action: "accept", from: ["registered"], who: (s) => s.member || s.office };

export function decideAccept(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  if (!current.deadlines) return refuse("no_deadline_policy", `case ${current.trackingCode} has no deadline policy`);
  const answer = answerDay(current.deadlines, now, ctx);
  const answerBy = answer.day;
  const officialId = standing.official.id;
  // The petition office accepting a case of another unit accepts it for that unit, which keeps it.
  const unitId = current.unitId ?? standing.official.unitId;
  return proceed(current, { state: "accepted", officialId, answerBy, deadlines: marked(current.deadlines, "answerBy", answer, now), ownerOfficialId: current.ownerOfficialId ?? officialId }, [
    { type: caseEventTypes.accepted, at: now, actor, fromState: current.state, toState: "accepted", visibility: "petitioner", unitId, officialId, payload: { answerBy, ...(answer.provisional ? { provisional: true } : {}) } },
  ], current.officialId === officialId ? {} : { assignment: { unitId, officialId, ruleId: null } });
}
