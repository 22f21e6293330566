import { createHash, randomBytes } from 'node:crypto';
import debug from 'debug';
import pg from 'pg';
import type { AdapterLogger } from '../channel/channel-adapter.js';
import { encodeSignal, type ClusterSignalBus, type SignalHandler, type SignalPayload, type SubscribeOptions, type Unsubscribe } from '../cluster/cluster-signals.js';
import { TypedEmitter } from '../engine/typed-emitter.js';
import { notifyChannel } from './sql/notify-channel.js';
import type { SqlRunner } from './sql/sql-runner.js';

const trace = debug('campanile:signals');

/** Options of `PgClusterSignals`. */
export interface PgClusterSignalsOptions {
  /** The database's `postgres://` URL (the same the ORM uses): the listener opens its own connection. */
  readonly connectionString: string;
  /**
   * Prefix of every NOTIFY channel, unique per Campanile database: NOTIFY channels belong to the whole
   * PostgreSQL database, so two Campanile schemas in one database (parallel tests) would hear each
   * other without it. The composition root uses `campanile:<schema>`.
   */
  readonly namespace: string;
  /** Publishes go through the pool, so a process still publishes while its own listener reconnects. */
  readonly sql: SqlRunner;
  readonly log: AdapterLogger;
  /** Reconnect delays: from `minMs`, doubling up to `maxMs` (default 100 ms … 5 s). */
  readonly reconnect?: { readonly minMs: number; readonly maxMs: number };
}

/** What the listener connection does; tests wait on these instead of sleeping. */
export type PgClusterSignalsEvents = {
  /** Connected and listening to every subscribed channel. */
  listening: [];
  /** The connection broke (killed, network, server restart); a reconnect is scheduled. */
  lost: [Error];
  /** Listening again after a loss: subscribers' `onGap` were called (before `listening`). */
  gap: [];
};

/** PostgreSQL's longest identifier (NAMEDATALEN − 1), which NOTIFY channel names are. */
const MAX_CHANNEL_BYTES = 63;

/**
 * `ClusterSignals` over PostgreSQL LISTEN/NOTIFY: publishes with `pg_notify` on the ORM's pool, listens
 * on one dedicated `pg` connection (a pooled one would be handed to other work and lose its LISTENs),
 * connected on the first subscription and reconnected with backoff when it breaks; every subscribed
 * channel is listened to again on the new connection. Signals published while it was down are missed
 * (NOTIFY has no replay), which the contract allows. Each payload carries the publisher's random origin,
 * so a process ignores its own signals.
 *
 * @example
 * const signals = new PgClusterSignals({ connectionString: url, namespace: 'campanile:public', sql: sqlRunner(db), log });
 * const stop = await signals.subscribe('webchat:default:live', (p) => console.log(p));
 * await signals.close();
 */
export class PgClusterSignals implements ClusterSignalBus {
  readonly events = new TypedEmitter<PgClusterSignalsEvents>();
  private readonly origin = randomBytes(12).toString('base64url');
  private readonly handlers = new Map<string, Set<SignalHandler>>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;
  /** Subscribers to tell when signals may have been missed (see `SubscribeOptions.onGap`). */
  private readonly gapListeners = new Set<() => void>();
  /** Set when the listener is down after having been asked to listen: the next connection is a gap. */
  private missed = false;

