import type { TypedEmitter } from '../engine/typed-emitter.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { laneDepth } from '../storage/sql/lane-depth.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import type { OutboxEvents } from './outbox-events.js';

/**
 * The outbox in Prometheus terms: `campanile_deliveries_total{channel, outcome}` counted from the
 * delivery events this process emits (sent · retry · gone · window · permanent · exhausted), and
 * `campanile_outbox_queue_depth{lane, state}` (pending, sending) read from the database at each scrape,
 * so it is the whole cluster's queue, not this process's share. Returns a function that stops counting.
 *
 * @example
 * const stop = outboxMetrics(campanile.metrics, notifications.events, sqlRunner(db));
 * await campanile.metrics.render(); // "campanile_deliveries_total{channel=\"telegram\",outcome=\"sent\"} 1200"
 */
export function outboxMetrics(metrics: MetricsRegistry, events: TypedEmitter<OutboxEvents>, sql: SqlRunner): () => void {
  const deliveries = metrics.counter('campanile_deliveries_total', 'Delivery attempts by channel and outcome (sent, retry, gone, window, permanent, exhausted)', ['channel', 'outcome']);
  // One bound counter per (lane, outcome), keyed once: a split, a label object and a label key per
  // delivery were 7% of the bytes a 100k broadcast allocated.
  const counters = new Map<string, Map<string, { inc(): void }>>();
  const count = (lane: string, outcome: string) => {
    let byOutcome = counters.get(lane);
    if (!byOutcome) counters.set(lane, (byOutcome = new Map()));
    let counter = byOutcome.get(outcome);
    if (!counter) byOutcome.set(outcome, (counter = deliveries.labels({ channel: lane.split(':')[1] ?? 'unknown', outcome })));
    counter.inc();
  };
  // Inbound message received → its reply accepted by the channel (a reply row's age when sent).
  const replyLatency = metrics.histogram('campanile_reply_latency_seconds', 'From a person\'s message to its reply accepted by the channel, per channel', ['channel'],
    [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
  const rateLimited = metrics.counter('campanile_channel_rate_limited_total', 'Rate limits (429, 130429, 131056) the channels answered, per lane (account) and scope', ['lane', 'scope']);
  const offs = [
    events.on('delivery:sent', (e) => {
      count(e.lane, 'sent');
      if (e.kind === 'reply') replyLatency.observe({ channel: e.lane.split(':')[1] ?? 'unknown' }, e.ageMs / 1000);
    }),
    events.on('lane:paused', (e) => rateLimited.inc({ lane: e.lane, scope: 'account' })),
    events.on('delivery:deferred', (e) => rateLimited.inc({ lane: e.lane, scope: 'chat' })),
    events.on('delivery:retry', (e) => count(e.lane, 'retry')),
    events.on('delivery:failed', (e) => count(e.lane, e.outcome)),
  ];
  const seen = new Set<string>();
  metrics.gauge('campanile_outbox_queue_depth', 'Deliveries waiting (pending) or in flight (sending) per lane', ['lane', 'state'], async (gauge) => {
    const depth = await laneDepth(sql);
    // A lane that left outbox_lane keeps its last value unless it is set back to 0 here.
    for (const lane of seen) if (!depth.some((d) => d.lane === lane)) { gauge.set({ lane, state: 'pending' }, 0); gauge.set({ lane, state: 'sending' }, 0); }
    for (const d of depth) {
      seen.add(d.lane);
      gauge.set({ lane: d.lane, state: 'pending' }, d.pending);
      gauge.set({ lane: d.lane, state: 'sending' }, d.sending);
      for (const [priority, n] of Object.entries(d.byPriority)) byPriority.set({ lane: d.lane, priority }, n);
    }
  });
  // Set by the gauge above at the same scrape (one query for both), so it renders right after it.
  const byPriority = metrics.gauge('campanile_outbox_pending', 'Deliveries waiting per lane and priority (reply, urgent, direct, normal)', ['lane', 'priority']);
  return () => { for (const off of offs) off(); };
}
