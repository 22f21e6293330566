import type { AdapterRuntime, TenantInfo } from '../../core/index.js';
import type { RenderedMessage } from './mapping.js';
import type { HistoryEntry } from './protocol.js';
import { WebchatMessage } from './webchat-message.js';

/**
 * A stored row as the browser's history entry.
 *
 * @example
 * push(key, { t: 'message', entry: toEntry(row) });
 */
export function toEntry(row: WebchatMessage): HistoryEntry {
  return { id: String(row.id), dir: row.direction, ...(row.clientId ? { clientId: row.clientId } : {}), at: row.createdAt.toISOString(), body: row.body };
}

/**
 * Records an inbound bubble (a typed frame or an upload); undefined when this client id was already
 * recorded (a resend after a reconnect).
 *
 * @example
 * const row = await recordInbound(runtime, tenant, session, frame.id, { text: [{ text: 'Ciao' }] });
 */
export async function recordInbound(runtime: AdapterRuntime | undefined, tenant: TenantInfo, session: string, clientId: string, body: RenderedMessage): Promise<WebchatMessage | undefined> {
  const em = runtime?.persistence.em(tenant.id);
  if (!em) return undefined;
  if ((await em.count(WebchatMessage, { session, clientId })) > 0) return undefined;
  const row = em.create(WebchatMessage, { tenant: tenant.id, session, direction: 'in', clientId, body });
  try {
    await em.flush();
    return row;
  } catch (error) {
    // Two tabs resent the same message at once: the unique index kept one.
    if (error instanceof Error && error.name === 'UniqueConstraintViolationException') return undefined;
    throw error;
  }
}
