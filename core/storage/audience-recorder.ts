import { ChangeSetType, QueryOrder, wrap, type EntityManager, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AudienceEvent, type AudienceEventKind } from './entities/audience-event.js';
import { ChannelIdentity } from './entities/channel-identity.js';
import { Subscription } from './entities/subscription.js';

/** An id, whether the relation is loaded as an entity or still a bare id. */
type Ref = number | { readonly id: number };
const idOf = (ref: Ref): number => (typeof ref === 'number' ? ref : ref.id);

/** Channel recorded when a subscription changes with no identity of the person in sight. */
export const UNKNOWN_CHANNEL = 'unknown';
const IDENTITY = ChannelIdentity.meta.className;
const SUBSCRIPTION = Subscription.meta.className;

/**
 * Records the audience's changes (`audience_event`) in the flush that makes them, so no module can
 * forget it and a rolled-back turn leaves no event behind: a channel identity inserted is `joined`, a
 * subscription inserted or removed is `subscribed` / `unsubscribed`, on the channel of the person's
 * identity in the same unit of work (the turn's), else their most recently active one. Registered on
 * every database by `openDatabase`; a database without the `AudienceEvent` entity (a bare test schema)
 * records nothing. Writes that bypass the unit of work (erasure's bulk deletes) call
 * `recordErasure` themselves.
 *
 * @example
 * await MikroORM.init({ …, subscribers: [new AudienceRecorder()] });
 * em.create(Subscription, { tenant, person, category }); await em.flush(); // + one 'subscribed' row
 */
export class AudienceRecorder implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    if (!em.getMetadata().find(AudienceEvent.meta.className)) return;
    const events: AudienceEvent[] = [];
    const channels = new Map<number, string>();
    for (const entity of uow.getIdentityMap()) {
      if (wrap(entity, true).__meta.className !== IDENTITY) continue;
      const identity = entity as Partial<ChannelIdentity>;
      // A partially loaded identity (`fields: [...]`) may lack either: it tells us nothing then.
      if (identity.person && identity.channel) channels.set(idOf(identity.person), identity.channel);
    }
    const channelOf = async (personId: number): Promise<string> => {
      const known = channels.get(personId);
      if (known) return known;
      const rows = await (em as SqlEntityManager).getConnection().execute<{ channel: string }[]>(
        'select channel from channel_identity where person_id = ? order by case when last_inbound_at is null then 1 else 0 end, last_inbound_at desc, id desc limit 1', [personId], 'all', em.getTransactionContext(),
      );
      const channel = rows[0]?.channel ?? UNKNOWN_CHANNEL;
      channels.set(personId, channel);
      return channel;
    };
    const now = new Date();
    const add = (kind: AudienceEventKind, tenant: Ref, channel: string, categoryId: number | null) => {
      events.push(em.create(AudienceEvent, { tenant: idOf(tenant), kind, channel, categoryId, createdAt: now }, { persist: true }));
    };
    for (const changeSet of uow.getChangeSets()) {
      const { entity, type } = changeSet;
      const name = changeSet.meta.className;
      if (name === IDENTITY && type === ChangeSetType.CREATE) {
        const identity = entity as ChannelIdentity;
        add('joined', identity.tenant, identity.channel, null);
      } else if (name === SUBSCRIPTION && (type === ChangeSetType.CREATE || type === ChangeSetType.DELETE)) {
        const subscription = entity as Partial<Subscription>;
        if (!subscription.person || !subscription.category || !subscription.tenant) continue; // not loaded: nothing to name
        const channel = await channelOf(idOf(subscription.person));
        add(type === ChangeSetType.CREATE ? 'subscribed' : 'unsubscribed', subscription.tenant, channel, idOf(subscription.category));
      }
    }
    for (const event of events) uow.computeChangeSet(event);
  }
}

/**
 * Records a person's erasure before their rows go: `left` for each identity and `unsubscribed` for each
 * subscription, on the identity's channel (subscriptions on the most recently active one). Runs in the
 * erasure's transaction (`tx`), so both happen or neither.
 *
 * @example
 * await em.transactional(async (tx) => { await recordErasure(tx, personId); await tx.nativeDelete(Person, { id: personId }); });
 */
export async function recordErasure(tx: EntityManager, personId: number, now = new Date()): Promise<void> {
  if (!tx.getMetadata().find(AudienceEvent.meta.className)) return;
  const identities = await tx.find(ChannelIdentity, { person: personId }, { filters: false, orderBy: { lastInboundAt: QueryOrder.DESC_NULLS_LAST, id: QueryOrder.DESC } });
  const subscriptions = await tx.find(Subscription, { person: personId }, { filters: false });
  const main = identities[0]?.channel ?? UNKNOWN_CHANNEL;
  const rows = [
    ...identities.map((i) => ({ tenant: idOf(i.tenant), kind: 'left', channel: i.channel, categoryId: null, createdAt: now })),
    ...subscriptions.map((s) => ({ tenant: idOf(s.tenant), kind: 'unsubscribed', channel: main, categoryId: idOf(s.category), createdAt: now })),
  ];
  if (rows.length > 0) await tx.insertMany(AudienceEvent, rows);
}
