/**
 * Assign: routing chooses the unit and the official who hold a registered case (交办), and the
 * event records which rule decided it, so anyone can later see why the case went where it went.
 */
import type { OrgSnapshot } from "../../org/types";
import { route, type ConductReason, type RoutingDecision } from "../../routing/route";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { append, refuse, type Decision } from "../outcome";
import type { CaseState } from "../states";

export interface AssignInput {
  /** The office's day (YYYY-MM-DD): who is on duty. */
  day: string;
  /** Open cases per official of the unit, for fair distribution. */
  openCases: ReadonlyMap<string, number>;
}

const assignableFrom: readonly CaseState[] = ["registered"];

export function decideAssign(current: Case, input: AssignInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  if (!assignableFrom.includes(current.state)) return refuse("wrong_state", `a ${current.state} case is not assigned by routing`);
  const decision = route(ctx.org, { categoryId: current.categoryId, areaId: current.areaId, day: input.day, openCases: input.openCases, accused: current.handling.accused });
  const { next, events } = append(current, { unitId: decision.unitId, officialId: decision.officialId }, [
    {
      type: caseEventTypes.assigned,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: describeDecision(decision),
      unitId: decision.unitId,
      officialId: decision.officialId,
      payload: { routing: decision },
    },
  ]);
  const ruleId = decision.unitReason.kind === "rule" ? decision.unitReason.ruleId : null;
  return { ok: true, outcome: { next, expectedSeq: current.seq, events, assignment: { unitId: decision.unitId, officialId: decision.officialId, ruleId }, notices: [] } };
}

function describeDecision(decision: RoutingDecision): string {
  const unit =
    decision.unitReason.kind === "rule"
      ? `rule ${decision.unitReason.ruleId}`
      : decision.unitReason.kind === "area_default"
        ? `default unit of area ${decision.unitReason.areaId}`
        : "petition office (no rule or area default)";
  const conduct = decision.conductEscalatedFrom ? `; conduct complaint moved from ${decision.conductEscalatedFrom} (${conductWords[decision.conductReason ?? "unit_above"]})` : "";
  return `${unit}${conduct}; official: ${decision.officialReason}`;
}

const conductWords: Record<ConductReason, string> = {
  discipline_body: "to the discipline body",
  unit_above: "one level up",
  petition_office: "to the petition office",
  county_unit: "to the county unit above: the petition office is complained about",
};
