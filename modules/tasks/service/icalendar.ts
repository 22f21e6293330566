/**
 * A small RFC 5545 writer (no dependency): CRLF line ends, TEXT values escaped (`\\ \; \, \n`), content
 * lines folded at 75 octets of UTF-8 without splitting a character, UTC date-times.
 */

/** One calendar event. */
export interface CalendarEvent {
  readonly uid: string;
  readonly start: Date;
  readonly durationMinutes: number;
  readonly summary: string;
  readonly description?: string;
  readonly location?: string;
  readonly geo?: { readonly latitude: number; readonly longitude: number };
  /** 1 highest … 9 lowest (RFC 5545 PRIORITY). */
  readonly priority?: number;
  readonly status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  readonly categories?: readonly string[];
  readonly lastModified?: Date;
  readonly url?: string;
}

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.3.5 date-time in UTC: `20261203T124500Z`. */
export function utcDateTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 5545 §3.1: a content line folded into lines of at most 75 octets, each continuation starting with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; continuations 74 plus their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * @example
 * writeCalendar({ name: 'Compiti – Comune di Esempio', prodId: '-//Campanile//Tasks//IT' }, events, new Date());
 */
export function writeCalendar(calendar: { name: string; prodId: string }, events: readonly CalendarEvent[], now: Date): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${calendar.prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(calendar.name)}`];
  for (const event of events) {
    lines.push('BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${utcDateTime(now)}`, `DTSTART:${utcDateTime(event.start)}`, `DURATION:PT${Math.max(1, Math.round(event.durationMinutes))}M`, `SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.geo) lines.push(`GEO:${event.geo.latitude.toFixed(6)};${event.geo.longitude.toFixed(6)}`);
    if (event.priority) lines.push(`PRIORITY:${event.priority}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
    if (event.lastModified) lines.push(`LAST-MODIFIED:${utcDateTime(event.lastModified)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
