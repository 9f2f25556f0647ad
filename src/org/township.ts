/**
 * Which township a unit belongs to, read from the unit tree: the unit itself when it is a township
 * government, else the nearest township-level unit above it (a village committee's township).
 * County-level units (the bureaus, the petition office, a county government) belong to no township.
 *
 * A transfer crosses townships (跨乡镇) when the two units belong to different townships; a
 * county-level unit counts as a township of its own for this, so a transfer between a township and
 * any county bureau crosses too, while one between two county bureaus does not: both answer to the
 * county, which the petition office supervises directly anyway.
 */
import type { OrgSnapshot } from "./types";

/** The id of the township-level unit `unitId` belongs to; null for county-level (or unknown) units. */
export function townshipUnitOf(org: OrgSnapshot, unitId: string | null): string | null {
  // Bounded: a unit tree with a loop in it (a bad org file) must not hang a decision.
  for (let unit = org.units.find((u) => u.id === unitId), depth = 0; unit && depth < 10; unit = org.units.find((u) => u.id === unit!.parentId), depth++) {
    if (unit.level === "township") return unit.id;
    if (unit.level === "county") return null;
  }
  return null;
}

export function crossesTownships(org: OrgSnapshot, fromUnitId: string | null, toUnitId: string): boolean {
  return townshipUnitOf(org, fromUnitId) !== townshipUnitOf(org, toUnitId);
}
