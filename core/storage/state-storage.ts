import type { SqlEntityManager } from '@mikro-orm/knex';
import { ModuleStateEntry } from './entities/module-state.js';

/**
 * The small storage port modules keep state through: read, write, delete and list by prefix, scoped to
 * one tenant and one module. Rows written with a person are erased with them. It writes at once: use it
 * from admin routes and jobs; inside a turn, `ctx.moduleData()` commits with the turn.
 *
 * @example
 * const store = moduleStorage(ctx.em, ctx.tenant.id, 'qa');
 * await store.write('model-version', 3);
 * await store.read<number>('model-version'); // 3
 */
export interface StateStorage {
  read<T>(key: string): Promise<T | undefined>;
  write(key: string, value: unknown, options?: { personId?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<{ key: string; value: unknown }[]>;
}

export function moduleStorage(em: SqlEntityManager, tenantId: number, module: string): StateStorage {
  return {
    async read<T>(key: string) {
      const row = await em.findOne(ModuleStateEntry, { module, key });
      return row ? (row.value as T) : undefined;
    },
    async write(key, value, options = {}) {
      const row = await em.findOne(ModuleStateEntry, { module, key });
      if (row) row.value = value;
      else em.create(ModuleStateEntry, { tenant: tenantId, module, key, value, person: options.personId ?? null });
      await em.flush();
    },
    async delete(key) {
      await em.nativeDelete(ModuleStateEntry, { module, key });
    },
    async list(prefix) {
      const rows = await em.find(ModuleStateEntry, { module, key: { $like: `${prefix.replace(/[%_]/g, '\\$&')}%` } }, { orderBy: { key: 'asc' } });
      return rows.map((row) => ({ key: row.key, value: row.value }));
    },
  };
}
