/**
 * The shape of one Bot API method in the fake: a function from the call (parameters + bot state) to the
 * `result`, throwing {@link BotApiError} to refuse.
 */
import type { BotState } from '../bot-state.js';
import type { Params } from '../params.js';

/** One incoming call. */
export interface MethodCall {
  params: Params;
  state: BotState;
  /** Registers what to do if the client hangs up before the answer (long polling). */
  onAbandon(cancel: () => void): void;
}

/**
 * A method implementation; returns the `result` field of `{ ok: true, result }`.
 *
 * @example
 * const getMe: MethodHandler = ({ state }) => state.botUser;
 * const methods: Record<string, MethodHandler> = { getMe };
 */
export type MethodHandler = (call: MethodCall) => unknown;

/**
 * A result that also carries Telegram's success `description` (setWebhook answers "Webhook was set").
 *
 * @example
 * return new Described(true, 'Webhook was set');
 */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
