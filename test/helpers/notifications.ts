import type { Campanile, OutboxEvents, TenantInfo } from '../../core/internal.js';
import { Category, sqlRunner } from '../../core/internal.js';
import { seedAudience, type SeedSubscription } from '../../scripts/lib/seed-audience.js';

/**
 * Helpers for notification tests: categories by key, bulk-seeded audiences, and waiting on engine
 * events instead of sleeping.
 *
 * @example
 * const cats = await categories(app);
 * await seed(app, { count: 10, subscriptions: [{ categoryId: cats.eventi, every: 1 }] });
 * await untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
 */
export async function categories(app: Campanile): Promise<Record<string, number>> {
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const rows = await em.find(Category, {});
  return Object.fromEntries(rows.map((c) => [c.key, c.id]));
}

export function seed(
  app: Campanile,
  args: { count: number; subscriptions: readonly SeedSubscription[]; channel?: string; account?: string; tenant?: TenantInfo },
) {
  const tenant = args.tenant ?? app.defaultTenant;
  return seedAudience(sqlRunner(app.db), {
    tenantId: tenant.id, tenantSlug: tenant.slug, count: args.count, channel: args.channel ?? 'memory',
    account: args.account ?? 'default', subscriptions: args.subscriptions,
  });
}

/** Resolves on the first event matching `match`; rejects after `timeoutMs` with a clear message. */
export function untilEvent<K extends keyof OutboxEvents & string>(
  app: Campanile, event: K, match: (...args: OutboxEvents[K]) => boolean = () => true, timeoutMs = 20_000,
): Promise<OutboxEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    const off = app.notifications.events.on(event, (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/**
 * An "eventi" notice to `count` fresh subscribers, sent and planned (nothing claimed yet when the app was
 * built with `dispatch: false`): the outbox rows a claim test starts from, and their lane.
 *
 * @example
 * const { lane } = await plannedBroadcast(app, 6);
 * await claimDeliveries(sqlRunner(app.db), { lane, worker: 'w', limit: 2, now: Date.now() });
 */
export async function plannedBroadcast(app: Campanile, count: number): Promise<{ noticeId: number; lane: string }> {
  const cat = await categories(app);
  await seed(app, { count, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const notice = await app.notifications.notices.create(app.defaultTenant, { categoryKey: 'eventi', title: 'T', text: 'x' });
  const planned = untilEvent(app, 'notice:planned');
  await app.notifications.notices.send(app.defaultTenant, notice.id);
  await planned;
  return { noticeId: notice.id, lane: `${app.defaultTenant.id}:memory:default` };
}
