/**
 * Converts a wall-clock time in a tenant's timezone ("2026-12-24T08:30") to the UTC instant, across
 * daylight-saving changes, with the platform's Intl data (no timezone library). A time that does not
 * exist (the skipped hour in March) moves forward by the gap; an ambiguous one (October) takes the
 * first occurrence.
 *
 * @example
 * zonedToUtc('2026-12-24T08:30', 'Europe/Rome').toISOString(); // '2026-12-24T07:30:00.000Z'
 * zonedToUtc('2026-07-01T08:30', 'Europe/Rome').toISOString(); // '2026-07-01T06:30:00.000Z'
 */
export function zonedToUtc(local: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) throw new RangeError(`"${local}" is not a local date-time: write it as YYYY-MM-DDTHH:mm, e.g. 2026-12-24T08:30.`);
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) {
    throw new RangeError(`"${local}" is not a real date or time.`);
  }
  // Two passes: the offset at the guess, then at the corrected instant (they differ only near a DST change).
  let utc = wall - offsetMs(wall, timeZone);
  utc = wall - offsetMs(utc, timeZone);
  return new Date(utc);
}

/** The instant shown as wall-clock time in a timezone: "2026-12-24T08:30". */
export function utcToZoned(date: Date, timeZone: string): string {
  const wall = date.getTime() + offsetMs(date.getTime(), timeZone);
  return new Date(wall).toISOString().slice(0, 16);
}

/** Offset of the timezone from UTC at an instant, in ms (Rome: +3,600,000 in winter). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
