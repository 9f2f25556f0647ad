/**
 * Finds the place a person typed, tolerantly: the administrative suffix may be missing
 * (“东坡” for 东坡村), one character may be wrong (“东波村”), and aliases (old names) count.
 * Returns every best candidate, so the conversation can offer a choice when two are equally close.
 */
import type { Area } from "../org/types";

const suffixes = ["街道办事处", "居委会", "村委会", "街道", "社区", "镇", "乡", "村", "township", "village", "town"];

export function normalisePlaceName(name: string): string {
  let text = name.normalize("NFKC").toLowerCase().replace(/[\s·.,，。、]/g, "");
  for (const suffix of suffixes) {
    if (text.length > suffix.length && text.endsWith(suffix)) {
      text = text.slice(0, -suffix.length);
      break;
    }
  }
  return text;
}

/** Levenshtein distance, stopping early once it exceeds `limit` (names are short). */
function distanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Areas whose name or alias matches `input`, and how: `exact` when the name matched after
 * normalising (case, width, spaces, a missing suffix), `typo` when it is one edit away, which is a
 * guess the person should confirm.
 */
export function findAreas(input: string, areas: readonly Area[]): { hits: Area[]; how: "exact" | "typo" } {
  const wanted = normalisePlaceName(input);
  if (wanted.length === 0) return { hits: [], how: "exact" };
  const scored = areas.map((area) => {
    const names = [area.name, ...area.aliases].map(normalisePlaceName);
    // A one-character name cannot tolerate a typo: everything would match.
    const best = Math.min(...names.map((name) => (name === wanted ? 0 : Math.min(name.length, wanted.length) < 2 ? 2 : distanceWithin(name, wanted, 1))));
    return { area, best };
  });
  for (const level of [0, 1]) {
    const hits = scored.filter((entry) => entry.best === level).map((entry) => entry.area);
    if (hits.length > 0) return { hits, how: level === 0 ? "exact" : "typo" };
  }
  return { hits: [], how: "exact" };
}

/** Areas whose name or alias matches `input`: exact (after normalising) first, else one edit away. */
export function matchAreas(input: string, areas: readonly Area[]): Area[] {
  return findAreas(input, areas).hits;
}
