import { randomUUID } from 'node:crypto';

/** A JSON value a signal carries: ids and keys, never message bodies. */
export type SignalPayload = { readonly [key: string]: string | number | boolean | null | readonly (string | number)[] };

/** Called with the payload another process published; it crossed a process boundary, so check its shape. */
export type SignalHandler = (payload: unknown) => void | Promise<void>;

/** Stops one subscription. */
export type Unsubscribe = () => Promise<void>;

/**
 * What a subscriber wants to hear besides payloads.
 *
 * @example
 * await signals.subscribe('live', push, { onGap: () => askTabsToReload() });
 */
export interface SubscribeOptions {
  /**
   * Called when this process listens again after its listener was cut off (a database restart, a
   * killed connection): signals published meanwhile were missed, so re-read what matters from the
   * stored rows. Never called on the first connection.
   */
  onGap?: () => void;
}

/**
 * Small hints between the Campanile processes that share one database ("row 42 of session s was
 * written"), for adapters that hold live connections: the web chat pushes a message stored by another
 * process to the tabs connected here. The database stays the truth; a signal only says where to look.
 *
 * - `publish` reaches the subscribers of the *other* processes, never this one's: the publisher already
 *   did the local work, so nothing happens twice.
 * - At most once, no replay: a process whose listener was reconnecting misses what was published
 *   meanwhile, and is told so (`SubscribeOptions.onGap`) once it listens again. Use signals to be
 *   fast, and the stored rows to be right (a reload shows everything).
 * - Payloads are at most `MAX_SIGNAL_BYTES` of JSON (PostgreSQL's NOTIFY limit is 8000 bytes): send ids.
 *
 * Core gives each adapter one in `AdapterRuntime.signals`, with topics already scoped to the adapter's
 * channel and account and to the database: PostgreSQL LISTEN/NOTIFY when several processes may share it,
 * a no-op fan-out on SQLite (one process). Tests use `signalHub()` to join several members in memory.
 *
 * @example
 * const stop = await runtime.signals.subscribe('live', (p) => pushRows(p));
 * await runtime.signals.publish('live', { tenant: 'esempio', session, ids: [String(row.id)] });
 * await stop();
 */
export interface ClusterSignals {
  /** Tells the other processes; resolves once the signal is handed to the database (or the hub). */
  publish(topic: string, payload: SignalPayload): Promise<void>;
  /** Calls `handler` for each payload another process publishes on `topic`; resolves once listening. */
  subscribe(topic: string, handler: SignalHandler, options?: SubscribeOptions): Promise<Unsubscribe>;
}

/** `ClusterSignals` with a lifetime: the composition root closes it after the adapters stopped. */
export interface ClusterSignalBus extends ClusterSignals {
  close(): Promise<void>;
}

/** Largest payload, in bytes of JSON: below PostgreSQL's 8000-byte NOTIFY limit, with room for the envelope. */
export const MAX_SIGNAL_BYTES = 7000;

/**
 * Serialises a payload and checks its size; throws with the fix when it is too big.
 *
 * @example
 * encodeSignal({ ids: ['1', '2'] }); // '{"ids":["1","2"]}'
 * encodeSignal({ body: 'x'.repeat(9000) }); // throws
 */
export function encodeSignal(payload: SignalPayload): string {
  const text = JSON.stringify(payload);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_SIGNAL_BYTES) {
    throw new Error(`A cluster signal may carry at most ${MAX_SIGNAL_BYTES} bytes of JSON (got ${bytes}): publish ids and let the receivers read the stored rows.`);
  }
  return text;
}

/**
 * The same signals with every topic prefixed, so two adapters (or two accounts of one channel) never
 * hear each other's topics.
 *
 * @example
 * const webchat = scopedSignals(bus, 'webchat:default');
 * await webchat.publish('live', { session: 's1', ids: ['7'] }); // topic "webchat:default:live"
 */
export function scopedSignals(signals: ClusterSignals, prefix: string): ClusterSignals {
  return {
    publish: (topic, payload) => signals.publish(`${prefix}:${topic}`, payload),
    subscribe: (topic, handler, options) => signals.subscribe(`${prefix}:${topic}`, handler, options),
  };
}

/**
 * Joins members in memory: what one member publishes reaches the subscribers of every other member of
 * the hub, as PostgreSQL does between processes. A hub with one member (SQLite: one process) delivers
 * nothing. Payloads go through JSON, so members never share objects.
 *
 * @example
 * const hub = signalHub();
 * const a = hub.member(), b = hub.member();
 * await b.subscribe('t', (p) => console.log(p)); await a.publish('t', { id: 1 }); // b logs { id: 1 }
 */
export function signalHub(): { member(): ClusterSignalBus } {
  const members = new Map<string, Map<string, Set<SignalHandler>>>();
  return {
    member() {
      const id = randomUUID();
      const topics = new Map<string, Set<SignalHandler>>();
      members.set(id, topics);
      return {
        async publish(topic, payload) {
          const text = encodeSignal(payload);
          for (const [other, handlers] of members) {
            if (other === id) continue;
            // Like a NOTIFY: later, and a failing handler is its own member's problem, not the publisher's.
            for (const handler of handlers.get(topic) ?? []) void Promise.resolve().then(() => handler(JSON.parse(text))).catch(() => undefined);
          }
        },
        async subscribe(topic, handler) {
          const handlers = topics.get(topic) ?? new Set();
          topics.set(topic, handlers);
          const own = (payload: unknown) => handler(payload);
          handlers.add(own);
          return async () => {
            handlers.delete(own);
          };
        },
        async close() {
          members.delete(id);
        },
      };
    },
  };
}
