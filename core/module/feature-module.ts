import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { TSchema } from '@sinclair/typebox';
import type { ChoiceButton } from '../channel/outbound.js';
import type { With } from '../engine/composer.js';
import type { HttpRoute } from '../channel/http-route.js';
import type { Middleware } from '../engine/middleware.js';
import type { MenuEntry, TurnContext } from '../engine/turn-context.js';
import type { Catalogs } from '../i18n/translator.js';
import type { RetentionStep } from '../retention/retention-step.js';
import type { Person } from '../storage/entities/person.js';
import type { AdminRoute, Permission } from './admin-route.js';
import type { Dialog, DialogDefinition } from './dialog.js';
import type { ModuleServices } from './core-services.js';

/**
 * A feature module: base, Q&A, reports, handoff, tasks, or a third party's. It declares its entities,
 * migrations, texts and permissions, and in `setup` registers its commands, buttons, dialogs, menu
 * entries, free-text handling, admin routes, erasure hook and background services. It imports only
 * from `core/`.
 *
 * @example
 * export const helloModule: FeatureModule = { name: 'hello', texts,
 *   setup(api) { api.command('ciao', (ctx) => ctx.reply({ text: ctx.text('hello.hi') })); } };
 */
export interface FeatureModule {
  /** Short lowercase name; prefixes its button payloads, texts, routes and permissions. */
  readonly name: string;
  /** Modules that must be enabled too (e.g. tasks needs the staff registry). */
  readonly requires?: readonly string[];
  readonly texts?: Catalogs;
  readonly entities?: readonly EntitySchema[];
  readonly migrations?: readonly MigrationObject[];
  readonly permissions?: readonly Permission[];
  setup(api: ModuleApi<TurnContext>): void | Promise<void>;
}

/**
 * What a module registers with. `C` grows with flavors: `api.flavor<QaFlavor>(…)` returns an API whose
 * handlers see `ctx.qa`. Every handler runs behind the module's error boundary.
 */
export interface ModuleApi<C extends TurnContext> {
  /** The module's name. */
  readonly module: string;
  /** What a module may use outside a turn: log, texts, tenants and their scoped `em`, the messenger, media. */
  readonly services: ModuleServices;
  /** Adds typed fields to the context of this module's handlers, computed per turn. */
  flavor<F extends object>(install: (ctx: C) => F | Promise<F>): ModuleApi<C & F>;
  /** A command (`/start`); names are matched without the slash; the first name is shown in help. */
  command(names: string | readonly string[], handler: Middleware<With<C, 'command'>>, options?: CommandOptions): void;
  /** Buttons whose payload is `prefix` or starts with `prefix:`; the prefix must start with `<module>:`. */
  button(prefix: string, handler: Middleware<With<C, 'button'>>): void;
  /**
   * A multi-step dialog whose steps see `ctx.dialog` typed by its data `D`; returns the handle that
   * enters it (`report.enter(ctx, 'location', { photos: [] })`).
   */
  dialog<D extends object = Record<string, unknown>>(definition: DialogDefinition<C, D>): Dialog<D>;
  menu(entry: MenuEntry<C>): void;
  /**
   * A button offered when a module could not answer (`ctx.fallbackChoices()`, used by the Q&A's
   * "non lo so"); return null to offer nothing to this person now.
   */
  fallbackOffer(offer: (ctx: C) => ChoiceButton | null | Promise<ChoiceButton | null>): void;
  /** Sees every message not taken by a command or an active dialog (locations, media, buttons…). */
  use(...middleware: Middleware<C>[]): void;
  /** Free text no command, button, dialog or `use` handler claimed (Q&A lives here). */
  onFreeText(handler: Middleware<With<C, 'text'>>): void;
  /** Runs before commands and dialogs: for modules that take a conversation over (handoff). */
  intercept(handler: Middleware<C>): void;
  /** An admin REST route; its handler sees the `Static<>` types of its params, query and body schemas. */
  adminRoute<P extends TSchema, Q extends TSchema, B extends TSchema>(route: AdminRoute<P, Q, B>): void;
  /**
   * A public HTTP route with no admin session (an open API such as Open311, an iCal feed behind a secret URL): served by the admin API's
   * route table beside the adapters' webhooks, with the raw body. The route checks its own credentials
   * and that the tenant enabled the module.
   */
  publicRoute(route: HttpRoute): void;
  /** Deletes this module's rows of a person, in the erasure transaction. */
  onErase(eraser: (em: SqlEntityManager, person: Person) => Promise<void>): void;
  /**
   * Deletes this module's data past the tenant's retention (a report's photos after
   * `inboundMediaBefore`, its position after `locationBefore`); called hourly per tenant.
   */
  onRetention(step: RetentionStep): void;
  /** A background service started and stopped with the process. */
  service(service: BackgroundService): void;
}

export interface CommandOptions {
  /** Text key describing the command in help and in the channel's command menu. */
  readonly descriptionKey?: string;
  /** Not listed in help. */
  readonly hidden?: boolean;
}

export interface BackgroundService {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
