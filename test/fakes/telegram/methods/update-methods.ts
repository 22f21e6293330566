/**
 * getUpdates and the webhook methods. getUpdates is refused with 409 while a webhook is set, as on Telegram.
 */
import { apiErrors } from '../api-error.js';
import type { Params } from '../params.js';
import { Described, type MethodHandler } from './method-handler.js';

function allowedUpdates(params: Params): string[] | undefined {
  const value = params.object('allowed_updates');
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw apiErrors.badRequest("can't parse allowed updates");
  }
  return value as string[];
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Handlers for update delivery.
 *
 * @example
 * await bot.api.setWebhook('http://127.0.0.1:8080/tg', { secret_token: 's3cret' });
 * await bot.api.getUpdates(); // GrammyError 409 while the webhook is set
 */
export const updateMethods: Record<string, MethodHandler> = {
  getUpdates: ({ params, state, onAbandon }) => {
    if (state.webhook.active) throw apiErrors.webhookActive();
    const allowed = allowedUpdates(params);
    return state.queue
      .poll(
        {
          ...(params.has('offset') ? { offset: params.int('offset')! } : {}),
          limit: params.int('limit') ?? 100,
          timeoutSec: params.int('timeout') ?? 0,
          ...(allowed ? { allowedUpdates: allowed } : {}),
        },
        onAbandon,
      )
      .then((updates) => {
        for (const update of updates) state.events.emit({ type: 'update-delivered', update, via: 'getUpdates' });
        return updates;
      });
  },

  setWebhook: ({ params, state }) => {
    const url = params.string('url') ?? '';
    if (params.bool('drop_pending_updates')) state.queue.clear();
    if (url === '') {
      const wasSet = state.webhook.active;
      state.webhook.delete();
      return new Described(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted');
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw apiErrors.badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    // Telegram only calls HTTPS webhooks; the fake also accepts plain HTTP on loopback, where tests listen.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname))) {
      throw apiErrors.badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    const secretToken = params.string('secret_token');
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw apiErrors.badRequest('secret token contains unallowed characters');
    }
    const maxConnections = params.int('max_connections') ?? 40;
    if (maxConnections < 1 || maxConnections > 100) throw apiErrors.badRequest('bad webhook: max_connections must be between 1 and 100');
    const allowed = allowedUpdates(params);
    if (allowed) state.queue.allowedUpdates = allowed.length > 0 ? allowed : undefined;
    const same = state.webhook.info().url === url;
    state.queue.releaseWaiter();
    state.webhook.set({
      url,
      maxConnections,
      ...(secretToken ? { secretToken } : {}),
      ...(state.queue.allowedUpdates ? { allowedUpdates: state.queue.allowedUpdates } : {}),
      ...(params.string('ip_address') ? { ipAddress: params.string('ip_address')! } : {}),
    });
    return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
  },

  deleteWebhook: ({ params, state }) => {
    if (params.bool('drop_pending_updates')) state.queue.clear();
    const wasSet = state.webhook.active;
    state.webhook.delete();
    return new Described(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted');
  },

  getWebhookInfo: ({ state }) => state.webhook.info(),
};
