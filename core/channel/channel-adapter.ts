import type { ChannelCapabilities } from './capabilities.js';
import type { ConversationRef } from './conversation-ref.js';
import type { DeliveryResult } from './delivery-result.js';
import type { HttpRoute } from './http-route.js';
import type { InboundEvent } from './inbound.js';
import type { OutboundMessage } from './outbound.js';
import type { SendContext } from './send-context.js';
import type { StateStorage } from '../storage/state-storage.js';

/**
 * The one contract every channel implements, in both directions. A third party can publish an adapter
 * as its own npm package: it imports only these types from `campanile/core`.
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
  /** Starts polling or connections; the sink receives every parsed event. */
  start?(runtime: AdapterRuntime): Promise<void>;
  /** Stops polling and closes connections; pending sends finish first. */
  stop?(): Promise<void>;
  /**
   * Sends one normalized message. `context` carries what the caller knows of the recipient (e.g. the
   * last inbound time for reply windows); adapters that need nothing ignore it.
   */
  send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult>;
}

/** What the engine gives an adapter when it starts. */
export interface AdapterRuntime {
  /** Processes one event; resolves when the engine has handled it. */
  deliver(event: InboundEvent): Promise<void>;
  readonly log: AdapterLogger;
  /**
   * Durable key-value storage for this adapter instance (e.g. Telegram's `file_id` cache and long
   * callback payloads), scoped to the tenant it serves (the default tenant for adapters serving every
   * tenant) and to `<channel>:<account>`. Survives restarts. Absent in unit tests that pass no storage.
   */
  readonly storage?: StateStorage;
}

/** The part of a pino logger adapters use; tokens and secrets must never be passed to it. */
export interface AdapterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
