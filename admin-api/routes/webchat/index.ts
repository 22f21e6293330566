import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import { MAX_FRAME_BYTES, WebchatAdapter } from '../../../adapters/webchat/index.js';

/**
 * The web chat's WebSocket, `GET /chat/:tenant/ws`: fastify accepts the upgrade and hands the socket to
 * the running `WebchatAdapter`, which speaks the protocol (hello, messages, acks, live pushes). The page,
 * its assets, uploads and media are ordinary adapter routes mounted by `routes/webhooks`.
 *
 * @example
 * await fastify.register(webchatSocket); // ws://127.0.0.1:3000/chat/esempio/ws
 */
const webchatSocket: FastifyPluginAsync = async (fastify) => {
  const adapters = fastify.campanile.adapters.all().filter((a): a is WebchatAdapter => a instanceof WebchatAdapter);
  const webchat = adapters[0];
  if (!webchat) return;
  if (adapters.length > 1) fastify.log.warn('several web chat adapters: the WebSocket serves the first one');
  await fastify.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  fastify.get<{ Params: { tenant: string } }>('/chat/:tenant/ws', { websocket: true }, (socket, request) => {
    webchat.accept(socket, request.params.tenant);
  });
};

export default webchatSocket;
