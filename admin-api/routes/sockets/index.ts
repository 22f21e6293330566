import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { ChannelAdapter, SocketRoute } from '../../../core/internal.js';

/** Frames up to this size when no socket route declares its own. */
const DEFAULT_MAX_PAYLOAD = 64 * 1024;

/**
 * The adapters' WebSocket routes (`ChannelAdapter.sockets`, e.g. the web chat's `GET /chat/:tenant/ws`):
 * fastify accepts the upgrade and hands the socket and the path parameters to the route's `accept`; the
 * adapter speaks its protocol. Mounted for the adapters running at start (fastify cannot add routes after
 * `listen`); a socket whose adapter has been detached since is closed with 1013 "try again later".
 *
 * @example
 * await fastify.register(adapterSockets); // ws://127.0.0.1:3000/chat/esempio/ws → WebchatAdapter.accept
 */
const adapterSockets: FastifyPluginAsync = async (fastify) => {
  const { adapters } = fastify.campanile;
  const routes = new Map<string, { owner: ChannelAdapter; route: SocketRoute }>();
  for (const owner of adapters.all()) {
    for (const route of owner.sockets ?? []) {
      if (routes.has(route.path)) fastify.log.warn({ path: route.path, channel: owner.channel, account: owner.account }, 'several adapters offer this WebSocket path: the first one serves it');
      else routes.set(route.path, { owner, route });
    }
  }
  if (routes.size === 0) return;
  const maxPayload = Math.max(...[...routes.values()].map(({ route }) => route.maxPayload ?? DEFAULT_MAX_PAYLOAD));
  await fastify.register(websocket, { options: { maxPayload } });
  for (const [path, { owner, route }] of routes) {
    fastify.get<{ Params: Record<string, string> }>(path, { websocket: true, schema: { hide: true } }, (socket, request) => {
      if (!adapters.all().includes(owner)) {
        socket.close(1013, 'this channel is not running here now');
        return;
      }
      route.accept(socket, request.params);
    });
  }
};

export default adapterSockets;
