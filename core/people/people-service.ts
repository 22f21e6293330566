import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ConversationRef } from '../channel/conversation-ref.js';
import type { Sender } from '../channel/inbound.js';
import { pickLocale } from '../i18n/translator.js';
import { recordErasure } from '../storage/audience-recorder.js';
import { ChannelIdentity } from '../storage/entities/channel-identity.js';
import { ChannelRecipientWindow } from '../storage/entities/channel-recipient-window.js';
import { ConversationState } from '../storage/entities/conversation-state.js';
import { MessageLog } from '../storage/entities/message-log.js';
import { ModuleStateEntry } from '../storage/entities/module-state.js';
import { Person } from '../storage/entities/person.js';
import { Subscription } from '../storage/entities/subscription.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';

/** Deletes one module's rows of a person inside the erasure transaction. */
export type PersonEraser = (em: SqlEntityManager, person: Person) => Promise<void>;

/**
 * People and their channel identities. A first message creates a person with one identity; a second
 * channel creates a second person (never merged automatically). Erasure removes a person from every
 * person-linked table, core's and each module's.
 *
 * @example
 * const { person, identity, isNew } = await people.resolve(em, tenant, msg.ref, msg.from);
 * await people.erase(em, person);
 */
export class PeopleService {
  private readonly erasers: PersonEraser[] = [];

  /** Core tables holding person data. Tests assert each is empty for an erased person. */
  static readonly personTables = ['message_log', 'conversation_state', 'module_state', 'subscription', 'channel_identity', 'person'] as const;
  /** Core tables holding a person's chat ids without a person link (found through their identities). */
  static readonly chatIdTables = ['channel_recipient_window'] as const;

  /** Registers a module's eraser (called by the module registry). */
  addEraser(eraser: PersonEraser): void {
    this.erasers.push(eraser);
  }

  /** Finds the identity for a conversation, creating the person and identity on first contact. */
  async resolve(
    em: SqlEntityManager,
    tenant: TenantInfo,
    ref: ConversationRef,
    sender: Sender,
  ): Promise<{ person: Person; identity: ChannelIdentity; isNew: boolean }> {
    const identity = await em.findOne(
      ChannelIdentity,
      { channel: ref.channel, account: ref.account, externalId: ref.chatId },
      { populate: ['person'] },
    );
    if (identity) return { person: identity.person, identity, isNew: false };
    const person = em.create(Person, { tenant: tenant.id, locale: pickLocale(sender.locale, tenant.locales, tenant.defaultLocale) });
    const created = em.create(ChannelIdentity, {
      tenant: tenant.id,
      person,
      channel: ref.channel,
      account: ref.account,
      externalId: ref.chatId,
      address: ref,
      active: true,
      inactiveReason: null,
      lastInboundAt: null,
    });
    return { person, identity: created, isNew: true };
  }

  /** Marks the identity of a conversation as unreachable (blocked, deactivated) or reachable again. */
  async setActive(em: SqlEntityManager, ref: ConversationRef, active: boolean, reason: string | null): Promise<number> {
    return em.nativeUpdate(
      ChannelIdentity,
      { channel: ref.channel, account: ref.account, externalId: ref.chatId },
      { active, inactiveReason: active ? null : reason },
    );
  }

  /** Points a conversation's identity at the chat's new id (a group upgraded to a supergroup). */
  async move(em: SqlEntityManager, from: ConversationRef, to: ConversationRef): Promise<number> {
    return em.nativeUpdate(
      ChannelIdentity,
      { channel: from.channel, account: from.account, externalId: from.chatId },
      { externalId: to.chatId, address: to },
    );
  }

  /** Deletes the person and everything that hangs on them, in one transaction. */
  async erase(em: SqlEntityManager, person: Person | number): Promise<void> {
    const personId = typeof person === 'number' ? person : person.id;
    await em.transactional(async (tx) => {
      const row = await tx.findOne(Person, { id: personId });
      if (!row) return;
      for (const eraser of this.erasers) await eraser(tx, row);
      // The recipient window counts chat ids, not people (it is written at send time, by raw SQL).
      for (const identity of await tx.find(ChannelIdentity, { person: personId }, { filters: false })) {
        await tx.nativeDelete(ChannelRecipientWindow, { tenant: row.tenant, channel: identity.channel, recipient: identity.externalId }, { filters: false });
      }
      // The audience numbers keep the leave (no person link), in this transaction.
      await recordErasure(tx, personId);
      // Children first, so the order also holds where foreign keys are not enforced.
      await tx.nativeDelete(MessageLog, { person: personId });
      await tx.nativeDelete(ConversationState, { person: personId });
      await tx.nativeDelete(ModuleStateEntry, { person: personId });
      await tx.nativeDelete(Subscription, { person: personId });
      await tx.nativeDelete(ChannelIdentity, { person: personId });
      await tx.nativeDelete(Person, { id: personId });
    });
  }
}
