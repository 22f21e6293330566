import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ChoiceButton } from '../channel/outbound.js';
import type { TSchema } from '@sinclair/typebox';
import type { With } from '../engine/composer.js';
import type { HttpRoute } from '../channel/http-route.js';
import type { Middleware } from '../engine/middleware.js';
import type { CommandHelp, FallbackOffer, MenuEntry, TurnContext } from '../engine/turn-context.js';
import { TurnError } from '../engine/turn-error.js';
import type { RetentionStep } from '../retention/retention-step.js';
import type { Person } from '../storage/entities/person.js';
import type { AdminRoute, Permission } from './admin-route.js';
import { moduleServices, type CoreServices, type ModuleServices } from './core-services.js';
import type { ActiveDialog, Dialog, DialogControl, DialogDefinition } from './dialog.js';
import type { BackgroundService, CommandOptions, FeatureModule, ModuleApi } from './feature-module.js';

type AnyCtx = TurnContext;
type Install = (ctx: AnyCtx) => object | Promise<object>;

/** A registered command. */
export interface CommandEntry {
  readonly names: readonly string[];
  readonly module: string;
  readonly handler: Middleware<AnyCtx>;
  readonly options: CommandOptions;
}

/**
 * Collects what every module registers and wraps each handler in the module's error boundary (a throw
 * becomes a `TurnError` naming the module) and in its tenant switch (a module disabled for a tenant
 * passes every turn on). The engine routes turns through the tables built here.
 *
 * @example
 * const registry = new ModuleRegistry(services);
 * await registry.register(baseModule);
 * registry.commands.get('start');
 */
export class ModuleRegistry {
  readonly modules: FeatureModule[] = [];
  readonly commands = new Map<string, CommandEntry>();
  readonly buttons: { prefix: string; module: string; handler: Middleware<AnyCtx> }[] = [];
  readonly dialogs = new Map<string, { module: string; steps: Readonly<Record<string, Middleware<AnyCtx>>> }>();
  readonly menu: MenuEntry[] = [];
  readonly fallbackOffers: FallbackOffer[] = [];
  readonly main: Middleware<AnyCtx>[] = [];
  readonly freeText: Middleware<AnyCtx>[] = [];
  readonly intercepts: Middleware<AnyCtx>[] = [];
  readonly adminRoutes: { module: string; route: AdminRoute }[] = [];
  /** Modules' public HTTP routes (`api.publicRoute`), served through the route table. */
  readonly publicRoutes: HttpRoute[] = [];
  readonly services: BackgroundService[] = [];
  readonly permissions: Permission[] = [];

  private readonly moduleServices: ModuleServices;

  constructor(private readonly core: CoreServices) {
    this.moduleServices = moduleServices(core);
  }

  /** Commands with a description, in registration order, for help texts. */
  commandHelp(): CommandHelp[] {
    const seen = new Set<CommandEntry>();
    const out: CommandHelp[] = [];
    for (const entry of this.commands.values()) {
      if (seen.has(entry) || entry.options.hidden || !entry.options.descriptionKey) continue;
      seen.add(entry);
      out.push({ name: entry.names[0] ?? '', module: entry.module, descriptionKey: entry.options.descriptionKey });
    }
    return out;
  }

