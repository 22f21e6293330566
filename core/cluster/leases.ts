import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Time-bound exclusive ownership of a named thing across the Campanile processes sharing one database
 * ("this process polls Telegram bot 123"). At most one holder per key at a time; a holder that dies
 * loses the lease when its TTL runs out, so another process can take over.
 *
 * - `acquire` succeeds when the key is free, expired, or still recorded for this process; otherwise it
 *   resolves undefined (another process holds it: stand by and try again later).
 * - The holder calls `lease.renew()` well within the TTL (a third of it); `false` means the lease is
 *   gone (it expired and another process took it): stop the work at once.
 * - `lease.release()` gives it up so a waiting process takes over without waiting for the TTL.
 * - Within one process a key is held through one handle at a time: a second `acquire` of a key this
 *   process already holds resolves undefined, like another process's would.
 *
 * Core gives each adapter one in `AdapterRuntime.leases`, backed by the `cluster_lease` table (the same
 * statements on PostgreSQL and SQLite; on SQLite, one process, it is simply always acquired), with keys
 * prefixed by the adapter's channel. `LeaseKeeper` runs the acquire/renew/stand-by loop around it.
 * Expiry is compared with the processes' clocks (epoch ms), like the outbox lanes: keep them in sync (NTP).
 *
 * @example
 * const lease = await runtime.leases.acquire(`polling:${botId}`, 30_000);
 * if (lease && !(await lease.renew())) stopPolling(); // lost: another process polls now
 * await lease?.release();
 */
export interface Leases {
  /** This process's holder id, as recorded in the lease rows (random per Campanile instance). */
  readonly holder: string;
  /** Takes `key` for `ttlMs`; undefined when another holder has it. Throws when the database fails. */
  acquire(key: string, ttlMs: number): Promise<Lease | undefined>;
}

/** One held lease: renew it within its TTL, release it when done. */
export interface Lease {
  /** The key as stored (with the runtime's channel prefix). */
  readonly key: string;
  readonly ttlMs: number;
  /** Epoch ms until which the lease is ours, as of the last successful acquire or renew. */
  readonly expiresAt: number;
  /**
   * Extends the lease by its TTL from now. `false`: the lease is lost (another holder took it after it
   * expired, or it was released) and the handle is dead; stop the work at once. Throws on a database error.
   */
  renew(): Promise<boolean>;
  /** Gives the lease up (only if still ours); idempotent. The handle is dead afterwards. */
  release(): Promise<void>;
}

/**
 * The three fenced row operations behind `Leases`; `leasesOn` adds the handles and the one-handle-per-key
 * rule. Core's is the `cluster_lease` table (`core/storage/sql/cluster-leases.ts`); `memoryLeaseTable()`
 * keeps rows in memory.
 */
export interface LeaseTable {
  /** Records `holder` until `now + ttlMs` when the key is free, expired or already the holder's; true when it is now. */
  acquire(args: LeaseArgs): Promise<boolean>;
  /** Moves the end to `now + ttlMs` only while `holder` still has the key; true when it did. */
  renew(args: LeaseArgs): Promise<boolean>;
  /** Frees the key only while `holder` has it. */
  release(args: { readonly key: string; readonly holder: string }): Promise<void>;
}

/** One row operation's arguments. */
export interface LeaseArgs {
  readonly key: string;
  readonly holder: string;
  /** Epoch ms. */
  readonly now: number;
  readonly ttlMs: number;
}

/** Longest key: the `cluster_lease.key` column. */
export const MAX_LEASE_KEY = 200;

/**
 * Checks a key and a TTL; throws with the fix when they make no sense.
 *
 * @example
 * checkLease('polling:123', 30_000); // fine
 * checkLease('', 0); // throws
 */
export function checkLease(key: string, ttlMs: number): void {
  if (!key || key.length > MAX_LEASE_KEY) throw new Error(`A lease key must have 1–${MAX_LEASE_KEY} characters (got ${key.length}): name what is owned, e.g. "polling:<bot id>", never a token.`);
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new Error(`A lease TTL must be a positive number of ms (got ${ttlMs}), e.g. 30000.`);
}

