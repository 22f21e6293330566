import debug from 'debug';
import type { AdapterRegistry } from '../channel/adapter-registry.js';
import type { ChannelAdapter } from '../channel/channel-adapter.js';
import type { ChannelTexts } from '../channel/send-context.js';
import type { OutboundQueue } from '../outbox/outbound-queue.js';
import { Delivery } from '../storage/entities/delivery.js';
import { conversationKey } from '../channel/conversation-ref.js';
import type { DeliveryResult } from '../channel/delivery-result.js';
import type { ChannelEvent, InboundEvent, InboundMessage } from '../channel/inbound.js';
import type { OutboundMessage } from '../channel/outbound.js';
import { channelTexts } from '../i18n/channel-texts.js';
import type { Translator } from '../i18n/translator.js';
import type { Logger } from '../log.js';
import type { ModuleRegistry } from '../module/module-registry.js';
import type { PeopleService } from '../people/people-service.js';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ChannelIdentity } from '../storage/entities/channel-identity.js';
import type { ConversationData } from '../storage/entities/conversation-state.js';
import { Person } from '../storage/entities/person.js';
import { sqlIn, type SqlRunner } from '../storage/sql/sql-runner.js';
import { commitTurn, type TurnWrites } from '../storage/sql/turn-commit.js';
import { loadTurn } from '../storage/sql/turn-load.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { MessageLog } from '../storage/entities/message-log.js';
import { ProcessedEvent } from '../storage/entities/processed-event.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { TenantService } from '../tenancy/tenant-service.js';
import { KeyedQueue } from './keyed-queue.js';
import { HISTORY_TEXT_MAX, historyText } from './messenger.js';
import { routeTurn } from './turn-router.js';
import { TurnContext, type CommandHelp } from './turn-context.js';
import { TurnError } from './turn-error.js';
import { TypedEmitter } from './typed-emitter.js';

const trace = debug('campanile:engine');

/** Longest inbound text the engine accepts; longer gets a polite "too long". */
export const MAX_INBOUND_TEXT = 4096;

/** Events the engine emits; tests wait on them instead of sleeping. */
export interface EngineEvents {
  'turn:done': [TurnDone];
  'channel-event': [ChannelEvent, TenantInfo];
  /** A reply's first outcome at the channel (delivered, failed, or put back for later), in reply order. */
  'reply:result': [{ messageId: string; result: DeliveryResult }];
}

export interface TurnDone {
  readonly tenant: string;
  readonly messageId: string;
  readonly outcome: 'handled' | 'duplicate' | 'failed' | 'erased' | 'rejected' | 'unknown-tenant';
  readonly module?: string;
}

export interface EngineOptions {
  readonly tenants: TenantService;
  readonly people: PeopleService;
  readonly adapters: AdapterRegistry;
  readonly modules: ModuleRegistry;
  readonly translator: Translator;
  readonly log: Logger;
  /** Where replies go: the outbox of the person's account, in the turn's transaction. */
  readonly outbound: OutboundQueue;
  /** Raw statements of the turn's hot path (`loadTurn`, `commitTurn`). */
  readonly sql: SqlRunner;
}

/**
 * The conversation engine. Each conversation (tenant, channel, account, chat) processes its inbound
 * events one at a time, in order; a redelivered event id is processed once; a module's error gives the
 * person a polite reply and a log line naming update, person and module, never a crash or a stuck
 * conversation. Changes and replies commit together (see `TurnContext`).
 *
 * @example
 * const engine = new Engine({ tenants, people, adapters, modules, translator, log });
 * await engine.handle(inboundMessage);
 */
export class Engine {
  readonly events = new TypedEmitter<EngineEvents>();
  private readonly queue = new KeyedQueue();
  /** Replies of committed turns still waiting for their first outcome (`drain` waits for them). */
  private readonly answering = new Set<Promise<void>>();
  private readonly commandHelp: readonly CommandHelp[];

  private readonly sql: SqlRunner;

  constructor(private readonly options: EngineOptions) {
    this.commandHelp = options.modules.commandHelp();
    this.sql = options.sql;
  }

  /**
   * Handles one inbound event; resolves when its turn is committed and each reply has its first outcome
   * at the channel. The conversation's next event starts as soon as this one is committed: its replies
   * queue behind these in the lane (one chat's replies go out in order), so a slow channel never holds
   * up the turns.
   */
  async handle(event: InboundEvent): Promise<void> {
    const { replies } = await this.admit(event);
    await replies;
  }

