/**
 * The complaint never reaches the accused (信访工作条例 2022): who counts as accused on a case.
 * A conduct complaint that names a unit accuses everyone in it; one that names an official accuses
 * that official and, through them, their unit. Routing, transfers, authority and the notices all
 * ask these same questions, so the rule is written once.
 */
import type { Official, OrgSnapshot } from "../org/types";
import type { Accused } from "./handling";

/** The ids a conduct complaint names; what routing and transfers avoid. */
export type AccusedParty = Pick<Accused, "unitId" | "officialId">;

/** Whether the complaint names this unit (or an official of it). */
export function accusesUnit(accused: AccusedParty | undefined, unitId: string | null): boolean {
  return accused?.unitId !== undefined && unitId !== null && accused.unitId === unitId;
}

/** Whether this official is among the accused: the official named, or anyone of the unit named. */
export function isAccused(official: Pick<Official, "id" | "unitId">, accused: AccusedParty | undefined): boolean {
  if (!accused) return false;
  return official.id === accused.officialId || accusesUnit(accused, official.unitId);
}

/**
 * The accused as the case keeps it, from the petitioner's words and the ids the conversation
 * matched: an official known to the organisation brings their own unit (whatever unit was sent
 * with them); ids the organisation does not know are dropped, the words are kept. Undefined when
 * nothing was said.
 */
export function accusedOf(said: { text?: string; unitId?: string; officialId?: string }, org: OrgSnapshot): Accused | undefined {
  const text = said.text?.trim() ?? "";
  const official = said.officialId ? org.officials.find((o) => o.id === said.officialId) : undefined;
  const unitId = official?.unitId ?? (said.unitId && org.units.some((u) => u.id === said.unitId) ? said.unitId : undefined);
  if (!text && !unitId) return undefined;
  return { text, ...(unitId ? { unitId } : {}), ...(official ? { officialId: official.id } : {}) };
}