  async register(module: FeatureModule): Promise<void> {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(module.name)) throw new Error(`Module name "${module.name}" is invalid: use lowercase letters, digits and dashes.`);
    if (this.modules.some((m) => m.name === module.name)) throw new Error(`Module "${module.name}" is registered twice.`);
    for (const required of module.requires ?? []) {
      if (!this.modules.some((m) => m.name === required)) throw new Error(`Module "${module.name}" requires "${required}": register "${required}" first.`);
    }
    this.modules.push(module);
    this.permissions.push(...(module.permissions ?? []));
    await module.setup(this.api(module.name, []));
  }

  private api<C extends AnyCtx>(name: string, installs: readonly Install[]): ModuleApi<C> {
    const wrap = <X extends AnyCtx>(handler: Middleware<X>): Middleware<AnyCtx> => boundary(name, installs, handler as Middleware<AnyCtx>);
    const registry = this;
    return {
      module: name,
      services: this.moduleServices,
      flavor<F extends object>(install: (ctx: C) => F | Promise<F>): ModuleApi<C & F> {
        return registry.api<C & F>(name, [...installs, install as Install]);
      },
      command(names: string | readonly string[], handler: Middleware<With<C, 'command'>>, options: CommandOptions = {}) {
        const list = typeof names === 'string' ? [names] : [...names];
        const entry: CommandEntry = { names: list, module: name, handler: wrap(handler), options };
        for (const command of list) {
          if (registry.commands.has(command)) throw new Error(`Command /${command} of module "${name}" is already registered by "${registry.commands.get(command)?.module}".`);
          registry.commands.set(command, entry);
        }
      },
      button(prefix: string, handler: Middleware<With<C, 'button'>>) {
        if (!prefix.startsWith(`${name}:`)) throw new Error(`Button prefix "${prefix}" must start with "${name}:" (the module's name).`);
        registry.buttons.push({ prefix, module: name, handler: wrap(handler) });
      },
      dialog<D extends object>(definition: DialogDefinition<C, D>): Dialog<D> {
        const id = definition.id;
        if (!id.startsWith(`${name}.`)) throw new Error(`Dialog id "${id}" must start with "${name}.".`);
        if (registry.dialogs.has(id)) throw new Error(`Dialog "${id}" is registered twice.`);
        const steps: Record<string, Middleware<AnyCtx>> = {};
        for (const [step, handler] of Object.entries(definition.steps)) steps[step] = wrap(handler);
        registry.dialogs.set(id, { module: name, steps });
        return {
          id,
          enter(ctx, step, data) {
            if (!steps[step]) throw new Error(`Dialog "${id}" has no step "${step}": use one of ${Object.keys(steps).join(', ')}.`);
            // The context's dialog is one control for every dialog; this handle is its typed view for D.
            (ctx.dialog as DialogControl<D>).enter(id, step, data);
          },
          active(ctx) {
            const active = ctx.dialog.active;
            return active?.id === id ? (active as ActiveDialog<D>) : undefined;
          },
        };
      },
      menu(entry: MenuEntry<C>) {
        const visible = entry.visible;
        registry.menu.push({
          ...entry,
          visible: async (ctx: AnyCtx) => {
            if (!ctx.tenant.enabledModules.includes(name)) return false;
            if (!visible) return true;
            await install(ctx, installs);
            return visible(ctx as C);
          },
        });
      },
      fallbackOffer(offer: (ctx: C) => ChoiceButton | null | Promise<ChoiceButton | null>) {
        registry.fallbackOffers.push(async (ctx) => {
          if (!ctx.tenant.enabledModules.includes(name)) return null;
          await install(ctx, installs);
          return offer(ctx as C);
        });
      },
      use(...middleware: Middleware<C>[]) {
        registry.main.push(...middleware.map((m) => wrap(m)));
      },
      onFreeText(handler: Middleware<With<C, 'text'>>) {
        registry.freeText.push(wrap(handler));
      },
      intercept(handler: Middleware<C>) {
        registry.intercepts.push(wrap(handler));
      },
      adminRoute<P extends TSchema, Q extends TSchema, B extends TSchema>(route: AdminRoute<P, Q, B>) {
        // Stored erased (`AdminRoute`): the admin API validates each request with the route's own schemas.
        registry.adminRoutes.push({ module: name, route });
      },
      publicRoute(route: HttpRoute) {
        registry.publicRoutes.push(route);
      },
      onErase(eraser: (em: SqlEntityManager, person: Person) => Promise<void>) {
        registry.core.people.addEraser(eraser);
      },
      onRetention(step: RetentionStep) {
        registry.core.retention.add(`module:${name}`, step);
      },
      service(service: BackgroundService) {
        registry.services.push(service);
      },
    };
  }
}

const installed = new WeakMap<AnyCtx, Set<Install>>();

async function install(ctx: AnyCtx, installs: readonly Install[]): Promise<void> {
  const done = installed.get(ctx) ?? new Set<Install>();
  installed.set(ctx, done);
  for (const fn of installs) {
    if (done.has(fn)) continue;
    Object.assign(ctx, await fn(ctx));
    done.add(fn);
  }
}

/** The module's error boundary and tenant switch around one handler. */
function boundary(module: string, installs: readonly Install[], handler: Middleware<AnyCtx>): Middleware<AnyCtx> {
  return async (ctx, next) => {
    if (!ctx.tenant.enabledModules.includes(module)) return next();
    try {
      await install(ctx, installs);
      return await handler(ctx, next);
    } catch (error) {
      // A TurnError comes from a module further down the chain: it already names its module.
      throw error instanceof TurnError ? error : new TurnError(error, ctx, module);
    }
  };
}