  /**
   * Handles one inbound event and resolves as soon as it is durable: its turn committed, the replies
   * written to the outbox (they go out on their own, and after a crash from the outbox), or the event
   * known as a redelivery. For pollers that confirm a batch to the channel (Telegram's `getUpdates`
   * offset): the next batch need not wait for the replies of this one to reach the channel.
   */
  async accept(event: InboundEvent): Promise<void> {
    const { replies } = await this.admit(event);
    replies.catch((error: unknown) => this.options.log.error({ err: error, event: event.id }, 'replies of an accepted turn failed'));
  }

  /** Runs the event in its conversation's order; resolves once committed, with its replies' first outcomes. */
  private async admit(event: InboundEvent): Promise<{ replies: Promise<void> }> {
    if (event.type === 'event') {
      await this.queue.run(conversationKey(event.ref), () => this.channelEvent(event));
      return { replies: Promise.resolve() };
    }
    const { replies } = await this.queue.run(conversationKey(event.ref), () => this.turn(event));
    this.answering.add(replies);
    // Awaited by `handle`, observed by `accept`: never left unhandled.
    return { replies: replies.finally(() => this.answering.delete(replies)) };
  }

  /**
   * Resolves when every queued turn has finished (committed, or failed and logged), without waiting for
   * the replies to be sent: they are outbox rows by then, sent by whichever process runs their lane. What a
   * shutdown waits for before it stops the lanes.
   *
   * @example
   * await engine.drainTurns(); // then stop the dispatcher: sends in flight finish, the rest stay queued
   */
  async drainTurns(): Promise<void> {
    await this.queue.drain();
  }

  /** Resolves when every queued turn has finished and its replies have their first outcomes. */
  async drain(): Promise<void> {
    await this.queue.drain();
    while (this.answering.size > 0) await Promise.all([...this.answering]);
  }

  private async channelEvent(event: ChannelEvent): Promise<void> {
    const tenant = await this.options.tenants.bySlug(event.ref.tenant);
    if (!tenant) return this.options.log.warn({ tenant: event.ref.tenant }, 'channel event for an unknown tenant dropped');
    if (event.kind === 'recipient-blocked' || event.kind === 'recipient-unblocked') {
      const active = event.kind === 'recipient-unblocked';
      await this.options.people.setActive(this.options.tenants.scopedEm(tenant.id), event.ref, active, active ? null : 'blocked');
    }
    if (event.kind === 'recipient-moved') await this.options.people.move(this.options.tenants.scopedEm(tenant.id), event.ref, event.to);
    this.events.emit('channel-event', event, tenant);
  }

