import type { InboundEvent } from './inbound.js';

/**
 * A framework-neutral HTTP route an adapter exposes (webhooks). The HTTP server (admin-api) mounts it
 * and feeds it the raw body, so signatures are checked on the exact bytes; `core/` never sees fastify.
 * The server answers with `response` at once and hands `events` to the engine afterwards, which is how
 * every webhook is acknowledged fast.
 *
 * @example
 * const route: HttpRoute = { method: 'POST', path: '/webhooks/telegram/:tenant',
 *   handle: async (req) => ({ response: { status: 200 }, events: parse(req.rawBody) }) };
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** Path with `:param` segments, e.g. `/webhooks/whatsapp/:tenant`. */
  readonly path: string;
  /** Largest accepted body in bytes (default: the server's). */
  readonly bodyLimit?: number;
  handle(request: HttpRequest): Promise<HttpReceipt>;
}

export interface HttpRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  /** Text, JSON, or bytes (media an adapter serves, e.g. the web chat's images). */
  readonly body?: string | Uint8Array | Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the route answers now, and the events to process once the answer is on its way. */
export interface HttpReceipt {
  readonly response: HttpResponse;
  readonly events: readonly InboundEvent[];
}

/**
 * The part of a WebSocket (the `ws` package's API, which the HTTP server hands over) an adapter uses.
 * Core stays free of any socket library; an adapter that needs more types it with `ws` itself.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // The `ws` listener signature: event names and arguments vary per event.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * A WebSocket route an adapter exposes (the web chat's `/chat/:tenant/ws`): the HTTP server accepts the
 * upgrade at `path` and hands the socket over, with the path parameters; the adapter speaks its protocol
 * and delivers events through its runtime. No `instanceof` of a particular adapter in the server.
 *
 * @example
 * readonly sockets = [{ path: '/chat/:tenant/ws', maxPayload: 64 * 1024, accept: (socket, params) => this.accept(socket, params.tenant!) }];
 */
export interface SocketRoute {
  /** Path with `:param` segments. */
  readonly path: string;
  /** Largest frame in bytes (default the server's). */
  readonly maxPayload?: number;
  accept(socket: WebSocketLike, params: Readonly<Record<string, string>>): void;
}
