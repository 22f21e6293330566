import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import type { PersonEraser } from '../people/people-service.js';
import type { RetentionStep } from '../retention/retention-step.js';
import type { AdapterMedia } from '../media/inbound-media-keeper.js';
import type { AdapterPersistence } from './adapter-persistence.js';
import type { ChannelCapabilities } from './capabilities.js';
import type { ClusterSignals } from '../cluster/cluster-signals.js';
import type { ConversationRef } from './conversation-ref.js';
import type { DeliveryResult } from './delivery-result.js';
import type { HttpRoute, SocketRoute } from './http-route.js';
import type { InboundEvent } from './inbound.js';
import type { JoinLink, JoinRequest } from './join-link.js';
import type { Leases } from '../cluster/leases.js';
import type { OutboundMessage } from './outbound.js';
import type { RecipientQuota } from './recipient-quota.js';
import type { SendContext } from './send-context.js';
import type { StateStorage } from '../storage/state-storage.js';

/**
 * The one contract every channel implements, in both directions. A third party can publish an adapter
 * as its own npm package: it imports only these types from `campanile`.
 *
 * - inbound: native updates come from `routes` (webhooks) or from polling started in `start`; either
 *   way the adapter verifies them, parses them into `InboundEvent`s and hands them to the sink.
 * - outbound: `send` renders a normalized message within the channel's limits and returns exactly one
 *   `DeliveryResult`; it never throws for a channel refusal.
 *
 * @example
 * const adapter = new TelegramAdapter({ tenant: 'esempio', token });
 * await adapter.start({ deliver: (event) => engine.handle(event), log });
 * const result = await adapter.send(ref, { text: plain('Ciao') });
 */
export interface ChannelAdapter {
  /** Channel kind, e.g. 'telegram', 'whatsapp', 'webchat'. */
  readonly channel: string;
  /** Channel account within the tenant(s) this instance serves (one bot, one number). */
  readonly account: string;
  readonly capabilities: ChannelCapabilities;
  /** Webhook routes, mounted by the HTTP server under the paths given. */
  readonly routes?: readonly HttpRoute[];
  /** WebSocket routes (the web chat's), accepted by the HTTP server under the paths given. */
  readonly sockets?: readonly SocketRoute[];
  /**
   * Tables the adapter keeps for itself (the web chat's history), created by its own migrations exactly
   * like a module's. Most adapters keep nothing and leave these out.
   */
  readonly entities?: readonly EntitySchema[];
  readonly migrations?: readonly MigrationObject[];
  /** Starts polling or connections; the sink receives every parsed event. */
  start?(runtime: AdapterRuntime): Promise<void>;
  /**
   * Stops polling and closes connections; pending sends finish first. `reason` says why (older callers
   * pass none, which means `shutdown`): see {@link AdapterStopReason}. Adapters that register nothing
   * with the channel ignore it.
   */
  stop?(reason?: AdapterStopReason): Promise<void>;
  /**
   * Sends one normalized message. `context` carries what the caller knows of the recipient (e.g. the
   * last inbound time for reply windows); adapters that need nothing ignore it.
   */
  send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult>;
  /**
   * Asks the channel whether the account's credentials work (Telegram `getMe`, a Graph API read of the
   * page or number, a Bot Framework token), for the admin UI's "check connection" button. `identity`
   * is what the channel calls the account (`@comune_bot`, the page's name); `problem` says what to fix,
   * never a secret. Channels with nothing to ask leave it out.
   *
   * @example
   * async checkConnection(signal) { const me = await this.api.getMe(signal); return { ok: true, identity: `@${me.username}` }; }
   */
  checkConnection?(signal?: AbortSignal): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly problem: string }>;
  /**
   * Optional: the link that opens a conversation on this channel, for the comune's join page and
   * posters; undefined while it is not known yet (a bot before getMe) or for another tenant.
   * Adapters without a public link leave it out.
   */
  joinLink?(request: JoinRequest): JoinLink | undefined;
}

/**
 * Why an adapter stops:
 * - `shutdown`: the process stops or restarts; the account stays, so keep what the channel holds for it
 *   (Telegram's webhook: a restart must not lose it, and other processes still serve it).
 * - `detach`: the account was deactivated, deleted or changed while Campanile runs
 *   (`campanile.detachAdapter`): undo what `start` registered with the channel (Telegram: `deleteWebhook`,
 *   so Telegram stops posting to a route that now answers 404). A changed account is attached again
 *   right after, and its `start` registers anew.
 *
 * @example
 * async stop(reason: AdapterStopReason = 'shutdown') { if (reason === 'detach') await this.unregisterWebhook(); }
 */
export type AdapterStopReason = 'shutdown' | 'detach';

/**
 * What the engine gives an adapter when it starts: every member is always present (tests build one with
 * `testRuntime()` from `campanile/testing`, out of the in-memory versions).
 */
export interface AdapterRuntime {
  /** Processes one event; resolves when the engine has handled it and its replies have their first outcome. */
  deliver(event: InboundEvent): Promise<void>;
  /**
   * Processes one event; resolves as soon as it is durable (the turn committed, its replies in the
   * outbox, or the event known as a redelivery), before the replies reach the channel. For pollers that
   * confirm a batch to the channel (Telegram's `getUpdates` offset), so the next batch does not wait for
   * this one's replies.
   */
  accept(event: InboundEvent): Promise<void>;
  readonly log: AdapterLogger;
  /**
   * Durable key-value storage for this adapter instance (e.g. Telegram's `file_id` cache and long
   * callback payloads), scoped to the tenant it serves (the default tenant for adapters serving every
   * tenant) and to `<channel>:<account>`. Survives restarts.
   */
  readonly storage: StateStorage;
  /**
   * Rolling-window counts of unique recipients (WhatsApp's daily messaging tier), kept in the database
   * for the tenant the adapter serves: they survive restarts and are shared by every process on the same
   * database.
   */
  readonly recipientQuota: RecipientQuota;
  /**
   * Hints to and from the other Campanile processes on the same database (PostgreSQL LISTEN/NOTIFY; on
   * SQLite, one process, they reach no one), with topics scoped to this adapter's channel and account.
   * For adapters holding live connections: the web chat tells the others which history row to push.
   */
  readonly signals: ClusterSignals;
  /**
   * Leases shared by every process on the same database (the `cluster_lease` table), for work that must
   * run in exactly one process at a time: Telegram's polling of one bot. Keys are scoped to this
   * adapter's channel; key them by what is owned (the bot id), never by a secret. On SQLite (one process)
   * they are always acquired. `LeaseKeeper` runs the acquire/renew/stand-by loop.
   */
  readonly leases: Leases;
  /** Copies files people send into the media store at once (for channels whose download links expire). */
  readonly media: AdapterMedia;
  /** Tenant lookup and tenant-scoped entity managers, for adapters that declare `entities`. */
  readonly persistence: AdapterPersistence;
  /** Registers a function that deletes the adapter's rows of a person inside the erasure transaction. */
  onErase(eraser: PersonEraser): void;
  /**
   * Registers the adapter's retention step: for adapters that keep what people write or send (the web
   * chat's history and uploads), called hourly per tenant with its cutoffs (see `RetentionStep`).
   * Removed when the adapter is detached.
   */
  onRetention(step: RetentionStep): void;
}

/** The part of a pino logger adapters use; tokens and secrets must never be passed to it. */
export interface AdapterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
