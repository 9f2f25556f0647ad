/**
 * Who may do what on a case (item 8 of case handling): the handling actions belong to the unit
 * that holds the case now; its head decides acceptance and approves answers; the first official to
 * accept it (首问负责) follows it through transfers; a responsible leader acts on the cases they
 * hold (包案) and those of their area; the petition office acts on all; a unit invited to co-handle
 * (协办) sees the case and adds its part, and answers nothing — except that nobody the case accuses
 * (a conduct complaint's unit and official, src/cases/accused.ts) has any standing on it, not even a
 * petition office admin whose own office is complained about. Pure: read from the case and the
 * organisation, so every command checks the same way.
 */
import type { Official, OrgSnapshot } from "../org/types";
import { isAccused } from "./accused";
import type { Actor, Case } from "./case";

export interface Standing {
  official: Official;
  /** A member of the unit that holds the case. */
  member: boolean;
  /** The head of that unit. */
  head: boolean;
  /** 首问负责: the first to accept it. */
  owner: boolean;
  /** A responsible leader of the case: its 包案 leader, or a leader over its area. */
  leader: boolean;
  /** A petition office admin: supervises every case. */
  office: boolean;
  /** 协办: an official of a unit invited to add its part (not of the holding unit itself). */
  coHandler: boolean;
}

/**
 * The standing of an official actor on a case; undefined for anyone who is not an active official,
 * and for the officials the case accuses: they may neither see it nor act on it.
 */
export function standingOf(actor: Actor, current: Case, org: OrgSnapshot): Standing | undefined {
  if (actor.kind !== "official") return undefined;
  const official = org.officials.find((o) => o.id === actor.id && o.active);
  if (!official || isAccused(official, current.handling.accused)) return undefined;
  const member = current.unitId !== null && official.unitId === current.unitId;
  return {
    official,
    member,
    head: member && official.roles.includes("unit_head"),
    owner: current.ownerOfficialId === official.id,
    leader: current.leaderOfficialId === official.id || (official.roles.includes("responsible_leader") && leadsArea(official, current.areaId, org)),
    office: official.roles.includes("petition_office_admin"),
    coHandler: !member && current.coHandlingUnitIds.includes(official.unitId),
  };
}

/** Whether the case may be seen by this official at all (its timeline, its notices). */
export function maySee(standing: Standing | undefined): boolean {
  return standing !== undefined && (standing.member || standing.owner || standing.leader || standing.office || standing.coHandler);
}

/** A leader leads the areas whose default unit is their own unit, and every place below them. */
function leadsArea(official: Official, areaId: string, org: OrgSnapshot): boolean {
  for (let area = org.areas.find((a) => a.id === areaId); area; area = org.areas.find((a) => a.id === area!.parentId)) {
    if (area.defaultUnitId === official.unitId) return true;
  }
  return false;
}

/** Whether the holding unit has an active head who could approve; if not, the petition office stands in. */
export function unitHasHead(unitId: string | null, org: OrgSnapshot): boolean {
  return org.officials.some((o) => o.active && o.unitId === unitId && o.roles.includes("unit_head"));
}
