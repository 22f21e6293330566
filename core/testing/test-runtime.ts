import type { AdapterLogger, AdapterRuntime } from '../channel/channel-adapter.js';
import type { AdapterPersistence } from '../channel/adapter-persistence.js';
import type { InboundEvent, InboundMedia, MediaInbound } from '../channel/inbound.js';
import { memoryRecipientQuota, type RecipientQuota } from '../channel/recipient-quota.js';
import { scopedSignals, signalHub, type ClusterSignals } from '../cluster/cluster-signals.js';
import { memoryLeases, type Leases } from '../cluster/leases.js';
import { keepEveryInbound, type AdapterMedia } from '../media/inbound-media-keeper.js';
import type { PersonEraser } from '../people/people-service.js';
import type { RetentionStep } from '../retention/retention-step.js';
import { memoryStorage, type StateStorage } from '../storage/state-storage.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';

/** One line an adapter logged through a test runtime. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

/** A file an adapter handed to `runtime.media.keepInbound`, with the bytes it downloaded. */
export interface KeptMedia {
  readonly media: InboundMedia;
  readonly message: MediaInbound;
  readonly bytes: Uint8Array;
}

/** An `AdapterRuntime` that also shows what the adapter did with it. */
export interface TestRuntime extends AdapterRuntime {
  /** Every event the adapter delivered, in order. */
  readonly delivered: InboundEvent[];
  readonly logged: LoggedLine[];
  readonly erasers: PersonEraser[];
  readonly retentionSteps: RetentionStep[];
  readonly kept: KeptMedia[];
  /** Resolves once `count` events were delivered in all (or rejects after `timeoutMs`, default 2 s). */
  waitForDelivered(count: number, timeoutMs?: number): Promise<InboundEvent[]>;
}

/** Parts to replace with real ones (a database-backed persistence, a shared lease table, a signal hub member). */
export interface TestRuntimeOptions {
  /** Called after the event is recorded (by `deliver` and `accept`); default nothing (the engine is not there). */
  readonly deliver?: (event: InboundEvent) => Promise<void>;
  readonly storage?: StateStorage;
  readonly recipientQuota?: RecipientQuota;
  readonly signals?: ClusterSignals;
  readonly leases?: Leases;
  readonly media?: AdapterMedia;
  readonly persistence?: AdapterPersistence;
  /** The tenants the default persistence knows (default one, `test`). */
  readonly tenants?: readonly TenantInfo[];
}

/** The tenant a test runtime knows unless told otherwise. */
export const TEST_TENANT: TenantInfo = {
  id: 1, slug: 'test', name: 'Comune di Prova', locales: ['it'], defaultLocale: 'it', timezone: 'Europe/Rome', enabledModules: [], texts: {},
};

/**
 * A whole runtime out of the in-memory versions, for an adapter's unit tests and the conformance kit:
 * memory storage, leases and recipient counts, a signal hub of one member, media kept in memory, and a
 * persistence that knows the given tenants (its `em` needs a database: pass `persistence` for adapters
 * that keep tables). Every delivered event, log line, eraser, retention step and kept file is recorded.
 *
 * @example
 * const runtime = testRuntime();
 * await adapter.start(runtime);
 * await postWebhook({ text: 'ciao' });
 * const [event] = await runtime.waitForDelivered(1);
 */
export function testRuntime(options: TestRuntimeOptions = {}): TestRuntime {
  const delivered: InboundEvent[] = [];
  const logged: LoggedLine[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const line = (level: LoggedLine['level']) => (obj: object, msg?: string) => void logged.push({ level, obj, msg });
  const log: AdapterLogger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const tenants = options.tenants ?? [TEST_TENANT];
  const kept: KeptMedia[] = [];
  const erasers: PersonEraser[] = [];
  const retentionSteps: RetentionStep[] = [];
  const deliver = async (event: InboundEvent): Promise<void> => {
    delivered.push(event);
    for (const waiter of waiters.filter((w) => delivered.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    await options.deliver?.(event);
  };
  return {
    delivered, logged, erasers, retentionSteps, kept,
    deliver,
    accept: deliver,
    log,
    storage: options.storage ?? memoryStorage(),
    recipientQuota: options.recipientQuota ?? memoryRecipientQuota(),
    signals: options.signals ?? scopedSignals(signalHub().member(), 'test'),
    leases: options.leases ?? memoryLeases(),
    media: options.media ?? recordingMedia(kept),
    persistence: options.persistence ?? {
      tenant: async (slug) => tenants.find((t) => t.slug === slug) ?? null,
      em: () => {
        throw new Error('testRuntime() has no database: pass { persistence } (from a Campanile test app) to test an adapter that keeps tables');
      },
    },
    onErase: (eraser) => void erasers.push(eraser),
    onRetention: (step) => void retentionSteps.push(step),
    waitForDelivered(count, timeoutMs = 2000) {
      if (delivered.length >= count) return Promise.resolve(delivered.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} delivered events, got ${delivered.length}`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(delivered.slice()); } });
      });
    },
  };
}

/** An `AdapterMedia` that keeps the downloaded bytes in memory and records them in `kept`. */
function recordingMedia(kept: KeptMedia[]): AdapterMedia {
  const keepInbound: AdapterMedia['keepInbound'] = async (media, message) => {
    const bytes = await media.fetch();
    kept.push({ media, message, bytes });
    return { read: async () => bytes };
  };
  return { keepInbound, keepAll: (events) => keepEveryInbound(keepInbound, events) };
}
