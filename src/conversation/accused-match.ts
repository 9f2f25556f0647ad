/**
 * Finds whom a conduct complaint is about in what the petitioner typed: the organisation's unit
 * names (with the short forms people say: without the county's name, 政府 for 人民政府), the
 * townships' names and aliases (for their government), and officials' names, anywhere in the text
 * ("青石镇的王芳", "县信访局那个姓林的"). An official named together with their unit is that
 * official; named with another unit, or alone, still that official, but only as a guess to confirm.
 */
import type { Language } from "../kernel/channel";
import { render } from "../kernel/texts";
import type { OrgSnapshot, Unit } from "../org/types";

export interface AccusedCandidate {
  unitId: string;
  officialId?: string;
}

/**
 * `exact`: the text is the organisation's own full name for the one hit (a unit, or a unit and an
 * official of it); `guess`: found inside other words, or by a short form, to be confirmed.
 */
export interface AccusedMatch {
  hits: AccusedCandidate[];
  how: "exact" | "guess";
}

/** More than this many hits is a list too long to choose from in chat. */
const maxHits = 6;

/** Words that name no unit on their own: every government is a 人民政府. */
const generic = new Set(["人民政府", "政府"]);

export function normaliseAccused(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s·.,，。、:：;；!！?？"'“”‘’()（）【】\-—_/]/g, "");
}

/** The names a unit goes by: its full name, without the county's name, with 政府 for 人民政府; at least 3 characters. */
function unitNames(unit: Unit, countyName: string | undefined): string[] {
  const full = normaliseAccused(unit.name);
  const forms = [full];
  const county = countyName ? normaliseAccused(countyName) : "";
  if (county && full.startsWith(county) && full.length > county.length) {
    const rest = full.slice(county.length);
    // "青山县信访局" is also "信访局" and "县信访局".
    forms.push(rest, `${county.slice(-1)}${rest}`);
  }
  const withShortGov = forms.filter((form) => form.endsWith("人民政府")).map((form) => `${form.slice(0, -"人民政府".length)}政府`);
  return [...new Set([...forms, ...withShortGov])].filter((form) => form.length >= 3 && !generic.has(form));
}

interface Occurrence {
  key: string;
  start: number;
  end: number;
}

/** Every place `name` occurs in `text`. */
function occurrences(text: string, name: string, key: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) found.push({ key, start: at, end: at + name.length });
  return found;
}

/** Drops a name found inside a longer name of something else ("人民政府" inside "青石镇人民政府"). */
function outermost(found: Occurrence[]): Set<string> {
  const kept = found.filter((inner) => !found.some((outer) => outer.key !== inner.key && outer.end - outer.start > inner.end - inner.start && outer.start <= inner.start && inner.end <= outer.end));
  return new Set(kept.map((occurrence) => occurrence.key));
}

export function findAccused(input: string, org: OrgSnapshot): AccusedMatch {
  const text = normaliseAccused(input);
  if (text.length < 2) return { hits: [], how: "guess" };
  const units = org.units.filter((u) => u.active);
  const countyName = org.areas.find((a) => a.level === "county")?.name;

  // Units by their names, and township governments by their township's names (青石镇, 青石).
  const unitHits: Occurrence[] = [];
  for (const unit of units) for (const name of unitNames(unit, countyName)) unitHits.push(...occurrences(text, name, unit.id));
  for (const area of org.areas.filter((a) => a.level === "township" && a.defaultUnitId)) {
    const unit = units.find((u) => u.id === area.defaultUnitId && u.level === "township");
    if (!unit) continue;
    for (const name of [area.name, ...area.aliases].map(normaliseAccused).filter((n) => n.length >= 2)) unitHits.push(...occurrences(text, name, unit.id));
  }
  const unitIds = outermost(unitHits);

  const named = org.officials.filter((o) => o.active && normaliseAccused(o.name).length >= 2 && text.includes(normaliseAccused(o.name)));
  const ofNamedUnit = named.filter((o) => unitIds.has(o.unitId));
  const hits: AccusedCandidate[] =
    named.length > 0
      ? (ofNamedUnit.length > 0 ? ofNamedUnit : named).map((o) => ({ unitId: o.unitId, officialId: o.id }))
      : units.filter((u) => unitIds.has(u.id)).map((u) => ({ unitId: u.id }));
  const limited = hits.slice(0, maxHits);
  return { hits: limited, how: limited.length === 1 && isFullName(text, limited[0]!, org) ? "exact" : "guess" };
}

/** The text is the organisation's own name for it: the unit's full name, followed by the official's name when one is meant. */
function isFullName(text: string, hit: AccusedCandidate, org: OrgSnapshot): boolean {
  const unit = org.units.find((u) => u.id === hit.unitId);
  if (!unit) return false;
  const unitName = normaliseAccused(unit.name);
  if (!hit.officialId) return text === unitName;
  const official = org.officials.find((o) => o.id === hit.officialId);
  if (!official) return false;
  const name = normaliseAccused(official.name);
  return text === `${unitName}${name}` || text === `${unitName}的${name}`;
}

/** How a candidate is named to people: "青石镇人民政府的王芳", or the unit's name. */
export function accusedLabel(org: OrgSnapshot, candidate: AccusedCandidate, language: Language): string {
  const unit = org.units.find((u) => u.id === candidate.unitId)?.name ?? candidate.unitId;
  const official = candidate.officialId ? org.officials.find((o) => o.id === candidate.officialId)?.name : undefined;
  return official ? render(language, "accused_official_of", { unit, official }) : unit;
}
