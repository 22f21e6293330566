import type { Middleware } from '../engine/middleware.js';

/**
 * A multi-step dialog: named steps, each a middleware that runs when the person answers while the
 * dialog is on that step. The step and its data are persisted with the conversation, so a dialog
 * survives restarts and can wait days for the next answer. A command always leaves the dialog's hands.
 *
 * @example
 * api.dialog({ id: 'reports.new', steps: {
 *   location: async (ctx, next) => { if (ctx.message.kind !== 'location') return next(); ctx.dialog.goTo('photos', { lat: ctx.message.latitude }); } } });
 */
export interface DialogDefinition<C> {
  /** `<module>.<name>`, unique across modules. */
  readonly id: string;
  readonly steps: Readonly<Record<string, Middleware<C>>>;
}

/** The active dialog as persisted. */
export interface ActiveDialog {
  readonly id: string;
  readonly step: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** How a turn moves a dialog along. */
export interface DialogControl {
  readonly active: ActiveDialog | undefined;
  enter(id: string, step: string, data?: Record<string, unknown>): void;
  goTo(step: string, data?: Record<string, unknown>): void;
  end(): void;
}
