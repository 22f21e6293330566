import type { Campanile } from '../../campanile.js';
import type { ChannelAdapter } from '../../channel/channel-adapter.js';
import type { ConversationRef } from '../../channel/conversation-ref.js';
import type { DeliveryResult } from '../../channel/delivery-result.js';
import type { InboundMessage } from '../../channel/inbound.js';
import type { OutboundMessage } from '../../channel/outbound.js';
import type { ConformanceCheck, ConformanceFake, ReceivedMessage } from './conformance-harness.js';
import type { ConformanceTap } from './conformance-tap.js';
import type { EchoModule } from './echo-module.js';
import { asKnownGap } from './known-gap.js';
import { waitUntil } from './wait-until.js';

/** A person the kit met: the harness's handle and the ref the engine saw on their first message. */
export interface MetPerson {
  readonly chat: unknown;
  readonly ref: ConversationRef;
  /** The native update of their first message. */
  readonly update: unknown;
}

/**
 * One run of the kit: the app, the adapter, the fake and the echo module's turns, with the moves the
 * checks share (meet a person, send as the outbox does, read what the channel got).
 *
 * @example
 * const person = await session.meet();
 * await session.send(person.ref, { text: plain('Ciao') });
 * await session.waitReceived(person.ref.chatId, 1);
 */
export class ConformanceSession {
  private nextPerson = 0;

  constructor(
    readonly app: Campanile,
    readonly adapter: ChannelAdapter,
    readonly fake: ConformanceFake,
    readonly echo: EchoModule,
    readonly tenant: string | undefined,
  ) {}

  /**
   * A new person writes once (`text`, default `ciao <n>`): resolves when the engine has handled it and
   * its reply reached the channel, with the native update (to deliver it again).
   */
  async meet(text?: string): Promise<MetPerson> {
    const index = this.nextPerson;
    const chat = await this.newChat();
    const said = text ?? `ciao ${index}`;
    const update = await this.fake.pushText(chat, said);
    const turn = await this.waitTurn((m) => m.kind === 'text' && m.text === said, `the turn of "${said}"`);
    await waitUntil(() => this.receivedBy(turn.ref.chatId).some((m) => m.text === `echo: ${said}`), `the reply to "${said}"`);
    return { chat, ref: turn.ref, update };
  }

  /** A person who has not written yet (the harness's handle). */
  newChat(): Promise<unknown> {
    return this.fake.person(this.nextPerson++);
  }

  /** Resolves with the first turn (from now on or already seen) that matches. */
  waitTurn(match: (message: InboundMessage) => boolean, what: string, from = 0): Promise<InboundMessage> {
    return waitUntil(() => this.echo.turns.slice(from).find(match), what);
  }

  /** Sends as the outbox does (`bulk`, to a person who just wrote): one DeliveryResult. */
  send(ref: ConversationRef, message: OutboundMessage): Promise<DeliveryResult> {
    return this.adapter.send(ref, { ...message, bulk: true }, undefined, { lastInboundAt: new Date() });
  }

  /** What the fake channel received for a chat. */
  receivedBy(chat: string): readonly ReceivedMessage[] {
    return this.fake.received().filter((m) => m.chat === chat);
  }

  /** Resolves once the chat received `count` messages in all. */
  waitReceived(chat: string, count: number, what = `${count} messages to chat ${chat}`, timeoutMs?: number): Promise<readonly ReceivedMessage[]> {
    return waitUntil(() => { const got = this.receivedBy(chat); return got.length >= count && got; }, what, timeoutMs);
  }

  /** A subtest of a check: skipped when the harness cannot produce it, its failures `todo` when a known gap. */
  check(t: ConformanceTap, name: ConformanceCheck, fn: (t: ConformanceTap) => Promise<void>, skip?: string): Promise<unknown> {
    const reason = skip ?? this.fake.cannot?.[name];
    const gap = this.fake.knownGaps?.[name];
    if (gap && !reason) return t.test(`${name} (known gap: ${gap})`, {}, (t) => asKnownGap(t, gap, fn));
    return t.test(name, { skip: reason ?? false }, fn);
  }
}
