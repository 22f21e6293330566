/**
 * The live inbox: a server-sent events stream of the comune's handoff changes, from this process and
 * (through cluster signals) from the others on the same database. Each change is sent once, with the
 * rows read back: `conversation` (its summary, for new requests and state changes), `message` (the
 * stored message), `note`. After missed signals the stream says `resync`: reload the inbox.
 */
import { defineAdminRoute, type AdminEventSink, type AdminRoute } from '../../../core/internal.js';
import { HandoffConversation, HandoffMessage } from '../entities/index.js';
import { HANDOFF_READ } from '../permissions.js';
import type { HandoffChange } from '../service/live-events.js';
import { messageView, summary, type OperatorDeps } from '../service/operator-service.js';
import * as s from './schemas.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

/**
 * @example
 * api.adminRoute(streamRoute(deps)); // GET /api/v1/tenants/esempio/handoff/events
 */
export function streamRoute(deps: OperatorDeps): AdminRoute {
  return defineAdminRoute({
    method: 'GET', path: '/events', summary: 'Live inbox: server-sent events (conversation, message, note, resync)', permission: HANDOFF_READ, eventStream: true,
    schema: { response: { 200: s.streamEventSchema } },
    handler: async (req) => ({
      status: 200,
      events: (sink: AdminEventSink) => {
        const tenantId = req.tenant.id;
        const push = (change: HandoffChange) => {
          if (change.tenantId !== tenantId || sink.closed) return;
          void read(deps, change).then((event) => { if (event) sink.send(event.name, event.data); }).catch((error: unknown) => {
            deps.services.log.error({ err: error, module: 'handoff', conversation: change.conversationId }, 'handoff live event not sent');
          });
        };
        const offChange = deps.events.listen(push);
        const offGap = deps.events.onGap(() => sink.send('resync', { reason: 'missed-signals' }));
        const keepalive = setInterval(() => sink.send('ping', {}), KEEPALIVE_MS);
        sink.onClose(() => { offChange(); offGap(); clearInterval(keepalive); });
        sink.send('ready', { tenant: req.tenant.slug });
      },
    }),
  });
}

async function read(deps: OperatorDeps, change: HandoffChange): Promise<{ name: string; data: unknown } | null> {
  const em = deps.services.tenants.scopedEm(change.tenantId);
  if (change.kind === 'message' && change.messageId) {
    const message = await em.findOne(HandoffMessage, { id: change.messageId });
    return message ? { name: 'message', data: { conversationId: change.conversationId, message: messageView(message) } } : null;
  }
  if (change.kind === 'note') return { name: 'note', data: { conversationId: change.conversationId } };
  const conversation = await em.findOne(HandoffConversation, { id: change.conversationId }, { populate: ['identity'] });
  if (!conversation) return null;
  return { name: 'conversation', data: { change: change.kind, conversation: summary(conversation, undefined) } };
}