  constructor(private readonly options: PgClusterSignalsOptions) {
    if (!/^postgres(ql)?:\/\//.test(options.connectionString)) throw new Error('PgClusterSignals needs the postgres:// URL of the database (DATABASE_URL).');
    if (!options.namespace) throw new Error('PgClusterSignals needs a `namespace` unique per Campanile database, e.g. `campanile:<schema>`.');
  }

  /** The NOTIFY channel of a topic: readable when it fits in 63 bytes, else a hash of the same name. */
  channelOf(topic: string): string {
    const name = `${this.options.namespace}:${topic}`;
    if (Buffer.byteLength(name) <= MAX_CHANNEL_BYTES) return name;
    return `campanile#${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
  }

  async publish(topic: string, payload: SignalPayload): Promise<void> {
    if (this.closed) throw new Error('These cluster signals are closed: publish before Campanile stops.');
    const envelope = `{"o":${JSON.stringify(this.origin)},"p":${encodeSignal(payload)}}`;
    await notifyChannel(this.options.sql, this.channelOf(topic), envelope);
  }

  async subscribe(topic: string, handler: SignalHandler, options: SubscribeOptions = {}): Promise<Unsubscribe> {
    if (this.closed) throw new Error('These cluster signals are closed: subscribe after Campanile starts.');
    const channel = this.channelOf(topic);
    let handlers = this.handlers.get(channel);
    const first = !handlers;
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
    }
    const own: SignalHandler = (payload) => handler(payload);
    handlers.add(own);
    const onGap = options.onGap ? () => options.onGap?.() : undefined;
    if (onGap) this.gapListeners.add(onGap);
    if (first) await this.command(`listen ${quote(channel)}`);
    return async () => {
      if (onGap) this.gapListeners.delete(onGap);
      const current = this.handlers.get(channel);
      if (!current?.delete(own) || current.size > 0) return;
      this.handlers.delete(channel);
      if (this.client) await this.command(`unlisten ${quote(channel)}`);
    };
  }

  /** Stops listening and closes the connection; publishing and subscribing fail afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.handlers.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * Runs LISTEN/UNLISTEN on the listener, connecting first if needed. A failure is logged, not thrown:
   * the reconnect listens to every subscribed channel again, and Campanile starts without waiting for it.
   */
  private async command(statement: string): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      await client.query(statement);
    } catch (error) {
      this.options.log.warn({ err: error }, 'cluster signals: listener not ready, retrying in the background');
      this.scheduleReconnect();
    }
  }

  private connect(): Promise<pg.Client> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true, application_name: 'campanile-signals' });
      client.on('notification', (message) => this.onNotification(message));
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client, new Error('the listener connection ended')));
      try {
        await client.connect();
        for (const channel of this.handlers.keys()) await client.query(`listen ${quote(channel)}`);
      } catch (error) {
        client.end().catch(() => undefined);
        throw error;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        throw new Error('closed while connecting');
      }
      this.client = client;
      this.attempts = 0;
      trace('listening on %d channels', this.handlers.size);
      if (this.missed) this.tellGap();
      this.events.emit('listening');
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Must not throw: it runs from the client's error and end events. */
  private lost(client: pg.Client, error: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.log.warn({ err: error }, 'cluster signals: listener connection lost, reconnecting');
    this.events.emit('lost', error);
    this.scheduleReconnect();
  }

  /** Subscribers re-read what they may have missed; one failing does not stop the others. */
  private tellGap(): void {
    this.missed = false;
    this.options.log.info({ subscribers: this.gapListeners.size }, 'cluster signals: listening again; subscribers re-read what they may have missed');
    for (const listener of [...this.gapListeners]) {
      try {
        listener();
      } catch (error) {
        this.options.log.error({ err: error }, 'cluster signal gap handler failed');
      }
    }
    this.events.emit('gap');
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    if (this.handlers.size > 0) this.missed = true;
    if (this.retryTimer || this.client) return;
    const { minMs, maxMs } = this.options.reconnect ?? { minMs: 100, maxMs: 5000 };
    const delay = Math.min(maxMs, minMs * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed || this.client) return;
      this.connect().catch((error: unknown) => {
        trace('reconnect failed: %s', error instanceof Error ? error.message : String(error));
        this.scheduleReconnect();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private onNotification(message: pg.Notification): void {
    const handlers = this.handlers.get(message.channel);
    if (!handlers || !message.payload) return;
    let envelope: { o?: unknown; p?: unknown };
    try {
      envelope = JSON.parse(message.payload) as { o?: unknown; p?: unknown };
    } catch {
      return trace('ignored a payload that is not JSON on %s', message.channel);
    }
    // The publisher did its local work already.
    if (envelope.o === this.origin) return;
    for (const handler of handlers) {
      Promise.resolve()
        .then(() => handler(envelope.p))
        .catch((error: unknown) => this.options.log.error({ err: error, channel: message.channel }, 'cluster signal handler failed'));
    }
  }
}

/** A quoted identifier: LISTEN takes a name, not a parameter. */
function quote(channel: string): string {
  return `"${channel.replace(/"/g, '""')}"`;
}
