/**
 * Who handles a new case: a pure function of the organisation, the petition and the day.
 *
 * Unit: the routing rule matching most specifically (a rule naming both category and area beats
 * one naming either; then the nearer area on the petition's path up the tree; then a named
 * category over "any category"); otherwise the default unit of the
 * nearest area up the tree; otherwise the petition office.
 *
 * Complaints about cadres' conduct (信访工作条例 2022: never to the person or unit complained
 * about) go to the discipline inspection body (纪委监委) where the organisation has one; otherwise
 * one level up from that unit (see conductUnit). The unit and official the complaint names are
 * avoided all the way: never chosen as the unit, never as the official.
 *
 * Official inside the unit: the one linked to the petition's village (谁挂户、谁负责), else the
 * on-duty handling official with the fewest open cases, ties broken by id so that two workers
 * make the same choice.
 */
import { accusesUnit, isAccused, type AccusedParty } from "../cases/accused";
import type { Area, OrgSnapshot, Official, Unit } from "../org/types";

export interface RoutingInput {
  categoryId: string;
  areaId: string;
  /** YYYY-MM-DD in the office's time zone: who is on duty. */
  day: string;
  /** Open cases per official id (for fair distribution). */
  openCases: ReadonlyMap<string, number>;
  /** Whom a conduct complaint names (src/cases/accused.ts): avoided as unit and as official. */
  accused?: AccusedParty;
}

export type UnitReason =
  | { kind: "rule"; ruleId: string }
  | { kind: "area_default"; areaId: string }
  | { kind: "petition_office" };

/**
 * Where a conduct complaint went instead of the unit that would have handled it: the discipline
 * body; a unit above it; the petition office (the county-level unit had nothing above it); or,
 * when the petition office itself is complained about and nothing stands above, the county-level
 * unit most units report to (the county government).
 */
export type ConductReason = "discipline_body" | "unit_above" | "petition_office" | "county_unit";

export type OfficialReason = "linked_village" | "least_loaded" | "unit_head" | "none_on_duty";

export interface RoutingDecision {
  unitId: string;
  officialId: string | null;
  unitReason: UnitReason;
  /** Set when a conduct complaint was moved up from this unit. */
  conductEscalatedFrom: string | null;
  /** How a moved conduct complaint found its unit; null when it was not moved. */
  conductReason: ConductReason | null;
  officialReason: OfficialReason;
}

export class RoutingError extends Error {
  override name = "RoutingError";
}

export function route(org: OrgSnapshot, input: RoutingInput): RoutingDecision {
  const category = org.categories.find((c) => c.id === input.categoryId);
  if (!category) throw new RoutingError(`unknown category ${input.categoryId}`);
  const path = areaPath(org.areas, input.areaId);
  if (path.length === 0) throw new RoutingError(`unknown area ${input.areaId}`);

  let { unit, reason } = chooseUnit(org, input.categoryId, path);
  let conductEscalatedFrom: string | null = null;
  let conductReason: ConductReason | null = null;
  // A complaint naming the unit that would handle it is a conduct complaint, whatever its category.
  if (category.conduct || accusesUnit(input.accused, unit.id)) {
    const moved = conductUnit(org, unit, input.accused);
    if (moved) {
      conductEscalatedFrom = unit.id;
      conductReason = moved.reason;
      unit = moved.unit;
    }
  }
  const { officialId, officialReason } = chooseOfficial(org, unit, path, input);
  return { unitId: unit.id, officialId, unitReason: reason, conductEscalatedFrom, conductReason, officialReason };
}

/**
 * Where a conduct complaint goes instead of `wouldBe`, the unit that would have handled it; none
 * when it stays (the petition office itself, when nothing names it and there is no discipline
 * body). In order: the discipline body; the nearest unit above `wouldBe`; the petition office; and
 * when the petition office is the one complained about, never the office: the county-level unit
 * most units report to. Every step skips the unit the complaint names.
 */
function conductUnit(org: OrgSnapshot, wouldBe: Unit, accused: AccusedParty | undefined): { unit: Unit; reason: ConductReason } | undefined {
  const free = (unit: Unit) => !accusesUnit(accused, unit.id);
  const body = org.units.find((u) => u.isDisciplineBody && u.active && free(u));
  if (body) return body.id === wouldBe.id ? undefined : { unit: body, reason: "discipline_body" };
  const parentOf = (unit: Unit) => (unit.parentId ? org.units.find((u) => u.id === unit.parentId && u.active) : undefined);
  for (let above = parentOf(wouldBe); above; above = parentOf(above)) {
    if (free(above)) return { unit: above, reason: "unit_above" };
  }
  const office = petitionOffice(org);
  if (free(office)) return office.id === wouldBe.id ? undefined : { unit: office, reason: "petition_office" };
  const children = (unit: Unit) => org.units.filter((u) => u.active && u.parentId === unit.id).length;
  const county = org.units
    .filter((u) => u.active && u.level === "county" && u.parentId === null && !u.isPetitionOffice && u.id !== wouldBe.id && free(u))
    .sort((a, b) => children(b) - children(a) || a.id.localeCompare(b.id))[0];
  if (county) return { unit: county, reason: "county_unit" };
  throw new RoutingError("a conduct complaint about the petition office has no unit to go to: mark a discipline body (disciplineBody: true) in the organisation file");
}

