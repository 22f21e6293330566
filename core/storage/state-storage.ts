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

/** A module's own storage: the port, plus a value created once and shared by every process. */
export interface ModuleStorage extends StateStorage {
  /**
   * The stored value of `key`, or `value` stored now when there is none. Two processes racing both get
   * the one row that won (the insert ignores the unique conflict), so a value made once stays the value.
   */
  readOrCreate<T>(key: string, value: T): Promise<T>;
}

export function moduleStorage(em: SqlEntityManager, tenantId: number, module: string): ModuleStorage {
  return {
    async readOrCreate<T>(key: string, value: T) {
      const existing = await em.findOne(ModuleStateEntry, { module, key });
      if (existing) return existing.value as T;
      await em.createQueryBuilder(ModuleStateEntry)
        .insert({ tenant: tenantId, module, key, value: JSON.stringify(value), person: null, updatedAt: new Date() })
        .onConflict(['tenant', 'module', 'key']).ignore()
        .execute('run');
      const row = await em.findOne(ModuleStateEntry, { module, key }, { refresh: true });
      if (!row) throw new Error(`module_state ${module}/${key} could not be stored.`);
      return row.value as T;
    },
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

/**
 * Durable storage for a channel adapter (Telegram's `file_id` cache, long callback payloads): the same
 * `module_state` rows under the name `adapter:<channel>:<account>`, with a fresh entity manager per call
 * because an adapter's sends run concurrently and outlive any turn. Concurrent writes of one key are
 * last-writer-wins (a lost race on insert becomes an update).
 *
 * @example
 * const storage = adapterStorage(() => tenants.scopedEm(tenant.id), tenant.id, 'adapter:telegram:default');
 * await storage.write('file:image:abc', 'AgACAgQ…');
 * await storage.read<string>('file:image:abc');
 */
export function adapterStorage(fork: () => SqlEntityManager, tenantId: number, name: string): StateStorage {
  const store = () => moduleStorage(fork(), tenantId, name);
  return {
    read: (key) => store().read(key),
    async write(key, value, options) {
      try {
        await store().write(key, value, options);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'UniqueConstraintViolationException')) throw error;
        await store().write(key, value, options);
      }
    },
    delete: (key) => store().delete(key),
    list: (prefix) => store().list(prefix),
  };
}

/**
 * A `StateStorage` in memory, for adapters and tests running without a database. Lost on restart.
 *
 * @example
 * const storage = memoryStorage();
 * await storage.write('k', 1);
 */
export function memoryStorage(): StateStorage {
  const rows = new Map<string, unknown>();
  return {
    read: async <T>(key: string) => rows.get(key) as T | undefined,
    write: async (key, value) => void rows.set(key, structuredClone(value)),
    delete: async (key) => void rows.delete(key),
    list: async (prefix) => [...rows].filter(([key]) => key.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
  };
}
