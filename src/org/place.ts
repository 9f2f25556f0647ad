import type { OrgSnapshot } from "./types";

/** A place as people recognise it: "东坡村（青山镇）" for a village, the bare name otherwise. */
export function placeLabel(org: OrgSnapshot, areaId: string): string {
  const area = org.areas.find((a) => a.id === areaId);
  if (!area) return areaId;
  const parent = area.level === "village" ? org.areas.find((a) => a.id === area.parentId) : undefined;
  return parent ? `${area.name}（${parent.name}）` : area.name;
}
