/**
 * The comune's secret that signs invitation tokens. Why in the database and not `CAMPANILE_SECRET` or a
 * file under DATA_DIR: several processes may serve one comune from one PostgreSQL, each on its own
 * disk; a row is the one place they all read the same secret, with nothing to configure. It is created
 * on first use (first invitation), never logged and never in an API answer (module state has no route).
 */
import { randomBytes } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { moduleStorage } from '../../../core/internal.js';

const KEY = 'invitation-secret';

/** The secret, or null when this comune never issued an invitation (so no token of it can be valid). */
export async function readInvitationSecret(em: SqlEntityManager, tenantId: number): Promise<Buffer | null> {
  const value = await moduleStorage(em, tenantId, 'staff').read<unknown>(KEY);
  return typeof value === 'string' && value.length >= 43 ? Buffer.from(value, 'base64url') : null;
}

/** The secret, created when missing; two processes creating it at once both get the one that won. */
export async function ensureInvitationSecret(em: SqlEntityManager, tenantId: number): Promise<Buffer> {
  const value = await moduleStorage(em, tenantId, 'staff').readOrCreate<unknown>(KEY, randomBytes(32).toString('base64url'));
  if (typeof value !== 'string') throw new Error('The staff invitation secret in module state is not a string.');
  return Buffer.from(value, 'base64url');
}
