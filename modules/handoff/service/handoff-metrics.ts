/**
 * The handoff module's Prometheus series: how many people wait now and for how long the longest has
 * waited (read from the database at each scrape, so every process reports the whole cluster: take
 * max() across instances), and a histogram of how long people waited until an operator took them
 * (each process counts its own takes: sum() across instances).
 */
import type { ModuleServices } from '../../../core/internal.js';
import { HandoffConversation } from '../entities/index.js';

/** Waits from seconds to a day: a person deferred overnight lands in the last buckets. */
const WAIT_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600];

/** What the operator actions report. */
export interface HandoffMetrics {
  /** A person was taken after waiting `seconds`. */
  observeWait(tenant: string, seconds: number): void;
}

/**
 * Registers the series; the gauges collect at each scrape.
 *
 * @example
 * const metrics = handoffMetrics(api.services, () => new Date());
 * metrics.observeWait('esempio', 42);
 */
export function handoffMetrics(services: ModuleServices, now: () => Date): HandoffMetrics {
  services.metrics.gauge('campanile_handoff_waiting', 'People waiting for an operator now (state waiting), by tenant; cluster-wide, read from the database at each scrape', ['tenant'], async (gauge) => {
    const at = now();
    for (const tenant of await services.tenants.list()) {
      if (!tenant.enabledModules.includes('handoff')) continue;
      const em = services.tenants.scopedEm(tenant.id);
      const waiting = await em.find(HandoffConversation, { state: 'waiting' }, { orderBy: { waitingSince: 'asc' }, limit: 1 });
      gauge.set({ tenant: tenant.slug }, await em.count(HandoffConversation, { state: 'waiting' }));
      oldest.set({ tenant: tenant.slug }, waiting[0] ? Math.max(0, Math.round((at.getTime() - waiting[0].waitingSince.getTime()) / 1000)) : 0);
    }
  });
  // Registered after `waiting`, whose collect sets it: the registry renders in registration order.
  const oldest = services.metrics.gauge('campanile_handoff_oldest_waiting_seconds', 'Seconds the longest-waiting person (waiting for an operator, not deferred) has waited, by tenant; cluster-wide, read from the database', ['tenant']);
  const waits = services.metrics.histogram('campanile_handoff_wait_seconds', 'How long people waited (waiting or deferred) until an operator took them, by tenant', ['tenant'], WAIT_BUCKETS);
  return { observeWait: (tenant, seconds) => waits.observe({ tenant }, seconds) };
}