  private async turn(raw: InboundMessage): Promise<{ replies: Promise<void> }> {
    const { tenants, people, log } = this.options;
    const none = { replies: Promise.resolve() };
    const tenant = await tenants.bySlug(raw.ref.tenant);
    if (!tenant) {
      log.warn({ tenant: raw.ref.tenant, channel: raw.ref.channel }, 'message for an unknown tenant dropped');
      this.done({ tenant: raw.ref.tenant, messageId: raw.id, outcome: 'unknown-tenant' });
      return none;
    }
    const adapter = this.options.adapters.forRef(raw.ref);
    if (!adapter) throw new Error(`No adapter registered for ${raw.ref.channel}/${raw.ref.account}: register it before delivering its messages.`);
    const em = tenants.scopedEm(tenant.id);
    const processed = { channel: raw.ref.channel, account: raw.ref.account, eventId: raw.id.slice(0, 128) };
    // One statement for what the turn starts from (redelivery check, identity, person, state): see turn-load.ts.
    const loaded = await loadTurn(this.sql, { tenantId: tenant.id, ref: raw.ref, eventId: processed.eventId });
    if (loaded.seen) {
      trace('duplicate %s ignored', raw.id);
      this.done({ tenant: tenant.slug, messageId: raw.id, outcome: 'duplicate' });
      return none;
    }

    const now = new Date();
    let person: Person;
    let identity: ChannelIdentity;
    let isNew = false;
    if (loaded.identity && loaded.person) {
      // Known person: the rows just read become managed entities without another query. Merged with
      // this turn's values, so the unit of work sees no change of its own; commitTurn writes them.
      person = em.merge(Person, { id: loaded.person.id, tenant: tenant.id, locale: loaded.person.locale, createdAt: loaded.person.createdAt, lastSeenAt: now });
      identity = em.merge(ChannelIdentity, {
        id: loaded.identity.id, tenant: tenant.id, person, channel: raw.ref.channel, account: raw.ref.account, externalId: raw.ref.chatId,
        address: raw.ref, active: true, inactiveReason: null, lastInboundAt: raw.receivedAt, createdAt: loaded.identity.createdAt,
      });
    } else {
      ({ person, identity, isNew } = await people.resolve(em, tenant, raw.ref, raw.from));
      identity.lastInboundAt = raw.receivedAt;
      person.lastSeenAt = now;
      // A first contact is written at once, before the modules run: the turn's rows need its ids, and a
      // failed turn keeps the person anyway (see commitFailedTurn).
      try {
        await em.flush();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another process met this person at the same moment and answers them.
        trace('first contact %s lost the race', raw.id);
        this.done({ tenant: tenant.slug, messageId: raw.id, outcome: 'duplicate' });
        return none;
      }
    }
    const state: ConversationData = structuredClone((loaded.state?.data ?? {}) as ConversationData);
    const message = numberedAnswer(raw, state);
    const ctx = new TurnContext({
      tenant, message, person, identity, isNewPerson: isNew, em, capabilities: adapter.capabilities,
      translator: this.options.translator, state, menuEntries: this.options.modules.menu, fallbackOffers: this.options.modules.fallbackOffers, commands: this.commandHelp, log: log.child({ tenant: tenant.slug }),
    });

    let outcome: TurnDone['outcome'] = 'handled';
    let failedModule: string | undefined;
    const rejection = rejectReason(message);
    try {
      if (rejection) {
        outcome = 'rejected';
        ctx.reply({ text: ctx.text(rejection, { max: MAX_INBOUND_TEXT }) });
      } else {
        await routeTurn(ctx, this.options.modules);
      }
    } catch (error) {
      const turnError = error instanceof TurnError ? error : new TurnError(error, ctx, 'core');
      failedModule = turnError.module;
      outcome = 'failed';
      log.error(
        { err: turnError.error, module: turnError.module, tenant: tenant.slug, update: message.id, person: isNew ? 'new' : person.id },
        turnError.message,
      );
    }

    const texts = channelTexts(this.options.translator, ctx.locale, tenant.texts);
    const errorReply = (): OutboundMessage[] => [{ text: this.options.translator.text(ctx.locale, 'core.error', {}, tenant.texts) }];
    let sent: Promise<void> = Promise.resolve();
    try {
      if (outcome === 'failed') {
        // Nothing the module changed is kept; the person hears that it failed, not what it half did.
        em.clear();
        sent = (await this.commitFailedTurn(tenant, raw, processed, errorReply(), ctx.locale, texts)).replies;
      } else if (ctx.erased) {
        outcome = 'erased';
        em.clear();
        const fresh = tenants.scopedEm(tenant.id);
        if (!isNew) await people.erase(fresh, person.id);
        fresh.create(ProcessedEvent, { tenant: tenant.id, ...processed });
        await fresh.flush();
        // The one reply that cannot wait in the outbox: its identity row is gone with the person.
        sent = this.sendAfterErasure(adapter, raw, ctx.replies, texts);
      } else {
        const offered = [...ctx.replies].reverse().find((r) => r.choices && r.choices.length > 0);
        state.choices = offered?.choices?.map((c) => c.payload) ?? undefined;
        // The replies are outbox rows of this transaction: committed with the turn, or not at all.
        const planned = await this.options.outbound.plan(
          { tenantId: tenant.id, identityId: identity.id, address: raw.ref, lastInboundAt: raw.receivedAt.getTime(), locale: ctx.locale },
          ctx.replies, 'reply', { createdAt: raw.receivedAt.getTime(), texts },
        );
        const ids = await this.commit(em, {
          tenantId: tenant.id, personId: person.id, identityId: identity.id, ref: raw.ref, receivedAt: raw.receivedAt, now,
          stateId: loaded.state?.id ?? null, state, eventId: processed.eventId,
          history: [
            { direction: 'in', kind: message.kind, text: inboundText(message) },
            ...ctx.replies.map((reply) => ({ direction: 'out' as const, kind: 'reply', text: historyText(reply) })),
          ],
          deliveries: planned.rows,
        });
        sent = this.announce(raw, this.options.outbound.committed(planned, ids));
      }
    } catch (error) {
      if (isUniqueViolation(error)) {
        // Another process committed the same event id first: it answered, we stay silent.
        trace('duplicate %s lost the race', raw.id);
        this.done({ tenant: tenant.slug, messageId: raw.id, outcome: 'duplicate' });
        return none;
      }
      log.error({ err: error, tenant: tenant.slug, update: raw.id }, 'turn could not be committed');
      outcome = 'failed';
      const failed = await this.commitFailedTurn(tenant, raw, processed, errorReply(), ctx.locale, texts).catch((again: unknown) => {
        log.error({ err: again, tenant: tenant.slug, update: raw.id }, 'the failed turn could not be recorded either: its apology is not sent');
        return none;
      });
      sent = failed.replies;
    }
    // `turn:done` after the replies' first outcomes, as listeners (tests, metrics) expect a turn to include its answer.
    const done: TurnDone = { tenant: tenant.slug, messageId: raw.id, outcome, ...(failedModule ? { module: failedModule } : {}) };
    return { replies: sent.then(() => this.done(done)) };
  }

