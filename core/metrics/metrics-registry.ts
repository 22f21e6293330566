/**
 * A small Prometheus metrics registry: counters, gauges and histograms with labels, rendered in the
 * text exposition format (version 0.0.4). Written here instead of depending on prom-client: the
 * engine needs a handful of series, and any component (the admin API, the notification engine, a
 * module) can add its own to `campanile.metrics` without a new dependency.
 *
 * @example
 * const sent = metrics.counter('campanile_deliveries_total', 'Deliveries by outcome', ['channel', 'outcome']);
 * sent.inc({ channel: 'telegram', outcome: 'sent' });
 * metrics.render(); // "# HELP campanile_deliveries_total …"
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  /** A monotonically increasing count. Asking twice for the same name returns the same counter. */
  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.register(name, () => new Counter<L>(name, help, labelNames), Counter) as Counter<L>;
  }

  /** A value that goes up and down (queue depth); `collect` is called at each scrape when given. */
  gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = [], collect?: (gauge: Gauge<L>) => void | Promise<void>): Gauge<L> {
    return this.register(name, () => new Gauge<L>(name, help, labelNames, collect), Gauge) as Gauge<L>;
  }

  /** Observations counted into cumulative buckets (latencies, in seconds by convention). */
  histogram<L extends string = never>(name: string, help: string, labelNames: readonly L[] = [], buckets: readonly number[] = DEFAULT_BUCKETS): Histogram<L> {
    return this.register(name, () => new Histogram<L>(name, help, labelNames, buckets), Histogram) as Histogram<L>;
  }

  /** The whole registry in Prometheus text format. */
  async render(): Promise<string> {
    const parts: string[] = [];
    for (const metric of this.metrics.values()) {
      if (metric instanceof Gauge) await metric.collect?.(metric);
      parts.push(metric.render());
    }
    return parts.join('');
  }

  private register(name: string, create: () => Metric, kind: new (...args: never[]) => Metric): Metric {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`Metric name "${name}" is invalid: use letters, digits, "_" and ":".`);
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.constructor !== kind) throw new Error(`Metric "${name}" is already registered as a ${existing.type}: pick another name.`);
      return existing;
    }
    const metric = create();
    this.metrics.set(name, metric);
    return metric;
  }
}

/** Latency buckets in seconds: 1 ms … 10 s. */
export const DEFAULT_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Labels<L extends string> = [L] extends [never] ? Record<string, never> | undefined : Readonly<Record<L, string | number>>;

abstract class Metric {
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[]) {}
  abstract render(): string;

  protected key(labels: Readonly<Record<string, string | number>> | undefined): string {
    if (this.labelNames.length === 0) return '';
    return this.labelNames.map((n) => `${n}="${escapeLabel(String(labels?.[n] ?? ''))}"`).join(',');
  }

  protected header(): string {
    return `# HELP ${this.name} ${this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${this.name} ${this.type}\n`;
  }
}

/** A counter; see `MetricsRegistry.counter`. */
export class Counter<L extends string = never> extends Metric {
  readonly type = 'counter' as const;
  private readonly values = new Map<string, number>();

  inc(labels?: Labels<L>, by = 1): void {
    this.incKey(this.key(labels as Record<string, string>), by);
  }

  /**
   * The counter for one set of labels, keyed once: for hot paths that count the same labels again and
   * again (the outbox counts every delivery).
   *
   * @example
   * const sent = deliveries.labels({ channel: 'telegram', outcome: 'sent' });
   * sent.inc();
   */
  labels(labels: Labels<L>): { inc(by?: number): void } {
    const key = this.key(labels as Record<string, string>);
    return { inc: (by = 1) => this.incKey(key, by) };
  }

  private incKey(key: string, by: number): void {
    if (by < 0) throw new Error(`Counter ${this.name} cannot decrease: use a gauge.`);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels?: Labels<L>): number {
    return this.values.get(this.key(labels as Record<string, string>)) ?? 0;
  }

  render(): string {
    let out = this.header();
    for (const [key, value] of this.values) out += `${this.name}${key ? `{${key}}` : ''} ${value}\n`;
    return out;
  }
}

/** A gauge; see `MetricsRegistry.gauge`. */
export class Gauge<L extends string = never> extends Metric {
  readonly type = 'gauge' as const;
  private readonly values = new Map<string, number>();

  constructor(name: string, help: string, labelNames: readonly string[], readonly collect?: (gauge: Gauge<L>) => void | Promise<void>) {
    super(name, help, labelNames);
  }

  set(labels: Labels<L>, value: number): void {
    this.values.set(this.key(labels as Record<string, string>), value);
  }

  inc(labels?: Labels<L>, by = 1): void {
    const key = this.key(labels as Record<string, string>);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  dec(labels?: Labels<L>, by = 1): void {
    this.inc(labels, -by);
  }

  render(): string {
    let out = this.header();
    for (const [key, value] of this.values) out += `${this.name}${key ? `{${key}}` : ''} ${value}\n`;
    return out;
  }
}

/** A histogram; see `MetricsRegistry.histogram`. */
export class Histogram<L extends string = never> extends Metric {
  readonly type = 'histogram' as const;
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(name: string, help: string, labelNames: readonly string[], readonly buckets: readonly number[]) {
    super(name, help, labelNames);
  }

  observe(labels: Labels<L>, value: number): void {
    const key = this.key(labels as Record<string, string>);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // Buckets are few (12): a linear scan beats a binary search at this size.
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] ?? Infinity)) s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    let out = this.header();
    for (const [key, s] of this.series) {
      const sep = key ? `${key},` : '';
      this.buckets.forEach((le, i) => {
        out += `${this.name}_bucket{${sep}le="${le}"} ${s.counts[i] ?? 0}\n`;
      });
      out += `${this.name}_bucket{${sep}le="+Inf"} ${s.count}\n`;
      out += `${this.name}_sum${key ? `{${key}}` : ''} ${s.sum}\n`;
      out += `${this.name}_count${key ? `{${key}}` : ''} ${s.count}\n`;
    }
    return out;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
