/**
 * Close (办结): only when 三不结案 is met — the approved answer given, a revisit on record with a
 * petitioner not unsatisfied, and the sign-offs given after it. A refusal names exactly what is
 * missing.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { closureGaps } from "../handling";
import { proceed, refuse, type Decision } from "../outcome";
import { check, isRefused, type Rule } from "./guard";

const rule: Rule = { action: "close", from: ["answered"], who: (s) => s.member || s.office };

export function decideClose(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const gaps = closureGaps(current.handling, current.leaderOfficialId !== null);
  if (gaps.length > 0) return refuse("closure_incomplete", `case ${current.trackingCode} lacks ${gaps.join(", ")}`, { gaps });
  return proceed(
    current,
    { state: "closed" },
    [
      {
        type: caseEventTypes.closed,
        at: now,
        actor,
        fromState: current.state,
        toState: "closed",
        visibility: "petitioner",
        unitId: current.unitId,
        officialId: current.handling.answer?.byOfficialId ?? current.officialId,
        payload: { outcome: current.handling.answer?.outcome ?? null, satisfaction: current.handling.revisit?.satisfaction ?? null },
      },
    ],
    // Nothing owed for an open case (reminders, progress notices) applies to a closed one.
    { cancelNotices: ["reminder", "progress_report"] },
  );
}