  /**
   * One transaction: the modules' changes (and a new person and identity) through the unit of work,
   * then the turn's own rows as plain statements (`commitTurn`). Returns the reply rows' ids.
   */
  private async commit(em: SqlEntityManager, writes: TurnWrites): Promise<number[]> {
    await em.begin();
    try {
      // The modules' changes.
      await em.flush();
      const ids = await commitTurn(sqlIn(em, this.sql.dialect), writes);
      await em.commit();
      return ids;
    } catch (error) {
      await em.rollback().catch(() => undefined);
      throw error;
    }
  }

  /** Reports each reply's first outcome (`reply:result`) once known; never rejects. */
  private announce(raw: InboundMessage, outcomes: Promise<DeliveryResult[]>): Promise<void> {
    return outcomes.then((results) => {
      for (const result of results) {
        this.events.emit('reply:result', { messageId: raw.id, result });
        if (result.status !== 'delivered') this.options.log.warn({ tenant: raw.ref.tenant, result }, 'reply not delivered yet');
      }
    });
  }

  /** After erasure the identity row is gone, so its goodbye goes straight to the channel. */
  private async sendAfterErasure(adapter: ChannelAdapter, raw: InboundMessage, replies: readonly OutboundMessage[], texts: ChannelTexts): Promise<void> {
    for (const reply of replies) {
      const result = await adapter.send(raw.ref, reply, undefined, { lastInboundAt: raw.receivedAt, texts }).catch((error: unknown) => {
        this.options.log.error({ err: error, channel: raw.ref.channel }, 'adapter.send threw instead of returning a DeliveryResult');
        return { status: 'transient', reason: 'adapter threw' } as const;
      });
      this.events.emit('reply:result', { messageId: raw.id, result });
    }
  }

  /**
   * After a failed turn: remember the event (so a redelivery does not fail again) and the person, and
   * queue the apology in the same transaction. Returns when the apology has its first outcome.
   */
  private async commitFailedTurn(
    tenant: TenantInfo, raw: InboundMessage, processed: { channel: string; account: string; eventId: string },
    replies: readonly OutboundMessage[], locale: string, texts: ChannelTexts,
  ): Promise<{ replies: Promise<void> }> {
    const em = this.options.tenants.scopedEm(tenant.id);
    const { person, identity } = await this.options.people.resolve(em, tenant, raw.ref, raw.from);
    identity.lastInboundAt = raw.receivedAt;
    em.create(ProcessedEvent, { tenant: tenant.id, ...processed });
    em.create(MessageLog, { tenant: tenant.id, person, identity, direction: 'in', kind: raw.kind, text: inboundText(raw) });
    const planned = await this.options.outbound.plan(
      { tenantId: tenant.id, identityId: identity.id, address: raw.ref, lastInboundAt: raw.receivedAt.getTime(), locale },
      replies, 'reply', { createdAt: raw.receivedAt.getTime(), texts },
    );
    const rows = planned.rows.map((row) => em.create(Delivery, { ...row, identity }));
    await em.flush();
    return { replies: this.announce(raw, this.options.outbound.committed(planned, rows.map((row) => row.id))) };
  }

  private done(done: TurnDone): void {
    this.events.emit('turn:done', done);
  }
}

/** A bare number answering the last numbered choices becomes that button. */
function numberedAnswer(message: InboundMessage, state: ConversationData): InboundMessage {
  if (message.kind !== 'text' || !state.choices?.length) return message;
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(message.text);
  const payload = match ? state.choices[Number(match[1]) - 1] : undefined;
  if (payload === undefined) return message;
  return { type: 'message', kind: 'button', payload, id: message.id, ref: message.ref, from: message.from, receivedAt: message.receivedAt, raw: message.raw };
}

/** Input no module should see: the text key of the polite answer, or undefined. */
function rejectReason(message: InboundMessage): string | undefined {
  if (message.kind === 'text') {
    if (message.text.trim().length === 0) return 'core.empty';
    if (message.text.length > MAX_INBOUND_TEXT) return 'core.too_long';
  }
  if (message.kind === 'command' && message.argument.length > MAX_INBOUND_TEXT) return 'core.too_long';
  return undefined;
}

function inboundText(message: InboundMessage): string {
  const text = (() => {
    switch (message.kind) {
      case 'text': return message.text;
      case 'command': return `/${message.command}${message.argument ? ` ${message.argument}` : ''}`;
      case 'button': return `[button] ${message.payload}`;
      case 'location': return '[location]';
      case 'media': return `[${message.media.kind}]${message.caption ? ` ${message.caption}` : ''}`;
      case 'contact': return '[contact]';
      case 'unsupported': return `[unsupported: ${message.what}]`;
    }
  })();
  return text.slice(0, HISTORY_TEXT_MAX);
}