/** The area and its ancestors, nearest first. */
export function areaPath(areas: readonly Area[], areaId: string): Area[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  const path: Area[] = [];
  for (let area = byId.get(areaId); area && path.length < 10; area = area.parentId ? byId.get(area.parentId) : undefined) {
    path.push(area);
  }
  return path;
}

function chooseUnit(org: OrgSnapshot, categoryId: string, path: Area[]): { unit: Unit; reason: UnitReason } {
  const activeUnit = (id: string | null) => (id ? org.units.find((u) => u.id === id && u.active) : undefined);
  const score = (ruleArea: string | null, ruleCategory: string | null): number | undefined => {
    if (ruleCategory !== null && ruleCategory !== categoryId) return undefined;
    const depth = ruleArea === null ? path.length : path.findIndex((a) => a.id === ruleArea);
    if (depth < 0) return undefined;
    const named = (ruleArea === null ? 0 : 1) + (ruleCategory === null ? 0 : 1);
    return (2 - named) * 100 + depth * 2 + (ruleCategory === null ? 1 : 0);
  };
  const ranked = org.rules
    .map((rule) => ({ rule, score: score(rule.areaId, rule.categoryId), unit: activeUnit(rule.unitId) }))
    .filter((entry): entry is { rule: (typeof entry)["rule"]; score: number; unit: Unit } => entry.score !== undefined && entry.unit !== undefined)
    .sort((a, b) => a.score - b.score || a.rule.id.localeCompare(b.rule.id));
  const best = ranked[0];
  if (best) return { unit: best.unit, reason: { kind: "rule", ruleId: best.rule.id } };

  for (const area of path) {
    const unit = activeUnit(area.defaultUnitId);
    if (unit) return { unit, reason: { kind: "area_default", areaId: area.id } };
  }
  return { unit: petitionOffice(org), reason: { kind: "petition_office" } };
}

function petitionOffice(org: OrgSnapshot): Unit {
  const office = org.units.find((u) => u.isPetitionOffice && u.active);
  if (!office) throw new RoutingError("the organisation has no active petition office");
  return office;
}

function chooseOfficial(
  org: OrgSnapshot,
  unit: Unit,
  path: Area[],
  input: RoutingInput,
): { officialId: string | null; officialReason: OfficialReason } {
  const onDuty = (official: Official) =>
    official.active &&
    official.unitId === unit.id &&
    !isAccused(official, input.accused) &&
    !official.absences.some((a) => a.from <= input.day && input.day <= a.to);
  const members = org.officials.filter(onDuty);

  const village = path.find((a) => a.level === "village");
  const linked = village ? members.filter((o) => o.villageIds.includes(village.id)) : [];
  if (linked.length > 0) return { officialId: leastLoaded(linked, input.openCases).id, officialReason: "linked_village" };

  const handlers = members.filter((o) => o.roles.includes("handling_official"));
  if (handlers.length > 0) return { officialId: leastLoaded(handlers, input.openCases).id, officialReason: "least_loaded" };

  const heads = members.filter((o) => o.roles.includes("unit_head"));
  if (heads.length > 0) return { officialId: leastLoaded(heads, input.openCases).id, officialReason: "unit_head" };
  return { officialId: null, officialReason: "none_on_duty" };
}

function leastLoaded(officials: Official[], openCases: ReadonlyMap<string, number>): Official {
  return [...officials].sort((a, b) => (openCases.get(a.id) ?? 0) - (openCases.get(b.id) ?? 0) || a.id.localeCompare(b.id))[0]!;
}

// ── transfers (转办) ──
/**
 * Who in `unitId` takes a case transferred there: the same choice as for a new case (the official
 * linked to its village, else the least loaded on-duty handler, else the head), so a transfer
 * lands with a person the way intake does.
 */
export function officialForUnit(
  org: OrgSnapshot,
  unitId: string,
  input: Pick<RoutingInput, "areaId" | "day" | "openCases">,
): { officialId: string | null; officialReason: OfficialReason } {
  const unit = org.units.find((u) => u.id === unitId && u.active);
  if (!unit) throw new RoutingError(`unknown or inactive unit ${unitId}`);
  return chooseOfficial(org, unit, areaPath(org.areas, input.areaId), { ...input, categoryId: "" });
}
