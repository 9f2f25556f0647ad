/**
 * The village nearest a shared point, by great-circle distance, among villages the organisation
 * data gives coordinates for. Nothing is suggested beyond `maxKm` (default 5 km): a point that far
 * from every known village says nothing about which one it is.
 */
import type { Area } from "./types";

export interface Point {
  latitude: number;
  longitude: number;
}

const earthRadiusKm = 6371.0088;

/** Haversine distance in kilometres between two WGS 84 points. */
export function distanceKm(a: Point, b: Point): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const defaultMaxKm = 5;

/** The nearest village with coordinates within `maxKm` of `point`, or undefined. */
export function nearestVillage(point: Point, areas: readonly Area[], maxKm = defaultMaxKm): Area | undefined {
  let best: { area: Area; km: number } | undefined;
  for (const area of areas) {
    if (area.level !== "village" || area.latitude == null || area.longitude == null) continue;
    const km = distanceKm(point, { latitude: area.latitude, longitude: area.longitude });
    if (km <= maxKm && (!best || km < best.km)) best = { area, km };
  }
  return best?.area;
}
