import type { Campanile } from '../../campanile.js';
import type { BoundAdapter, ChannelFactory, ChannelFactoryContext } from '../../channel/channel-factory.js';
import type { ConversationRef } from '../../channel/conversation-ref.js';
import type { MediaKind } from '../../channel/inbound.js';
import type { FeatureModule } from '../../module/feature-module.js';
import type { ConformanceTap } from './conformance-tap.js';

/** The failure outcomes a fake channel is asked to produce (`delivered` is every other check). */
export type FailureKind = 'rate-limited' | 'transient' | 'permanent' | 'recipient-gone' | 'window-closed';

/** The checks by name: the keys of `ConformanceFake.cannot` and `knownGaps`. */
export type ConformanceCheck =
  | 'text round trip' | 'buttons' | 'numbered fallback' | 'long text split' | 'media within limits' | 'media beyond limits'
  | 'inbound media' | 'redelivered once' | 'stop and start';

/** What the fake channel received, normalized so the kit can assert on any channel. */
export interface ReceivedMessage {
  /** The chat it went to: the `chatId` of the `ConversationRef` the adapter sent to. */
  readonly chat: string;
  /** Its text or caption, as plain text ('' when none). */
  readonly text: string;
  /** Choice buttons (list rows included), with the native data a press sends back. */
  readonly buttons: readonly { readonly label: string; readonly data: string }[];
  readonly media?: { readonly kind: 'image' | 'document' };
}

/**
 * A running fake channel and the adapter pointed at it: how the kit plays the person and reads what the
 * channel got. `Chat` is the harness's handle of one person (a Telegram user id, an open web chat socket),
 * `Update` a native inbound update it can deliver again.
 */
export interface ConformanceFake<Chat = unknown, Update = unknown> {
  /** The adapter, made by the factory with a config pointing at the fake, and the tenant it serves. */
  readonly bound: BoundAdapter;
  /** Person `index` (0, 1, …) of the fake channel, ready to write (known to the fake, connected). */
  person(index: number): Promise<Chat>;
  /** The person writes `text`; resolves with the native update once the channel has handed it over. */
  pushText(chat: Chat, text: string): Promise<Update>;
  /** The channel delivers the same update again (a webhook retried, a resent frame). */
  redeliver?(update: Update): Promise<void>;
  /** The person presses button `index` of a message they received. */
  pressButton?(chat: Chat, message: ReceivedMessage, index: number): Promise<void>;
  /** The person sends a small file of `kind` (one the capabilities declare in `inboundMedia`). */
  pushMedia?(chat: Chat, kind: MediaKind): Promise<void>;
  /** Called once the app runs the adapter: keep it to post webhooks through it (`postWebhook`). */
  started?(app: Campanile): void | Promise<void>;
  /** Everything the fake channel received so far, in order. */
  received(): readonly ReceivedMessage[];
  /**
   * Makes the fake answer the next send to `ref` with this kind; may return another ref to send to
   * instead (an unknown chat, for `recipient-gone`). Later sends to `ref` go through again.
   */
  readonly failNext: Partial<Record<FailureKind, (ref: ConversationRef) => void | ConversationRef | Promise<void | ConversationRef>>>;
  /** Checks or failure kinds this channel cannot produce, with the reason: skipped. */
  readonly cannot?: Partial<Record<ConformanceCheck | FailureKind, string>>;
  /** Checks the adapter is known to fail, with the reason: run as `todo` (reported, not fatal). */
  readonly knownGaps?: Partial<Record<ConformanceCheck, string>>;
}

/** What the kit asks the app to run: the adapter, the kit's echo module, the channel's factory. */
export interface ConformanceAppOptions {
  readonly adapters: readonly BoundAdapter[];
  readonly modules: readonly FeatureModule[];
  readonly channels: readonly ChannelFactory[];
}

/**
 * What an adapter author gives the kit about their fake channel.
 *
 * @example
 * const harness: ConformanceHarness<number, EchoUpdate> = {
 *   async setup(t, factory, context) { const fake = await startFakeEcho(t); return echoFake(fake, factory.fromEnv(…, context)!); },
 * };
 */
export interface ConformanceHarness<Chat = unknown, Update = unknown> {
  /** Starts the fake channel and makes the adapter from `factory`; once per run (use `t.teardown`). */
  setup(t: ConformanceTap, factory: ChannelFactory, context: ChannelFactoryContext): Promise<ConformanceFake<Chat, Update>>;
  /**
   * Starts a Campanile running these adapters and modules; stopped by the harness at teardown. Default:
   * the kit's own, on an in-memory SQLite (in-tree harnesses use the test database, SQLite or PostgreSQL).
   */
  app?(t: ConformanceTap, options: ConformanceAppOptions): Promise<Campanile>;
}
