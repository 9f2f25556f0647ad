/**
 * Finds units by a few characters of their name, the way people shorten them: "人社" for
 * 青山县人力资源和社会保障局, "自然资源" for 青山县自然资源局, "青石" for 青石镇人民政府. Names that
 * contain the words come first, then names that hold the characters in that order (the usual
 * Chinese abbreviation, 人…社); each group keeps the organisation's order. Inactive units are never
 * offered. Used wherever an official picks another unit (co-handling, transfers).
 */
import type { Unit } from "./types";

const normalise = (text: string) => text.normalize("NFKC").toLowerCase().replace(/[\s·.,，。、()（）]/g, "");

/** Whether the characters of `query` appear in `name` in that order. */
function inOrder(name: string, query: string): boolean {
  let from = 0;
  for (const char of query) {
    const at = name.indexOf(char, from);
    if (at < 0) return false;
    from = at + char.length;
  }
  return true;
}

export function searchUnits(units: readonly Unit[], query: string): Unit[] {
  const wanted = normalise(query);
  if (!wanted) return [];
  const active = units.filter((u) => u.active);
  const containing = active.filter((u) => normalise(u.name).includes(wanted) || normalise(u.id) === wanted);
  const abbreviated = active.filter((u) => !containing.includes(u) && inOrder(normalise(u.name), wanted));
  return [...containing, ...abbreviated];
}
