import debug from 'debug';
import type { WebSocket } from 'ws';
import type { AdapterRuntime, TenantInfo } from '../../core/index.js';
import { toEntry } from './history.js';
import type { ServerFrame } from './protocol.js';
import type { TokenBucket } from './token-bucket.js';
import { WebchatMessage } from './webchat-message.js';

const trace = debug('campanile:webchat:live');

/** One open tab: its socket and, after `hello`, the session it shows. */
export interface Connection {
  readonly socket: WebSocket;
  readonly tenantSlug: string;
  tenant?: TenantInfo;
  session?: string;
  locale?: string;
  readonly bucket: TokenBucket;
  /** Frames are handled one after another, so the history keeps the order they were typed in. */
  chain: Promise<void>;
}

/** The cluster-signal topic (scoped by core to `webchat:<account>`) on which processes announce history changes. */
const LIVE_TOPIC = 'live';
/** WebSocket close code "service restart": the page reconnects with backoff and reads the history. */
const RECONNECT_CODE = 1012;

/**
 * What a process tells the others after it pushed something to a session's tabs: which history rows to
 * read (ids, never bodies: NOTIFY carries at most 8000 bytes), or that the session was erased.
 */
export interface LiveSignal {
  readonly kind: 'message' | 'replaced' | 'reset';
  readonly tenant: string;
  readonly session: string;
  readonly ids: readonly string[];
}

/**
 * The key of a session's open tabs.
 *
 * @example
 * live.push(liveKey('esempio', session), { t: 'reset' });
 */
export function liveKey(tenant: string, session: string): string {
  return `${tenant}/${session}`;
}

/**
 * Sends a frame to one tab, if it is still open.
 *
 * @example
 * reply(connection, { t: 'ack', id: frame.id });
 */
export function reply(connection: Connection, frame: ServerFrame): void {
  if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
}

/**
 * The open tabs of this process by session, and the cluster signals that keep the tabs of every
 * process live: what one process stores for a session is pushed here and announced to the others,
 * which read the rows and push them to their own tabs.
 *
 * @example
 * const live = new LivePush(() => runtime);
 * await live.start(runtime);
 * live.push(key, frame); await live.announce({ kind: 'message', tenant, session, ids });
 */
export class LivePush {
  private readonly tabs = new Map<string, Set<Connection>>();
  private unsubscribe: (() => Promise<void>) | undefined;
  /** Signals are pushed one after another, so tabs here see another process's bubbles in its order. */
  private signalChain: Promise<void> = Promise.resolve();

  constructor(private readonly runtime: () => AdapterRuntime | undefined) {}

  /**
   * Tabs connected here also see what other processes (the dispatcher's lane owner, an operator's
   * request served elsewhere) stored for their session; after a gap in the signals they reconnect.
   */
  async start(runtime: AdapterRuntime): Promise<void> {
    this.unsubscribe = await runtime.signals.subscribe(LIVE_TOPIC, (payload) => this.onSignal(payload), { onGap: () => this.reconnectTabs() });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.signalChain;
    for (const connections of this.tabs.values()) for (const c of connections) c.socket.close(1001, 'server shutting down');
    this.tabs.clear();
  }

  /** A tab said hello for the session of `key`. */
  add(key: string, connection: Connection): void {
    if (!this.tabs.has(key)) this.tabs.set(key, new Set());
    this.tabs.get(key)?.add(connection);
  }

  /** A tab closed. */
  remove(key: string, connection: Connection): void {
    this.tabs.get(key)?.delete(connection);
    if (this.tabs.get(key)?.size === 0) this.tabs.delete(key);
  }

  /** Sends a frame to every tab of the session of `key` open here. */
  push(key: string, frame: ServerFrame): void {
    for (const connection of this.tabs.get(key) ?? []) reply(connection, frame);
  }

  /**
   * Tells the other processes what was just pushed here. Awaited, so one session's signals leave in
   * order (a fire-and-forget publish could overtake the previous one on another pool connection); a
   * failure is logged, never turned into a failed delivery: the row is stored, and their tabs find it
   * on the next reconnect.
   */
  async announce(signal: LiveSignal): Promise<void> {
    const runtime = this.runtime();
    if (!runtime) return;
    try {
      await runtime.signals.publish(LIVE_TOPIC, { ...signal, ids: [...signal.ids] });
    } catch (error) {
      runtime.log.warn({ err: error, tenant: signal.tenant }, 'web chat: other processes not told; their tabs show the message after a reconnect');
    }
  }

  /** Closes sockets that stopped answering pings (a laptop lid closed, a network gone). */
  ping(): void {
    for (const connections of this.tabs.values()) {
      for (const { socket } of connections) {
        const s = socket as WebSocket & { isAlive?: boolean };
        if (s.isAlive === false) {
          s.terminate();
          continue;
        }
        s.isAlive = false;
        s.ping();
      }
    }
  }

  /**
   * Signals from other processes may have been missed (our listener was cut off): every tab here is
   * asked to reconnect (1012, "service restart"), and its `hello` reads the stored history again, as
   * after any reconnect. Rare (a database restart), and simpler than tracking what each tab has seen.
   */
  private reconnectTabs(): void {
    let tabs = 0;
    for (const connections of this.tabs.values()) {
      for (const { socket } of connections) {
        socket.close(RECONNECT_CODE, 'missed updates: reconnect');
        tabs += 1;
      }
    }
    if (tabs > 0) this.runtime()?.log.info({ tabs }, 'web chat: tabs asked to reconnect after a gap in cluster signals');
  }

  /** Another process changed a session's history: push it to the tabs of that session connected here. */
  private onSignal(payload: unknown): Promise<void> {
    const signal = liveSignal(payload);
    if (!signal) {
      trace('ignored a malformed live signal');
      return Promise.resolve();
    }
    const key = liveKey(signal.tenant, signal.session);
    // Most signals are for tabs on other processes: no tab here, nothing to read.
    if (!this.tabs.has(key)) return Promise.resolve();
    this.signalChain = this.signalChain
      .then(() => this.pushSignal(key, signal))
      .catch((error: unknown) => this.runtime()?.log.error({ err: error, tenant: signal.tenant }, 'web chat: a message from another process was not pushed'));
    return this.signalChain;
  }

  private async pushSignal(key: string, signal: LiveSignal): Promise<void> {
    if (signal.kind === 'reset') return this.push(key, { t: 'reset' });
    const runtime = this.runtime();
    const tenant = await runtime?.persistence.tenant(signal.tenant);
    if (!runtime || !tenant) return;
    const ids = signal.ids.map(Number);
    const rows = await runtime.persistence.em(tenant.id).find(WebchatMessage, { id: { $in: ids }, session: signal.session }, { orderBy: { id: 'asc' } });
    for (const row of rows) this.push(key, { t: 'message', entry: toEntry(row), ...(signal.kind === 'replaced' ? { replaced: true } : {}) });
  }
}

/** A live signal from another process, or undefined when the payload is not one (checked: it crossed a process boundary). */
function liveSignal(payload: unknown): LiveSignal | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { kind, tenant, session, ids } = payload as Record<string, unknown>;
  if (kind !== 'message' && kind !== 'replaced' && kind !== 'reset') return undefined;
  // The slug is checked where it is looked up (`persistence.tenant`).
  if (typeof tenant !== 'string' || !tenant || typeof session !== 'string' || !session) return undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^\d{1,18}$/.test(id))) return undefined;
  return { kind, tenant, session, ids };
}