/**
 * A holder id for this process: host, pid and a random part, so an operator reading `cluster_lease`
 * sees which process holds what, and two Campanile instances in one process (tests) still differ.
 *
 * @example
 * leaseHolderId(); // 'web-1:4242:9f3c2a1b'
 */
export function leaseHolderId(host = hostname()): string {
  return `${host.slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * `Leases` over a lease table: handles that renew and release with fencing, and one handle per key in
 * this process (a key being acquired or held here is not given out again until released or lost).
 *
 * @example
 * const leases = leasesOn(memoryLeaseTable(), { holder: 'p1' });
 * const lease = await leases.acquire('k', 1000); // a handle
 * await leases.acquire('k', 1000); // undefined: held here already
 */
export function leasesOn(table: LeaseTable, options: { readonly holder: string; readonly now?: () => number }): Leases {
  const { holder } = options;
  const now = options.now ?? Date.now;
  // Keys this process holds (or is acquiring) through a live handle.
  const local = new Set<string>();
  const handle = (key: string, ttlMs: number, expiresAt: number): Lease => {
    let dead = false;
    let end = expiresAt;
    const forget = () => {
      if (dead) return;
      dead = true;
      local.delete(key);
    };
    return {
      key,
      ttlMs,
      get expiresAt() {
        return end;
      },
      async renew() {
        if (dead) return false;
        const at = now();
        const ok = await table.renew({ key, holder, now: at, ttlMs });
        if (ok) end = at + ttlMs;
        else forget();
        return ok;
      },
      async release() {
        if (dead) return;
        forget();
        await table.release({ key, holder });
      },
    };
  };
  return {
    holder,
    async acquire(key, ttlMs) {
      checkLease(key, ttlMs);
      if (local.has(key)) return undefined;
      // Reserved before the first await: two concurrent acquires in this process never both win.
      local.add(key);
      try {
        const at = now();
        if (await table.acquire({ key, holder, now: at, ttlMs })) return handle(key, ttlMs, at + ttlMs);
        local.delete(key);
        return undefined;
      } catch (error) {
        local.delete(key);
        throw error;
      }
    },
  };
}

/** Rows of a `memoryLeaseTable`, by key. */
export type MemoryLeaseRows = Map<string, { holder: string; expiresAt: number }>;

/**
 * A `LeaseTable` in memory. Share one between several `leasesOn(…)` to play several processes in a test.
 *
 * @example
 * const table = memoryLeaseTable();
 * const a = leasesOn(table, { holder: 'a' }), b = leasesOn(table, { holder: 'b' });
 */
export function memoryLeaseTable(rows: MemoryLeaseRows = new Map()): LeaseTable {
  return {
    async acquire({ key, holder, now, ttlMs }) {
      const row = rows.get(key);
      if (row && row.holder !== holder && row.expiresAt > now) return false;
      rows.set(key, { holder, expiresAt: now + ttlMs });
      return true;
    },
    async renew({ key, holder, now, ttlMs }) {
      const row = rows.get(key);
      if (row?.holder !== holder) return false;
      row.expiresAt = now + ttlMs;
      return true;
    },
    async release({ key, holder }) {
      if (rows.get(key)?.holder === holder) rows.delete(key);
    },
  };
}

/**
 * `Leases` in memory, for adapters and tests without a database: within one process only.
 *
 * @example
 * const leases = memoryLeases();
 * const lease = await leases.acquire('polling:1', 1000);
 * await lease?.release();
 */
export function memoryLeases(options: { readonly holder?: string; readonly now?: () => number; readonly table?: LeaseTable } = {}): Leases {
  return leasesOn(options.table ?? memoryLeaseTable(), { holder: options.holder ?? leaseHolderId(), ...(options.now ? { now: options.now } : {}) });
}

/**
 * The same leases with every key prefixed, so two adapters never take each other's keys. Core scopes
 * an adapter's leases by its channel only: two accounts of one bot must meet on one key.
 *
 * @example
 * const telegram = scopedLeases(leases, 'telegram');
 * await telegram.acquire('polling:123', 30_000); // key "telegram:polling:123"
 */
export function scopedLeases(leases: Leases, prefix: string): Leases {
  return { holder: leases.holder, acquire: (key, ttlMs) => leases.acquire(`${prefix}:${key}`, ttlMs) };
}
