/**
 * The handoff safety nets, a background service: a person nobody took within the comune's maximum
 * wait is deferred (and told), and idle conversations are closed (and told): 24 h for live ones,
 * 7 days for deferred ones by default. Each move is one conditional statement, so with several
 * processes sweeping, each conversation moves, and its person is told, once.
 */
import type { BackgroundService, ModuleServices, TenantInfo } from '../../../core/internal.js';
import { HandoffConversation, type HandoffState } from '../entities/index.js';
import { moveState } from './conversation-store.js';
import { loadHandoffSettings } from './handoff-settings.js';
import type { HandoffEvents } from './live-events.js';
import { sendSystem } from './operator-service.js';

/** How often the nets run: a minute past the maximum wait at worst. */
export const SWEEP_INTERVAL_MS = 30_000;

export interface SweepReport {
  deferred: number;
  closed: number;
}

/**
 * @example
 * const nets = new HandoffSafetyNet(api.services, events, () => new Date());
 * await nets.sweep(new Date()); // { deferred: 1, closed: 0 }
 */
export class HandoffSafetyNet implements BackgroundService {
  readonly name = 'handoff-safety-net';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly services: ModuleServices,
    private readonly events: HandoffEvents,
    private readonly now: () => Date,
    private readonly intervalMs = SWEEP_INTERVAL_MS,
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep(this.now())
        .catch((error: unknown) => this.services.log.error({ err: error, module: 'handoff' }, 'handoff safety nets failed'))
        .finally(() => { this.running = undefined; });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every comune that enabled the module. */
  async sweep(now: Date): Promise<SweepReport> {
    const report: SweepReport = { deferred: 0, closed: 0 };
    for (const tenant of await this.services.tenants.list()) {
      if (!tenant.enabledModules.includes('handoff')) continue;
      const one = await this.sweepTenant(tenant, now);
      report.deferred += one.deferred;
      report.closed += one.closed;
    }
    return report;
  }

  private async sweepTenant(tenant: TenantInfo, now: Date): Promise<SweepReport> {
    const em = this.services.tenants.scopedEm(tenant.id);
    const settings = await loadHandoffSettings(em, tenant.id);
    const report: SweepReport = { deferred: 0, closed: 0 };
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const rules: { state: HandoffState; field: 'waitingSince' | 'lastActivityAt'; before: Date; to: HandoffState; key: string }[] = [
      { state: 'waiting', field: 'waitingSince', before: ago(settings.maxWaitMinutes * 60_000), to: 'deferred', key: 'handoff.max_wait_deferred' },
      { state: 'live', field: 'lastActivityAt', before: ago(settings.idleLiveHours * 3_600_000), to: 'closed', key: 'handoff.idle_closed' },
      { state: 'deferred', field: 'lastActivityAt', before: ago(settings.idleDeferredDays * 86_400_000), to: 'closed', key: 'handoff.idle_closed' },
    ];
    for (const rule of rules) {
      const due = await em.find(HandoffConversation, { state: rule.state, [rule.field]: { $lt: rule.before } }, { populate: ['identity'], limit: 500 });
      for (const c of due) {
        const set = rule.to === 'closed' ? { closedAt: now, closedBy: 'idle' } : {};
        if (!(await moveState(em, c.id, [rule.state], rule.to, set))) continue;
        if (rule.to === 'closed') report.closed++; else report.deferred++;
        await this.events.emit({ tenantId: tenant.id, conversationId: c.id, kind: 'state' });
        await sendSystem({ services: this.services }, tenant, c, rule.key);
      }
    }
    return report;
  }
}
