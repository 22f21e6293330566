import type { Middleware } from '../engine/middleware.js';
import type { TurnContext } from '../engine/turn-context.js';

/**
 * A multi-step dialog: named steps, each a middleware that runs when the person answers while the
 * dialog is on that step. The step and its data `D` are persisted with the conversation (as JSON, so
 * keep `D` to JSON values), so a dialog survives restarts and can wait days for the next answer. A
 * command always leaves the dialog's hands. Steps see `ctx.dialog` typed by `D`.
 *
 * @example
 * const report = api.dialog<{ lat?: number; photos: string[] }>({ id: 'reports.new', steps: {
 *   location: async (ctx, next) => { if (ctx.message.kind !== 'location') return next(); ctx.dialog.goTo('photos', { lat: ctx.message.latitude }); } } });
 * api.command('segnala', (ctx) => report.enter(ctx, 'location', { photos: [] }));
 */
export interface DialogDefinition<C, D extends object = Record<string, unknown>> {
  /** `<module>.<name>`, unique across modules. */
  readonly id: string;
  readonly steps: Readonly<Record<string, Middleware<DialogContext<C, D>>>>;
}

/**
 * The active dialog as persisted: which dialog, which step, and its data.
 *
 * @example
 * const active = report.active(ctx); // { id: 'reports.new', step: 'photos', data: { photos: [] } } or undefined
 */
export interface ActiveDialog<D extends object = Record<string, unknown>> {
  readonly id: string;
  readonly step: string;
  readonly data: Readonly<D>;
}

/**
 * What every turn sees of dialogs (`ctx.dialog`): whether one is active, and leaving it. Entering one
 * goes through its handle (`api.dialog()` returns it) and moving on through a step's typed `ctx.dialog`,
 * so the data is always checked against the dialog's `D`.
 *
 * @example
 * if (ctx.dialog.active?.id === 'reports.new') ctx.dialog.end();
 */
export interface DialogStatus {
  readonly active: ActiveDialog<object> | undefined;
  end(): void;
}

/**
 * How a step moves its dialog along, typed by the dialog's data `D`.
 *
 * @example
 * ctx.dialog.goTo('photos', { lat: 45.07 }); // merged into the data
 * const lat = ctx.dialog.active?.data.lat;    // number | undefined
 */
export interface DialogControl<D extends object = Record<string, unknown>> extends DialogStatus {
  readonly active: ActiveDialog<D> | undefined;
  /** (Re)starts a dialog at `step` with all of its data. */
  enter(id: string, step: string, data: D): void;
  /** Moves to `step`; `data` is merged into what the dialog holds. */
  goTo(step: string, data?: Partial<D>): void;
  end(): void;
}

/**
 * A step's context: the module's context with `ctx.dialog` typed by the dialog's data.
 *
 * @example
 * const photos = async (ctx: DialogContext<TurnContext, ReportDraft>) => ctx.dialog.goTo('confirm', { photos: [] });
 */
export type DialogContext<C, D extends object> = C & { readonly dialog: DialogControl<D> };

/**
 * A registered dialog, as `api.dialog()` returns it: the typed way in from a command, a button or a
 * menu entry, and its data where a handler outside its steps needs it.
 *
 * @example
 * const report = api.dialog<ReportDraft>({ id: 'reports.new', steps });
 * api.command('segnala', (ctx) => report.enter(ctx, 'location', { photos: [] }));
 */
export interface Dialog<D extends object = Record<string, unknown>> {
  readonly id: string;
  /** Starts the dialog for this conversation at `step` (replacing any active dialog). */
  enter(ctx: TurnContext, step: string, data: D): void;
  /** The dialog's step and data when it is the conversation's active dialog. */
  active(ctx: TurnContext): ActiveDialog<D> | undefined;
}
