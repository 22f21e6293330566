/**
 * The operator's actions on a report, each in one transaction with its timeline entry: status change
 * (with the message to the citizen and the internal note), note, office assignment, merge as duplicate.
 * Sending the message happens after the commit (`report-notifier.ts`), so nobody is told of a change
 * that was rolled back.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report, ReportEvent, ReportFollow, ReportOffice, NEXT_STATUSES, isClosed, type ReportStatus } from '../entities/index.js';
import { ReportError } from './report-errors.js';

/** A status change as the operator asks it. */
export interface StatusChange {
  readonly status: ReportStatus;
  /** Sent to the reporter and followers. */
  readonly message?: string | null;
  /** Internal, never sent. */
  readonly note?: string | null;
}

/** Loads a report of the scoped tenant or throws 404. */
export async function requireReport(em: SqlEntityManager, id: number): Promise<Report> {
  const report = await em.findOne(Report, { id });
  if (!report) throw new ReportError(404, 'REPORT_NOT_FOUND', `Report ${id} does not exist in this comune: list reports with GET …/reports/reports.`);
  return report;
}

function setStatus(report: Report, status: ReportStatus, now: Date): void {
  report.status = status;
  report.updatedAt = now;
  report.closedAt = isClosed(status) ? now : null;
}

/**
 * Moves a report along its lifecycle; throws 409 for a transition the lifecycle does not allow.
 *
 * @example
 * await changeStatus(em, 12, { status: 'resolved', message: 'Riparato.' }, 'op@comune.it');
 */
export async function changeStatus(em: SqlEntityManager, id: number, change: StatusChange, actor: string, now = new Date()): Promise<Report> {
  return em.transactional(async (tx) => {
    const report = await requireReport(tx, id);
    const from = report.status as ReportStatus;
    if (change.status === 'duplicate') throw new ReportError(409, 'REPORT_BAD_TRANSITION', 'Mark a duplicate with POST …/reports/:id/merge, naming the report it duplicates.');
    if (!NEXT_STATUSES[from].includes(change.status)) {
      throw new ReportError(409, 'REPORT_BAD_TRANSITION', `A report in status "${from}" cannot move to "${change.status}": allowed are ${NEXT_STATUSES[from].join(', ')}.`);
    }
    setStatus(report, change.status, now);
    tx.create(ReportEvent, { tenant: report.tenant, report, kind: 'status', fromStatus: from, toStatus: change.status, message: change.message?.trim() || null, note: change.note?.trim() || null, actor, at: now });
    return report;
  });
}

/**
 * An internal note on the timeline.
 *
 * @example
 * await addNote(em, 12, 'Chiamato il fornitore', 'op@comune.it');
 */
export async function addNote(em: SqlEntityManager, id: number, note: string, actor: string): Promise<Report> {
  return em.transactional(async (tx) => {
    const report = await requireReport(tx, id);
    tx.create(ReportEvent, { tenant: report.tenant, report, kind: 'note', note: note.trim(), actor });
    return report;
  });
}

/**
 * Assigns the report to an office (null: none).
 *
 * @example
 * await assignOffice(em, 12, 3, 'op@comune.it');
 */
export async function assignOffice(em: SqlEntityManager, id: number, officeId: number | null, actor: string): Promise<Report> {
  return em.transactional(async (tx) => {
    const report = await requireReport(tx, id);
    const office = officeId === null ? null : await tx.findOne(ReportOffice, { id: officeId });
    if (officeId !== null && !office) throw new ReportError(400, 'REPORT_INVALID', `Office ${officeId} does not exist in this comune: list offices with GET …/reports/offices.`);
    report.office = office;
    report.updatedAt = new Date();
    tx.create(ReportEvent, { tenant: report.tenant, report, kind: 'assigned', note: office?.name ?? null, actor });
    return report;
  });
}

/**
 * Closes `id` as a duplicate of `intoId`: its reporter and followers become followers of the original,
 * so they hear of its progress.
 *
 * @example
 * await mergeAsDuplicate(em, 13, 12, { message: 'Già segnalato' }, 'op@comune.it');
 */
export async function mergeAsDuplicate(em: SqlEntityManager, id: number, intoId: number, change: Omit<StatusChange, 'status'>, actor: string, now = new Date()): Promise<Report> {
  return em.transactional(async (tx) => {
    if (id === intoId) throw new ReportError(400, 'REPORT_BAD_MERGE', 'A report cannot duplicate itself: name another report.');
    const report = await requireReport(tx, id);
    const into = await requireReport(tx, intoId);
    if (into.status === 'duplicate') throw new ReportError(400, 'REPORT_BAD_MERGE', `${into.code} is itself a duplicate: merge into ${into.duplicateOf ? `report ${into.duplicateOf}` : 'its original'} instead.`);
    if (isClosed(report.status)) throw new ReportError(409, 'REPORT_BAD_TRANSITION', `${report.code} is closed: reopen it before merging.`);
    const from = report.status;
    setStatus(report, 'duplicate', now);
    report.duplicateOf = into.id;
    const moving = new Map<number, number>();
    const idOf = (ref: number | { id: number }) => (typeof ref === 'number' ? ref : ref.id);
    if (report.reporter && report.reporterIdentity) moving.set(idOf(report.reporter), idOf(report.reporterIdentity));
    for (const follow of await tx.find(ReportFollow, { report: report.id })) moving.set(idOf(follow.person), idOf(follow.identity));
    const intoReporter = into.reporter ? idOf(into.reporter) : null;
    for (const [person, identity] of moving) {
      if (person === intoReporter || (await tx.findOne(ReportFollow, { report: into.id, person }))) continue;
      tx.create(ReportFollow, { tenant: report.tenant, report: into, person, identity });
    }
    tx.create(ReportEvent, { tenant: report.tenant, report, kind: 'merged', fromStatus: from, toStatus: 'duplicate', message: change.message?.trim() || null, note: change.note?.trim() || `→ ${into.code}`, actor, at: now });
    tx.create(ReportEvent, { tenant: report.tenant, report: into, kind: 'merged', note: `← ${report.code}`, actor, at: now });
    return report;
  });
}

/**
 * Keeps a report off the public Open311 API (hidden) or publishes it again; the note says why.
 *
 * @example
 * await setHidden(em, 12, { hidden: true, note: 'La foto mostra una targa' }, 'op@comune.it');
 */
export async function setHidden(em: SqlEntityManager, id: number, change: { hidden: boolean; note?: string | null | undefined }, actor: string): Promise<Report> {
  return em.transactional(async (tx) => {
    const report = await requireReport(tx, id);
    report.hidden = change.hidden;
    report.updatedAt = new Date();
    tx.create(ReportEvent, { tenant: report.tenant, report, kind: 'visibility', toStatus: change.hidden ? 'hidden' : 'public', note: change.note?.trim() || null, actor });
    return report;
  });
}
