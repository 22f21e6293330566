import type { Campanile } from '../../campanile.js';
import type { HttpResponse } from '../../channel/http-route.js';

/** A webhook request as a fake channel makes it: the path with its query, headers, the exact bytes. */
export interface WebhookPost {
  readonly method?: string;
  /** e.g. `/webhooks/echo/esempio?x=1` */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/**
 * Posts a webhook into a running Campanile without an HTTP server, through the same door the server
 * uses (`routeTable.dispatch`): the route answers, then its events go to the engine. For harnesses on the
 * kit's own app (it listens on no port).
 *
 * @example
 * const response = await postWebhook(app, { path: '/webhooks/echo/esempio', headers: { 'x-echo-signature': sig }, body: raw });
 * response.status; // 200
 */
export async function postWebhook(app: Pick<Campanile, 'routeTable'>, post: WebhookPost): Promise<HttpResponse> {
  const method = post.method ?? 'POST';
  const url = new URL(post.path, 'http://campanile.invalid');
  const match = app.routeTable.match(method, url.pathname);
  if (!match) throw new Error(`postWebhook: no route answers ${method} ${url.pathname}: is the adapter attached, and is this its route's path?`);
  const headers = Object.fromEntries(Object.entries(post.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const rawBody = typeof post.body === 'string' ? new TextEncoder().encode(post.body) : post.body;
  const dispatched = await app.routeTable.dispatch(match, { method, query: Object.fromEntries(url.searchParams), headers, rawBody });
  dispatched.deliver();
  return dispatched.response;
}
