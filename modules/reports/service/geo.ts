/**
 * Small geometry on WGS 84 positions: distance, a box around a point, and the comune's area check.
 * Equirectangular approximations are fine at the scale of a duplicate (tens of metres).
 */

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Great-circle distance in metres (haversine).
 *
 * @example
 * distanceMeters(45.07, 7.68, 45.0704, 7.68); // ≈ 44
 */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** `[minLon, minLat, maxLon, maxLat]` around a point, at least `meters` on each side (for an index scan). */
export function boxAround(lat: number, lon: number, meters: number): [number, number, number, number] {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos(rad(lat)));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

/** Whether the point is inside `[minLon, minLat, maxLon, maxLat]` (no box: everywhere). */
export function insideBox(lat: number, lon: number, bbox: readonly [number, number, number, number] | null): boolean {
  if (!bbox) return true;
  const [minLon, minLat, maxLon, maxLat] = bbox;
  return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
}

/** Whether a pair is a valid WGS 84 position. */
export function validPosition(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}
