/**
 * The comune's secret that signs invitation tokens. Why in the database and not `CAMPANILE_SECRET` or a
 * file under DATA_DIR: several processes may serve one comune from one PostgreSQL, each on its own
 * disk; a row is the one place they all read the same secret, with nothing to configure. It is created
 * on first use (first invitation), never logged and never in an API answer (module_state has no route).
 */
import { randomBytes } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ModuleStateEntry } from '../../../core/internal.js';

const KEY = 'invitation-secret';

/** The secret, or null when this comune never issued an invitation (so no token of it can be valid). */
export async function readInvitationSecret(em: SqlEntityManager): Promise<Buffer | null> {
  const row = await em.findOne(ModuleStateEntry, { module: 'staff', key: KEY });
  const value = row?.value;
  return typeof value === 'string' && value.length >= 43 ? Buffer.from(value, 'base64url') : null;
}

/**
 * The secret, created when missing. Two processes creating it at once: the insert ignores a conflict
 * on (tenant, module, key), so both then read the one row that won.
 */
export async function ensureInvitationSecret(em: SqlEntityManager, tenantId: number): Promise<Buffer> {
  const existing = await readInvitationSecret(em);
  if (existing) return existing;
  await em.createQueryBuilder(ModuleStateEntry)
    .insert({ tenant: tenantId, module: 'staff', key: KEY, value: JSON.stringify(randomBytes(32).toString('base64url')), person: null, updatedAt: new Date() })
    .onConflict(['tenant', 'module', 'key']).ignore()
    .execute('run');
  const row = await em.findOne(ModuleStateEntry, { module: 'staff', key: KEY }, { refresh: true });
  const value = row?.value;
  if (typeof value !== 'string') throw new Error('The staff invitation secret could not be stored (module_state).');
  return Buffer.from(value, 'base64url');
}
