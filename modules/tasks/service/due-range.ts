/**
 * The due-date window a calendar asks for (`dueFrom` / `dueTo`, whole days in the comune's timezone),
 * turned into UTC instants: `[start of dueFrom, start of the day after dueTo)`. A day is local because
 * a task due at 00:30 in Rome is due that day, although in UTC it is still the day before.
 */
import { zonedToUtc } from '../../../core/internal.js';
import { TaskError } from './task-error.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The `dueAt` condition of a query, or null when neither bound is given. */
export interface DueWindow {
  readonly $gte?: Date;
  readonly $lt?: Date;
}

/**
 * @example
 * dueWindow({ dueFrom: '2026-12-01', dueTo: '2026-12-31' }, 'Europe/Rome');
 * // { $gte: 2026-11-30T23:00:00Z, $lt: 2026-12-31T23:00:00Z }
 * dueWindow({}, 'Europe/Rome'); // null
 */
export function dueWindow(query: { dueFrom?: string; dueTo?: string }, timeZone: string): DueWindow | null {
  const { dueFrom, dueTo } = query;
  if (dueFrom === undefined && dueTo === undefined) return null;
  // The schema already checks the format; the service checks again for callers that skip it.
  const start = dueFrom === undefined ? undefined : dayStart(dueFrom, 'dueFrom', timeZone);
  const end = dueTo === undefined ? undefined : dayStart(nextDay(dueTo), 'dueTo', timeZone);
  if (dueFrom !== undefined && dueTo !== undefined && dueFrom > dueTo) {
    throw new TaskError(400, 'TASK_INVALID', `dueFrom (${dueFrom}) is after dueTo (${dueTo}): give the first day of the range as dueFrom and the last as dueTo.`);
  }
  return { ...(start ? { $gte: start } : {}), ...(end ? { $lt: end } : {}) };
}

function dayStart(day: string, field: string, timeZone: string): Date {
  try {
    if (!DAY.test(day)) throw new RangeError(day);
    return zonedToUtc(`${day}T00:00`, timeZone);
  } catch {
    throw new TaskError(400, 'TASK_INVALID', `${field} "${day}" is not a date: write it as YYYY-MM-DD, e.g. 2026-12-07.`);
  }
}

/** The following calendar day, as YYYY-MM-DD (a malformed day stays malformed for dayStart to refuse). */
function nextDay(day: string): string {
  if (!DAY.test(day)) return day;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return `${day}!`;
  return new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10);
}
