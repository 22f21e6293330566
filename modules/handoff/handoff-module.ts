import { loadCatalogs, scopedSignals, type FeatureModule } from '../../core/internal.js';
import { registerAlertLink } from './alert-link.js';
import { registerCitizen } from './citizen.js';
import { alertRoutes } from './routes/alert-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { deskRoutes } from './routes/desk-routes.js';
import { streamRoute } from './routes/stream-route.js';
import { handoffEntities } from './entities/index.js';
import { handoffMigrations } from './migrations/index.js';
import { handoffPermissions } from './permissions.js';
import { handoffMetrics } from './service/handoff-metrics.js';
import { handoffEvents, type HandoffEvents } from './service/live-events.js';
import { eraseHandoffs, handoffRetention } from './service/privacy.js';
import { HandoffSafetyNet } from './service/safety-net.js';

/** Options of `createHandoffModule`. */
export interface HandoffModuleOptions {
  /** The clock (tests move it to run the safety nets without waiting). */
  now?: () => Date;
  /** How often the safety nets run (default 30 s). */
  sweepIntervalMs?: number;
}

/** The handoff module with its change feed (what the inbox streams listen to). */
export interface HandoffModule extends FeatureModule {
  readonly events: HandoffEvents;
  /** The safety nets (`sweep(now)` runs them at once); throws before `setup`. */
  readonly safetyNet: HandoffSafetyNet;
}

/**
 * Create the handoff module: a citizen asks for a person (command, menu, phrases, the Q&A fallback),
 * what they send then goes to the operators' inbox, and the operators' answers come back in the same
 * chat through the one outbound path.
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule, createHandoffModule()], … });
 */
export function createHandoffModule(options: HandoffModuleOptions = {}): HandoffModule {
  const events = handoffEvents();
  const now = options.now ?? (() => new Date());
  let nets: HandoffSafetyNet | undefined;
  return {
    events,
    get safetyNet(): HandoffSafetyNet {
      if (!nets) throw new Error('The handoff module is not set up yet: read handoff.safetyNet after createCampanile({ modules: [..., handoff] }).');
      return nets;
    },
    name: 'handoff',
    texts: loadCatalogs(new URL('./locales/', import.meta.url)),
    entities: handoffEntities,
    migrations: handoffMigrations,
    permissions: handoffPermissions,
    setup(api) {
      const deps = { services: api.services, events, now, metrics: handoffMetrics(api.services, now) };
      registerAlertLink(api, deps);
      registerCitizen(api, deps);
      for (const route of [...conversationRoutes(deps), ...deskRoutes(deps), ...alertRoutes(deps), streamRoute(deps)]) api.adminRoute(route);
      api.onErase((em, person) => eraseHandoffs(em, person));
      api.onRetention(handoffRetention(api.services.tenants));
      nets = new HandoffSafetyNet(api.services, events, now, options.sweepIntervalMs);
      api.service(nets);
      api.service({
        name: 'handoff-signals',
        start: () => events.connect(scopedSignals(api.services.signals, 'handoff')),
        stop: () => events.disconnect(),
      });
    },
  };
}

/** The handoff module as `modules/index.ts` registers it. */
export const handoffModule: HandoffModule = createHandoffModule();
