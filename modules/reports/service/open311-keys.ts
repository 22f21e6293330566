/**
 * Open311 API keys the comune issues to client apps: a random key shown once, kept as its sha256, and
 * compared in constant time on each POST.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ReportError } from './report-errors.js';
import { reportSettings, updateReportSettings } from './report-settings-service.js';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * @example
 * const { apiKey } = await issueOpen311Key(em, tenant.id, 'App del Comune');
 */
export async function issueOpen311Key(em: SqlEntityManager, tenantId: number, label: string) {
  const apiKey = randomBytes(24).toString('base64url');
  const id = randomBytes(6).toString('hex');
  const settings = await reportSettings(em);
  await updateReportSettings(em, tenantId, { open311Keys: [...settings.open311Keys, { id, label: label.trim(), sha256: sha256(apiKey), createdAt: new Date().toISOString() }] });
  return { id, label: label.trim(), apiKey };
}

/** @example await revokeOpen311Key(em, tenant.id, 'a1b2c3d4e5f6'); */
export async function revokeOpen311Key(em: SqlEntityManager, tenantId: number, id: string): Promise<void> {
  const settings = await reportSettings(em);
  if (!settings.open311Keys.some((k) => k.id === id)) throw new ReportError(404, 'REPORT_NOT_FOUND', `Open311 key ${id} does not exist: list keys with GET …/reports/settings.`);
  await updateReportSettings(em, tenantId, { open311Keys: settings.open311Keys.filter((k) => k.id !== id) });
}

/** Whether `key` is one the comune issued. */
export function validOpen311Key(keys: readonly { sha256: string }[], key: string | undefined): boolean {
  if (!key) return false;
  const wanted = Buffer.from(sha256(key), 'hex');
  let ok = false;
  for (const k of keys) if (timingSafeEqual(Buffer.from(k.sha256, 'hex'), wanted)) ok = true;
  return ok;
}
