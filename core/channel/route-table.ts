import type { HttpRequest, HttpResponse, HttpRoute } from './http-route.js';
import type { InboundEvent } from './inbound.js';

/** A route that answers a request, with the path parameters it captured. */
export interface RouteMatch {
  readonly route: HttpRoute;
  /** Whose route it is (the adapter that added it). */
  readonly owner: object;
  readonly params: Readonly<Record<string, string>>;
}

/** What a dispatched request answers now, and the hand-over of its events once the answer is sent. */
export interface Dispatched {
  readonly response: HttpResponse;
  /** How many events the route returned. */
  readonly events: number;
  /**
   * Hands the route's events to the engine, in order, each through the runtime's `deliver`; failures are
   * reported to the table's `onError`, never thrown. Call it once the answer is on its way.
   */
  deliver(): void;
}

/** Where dispatched events go (the engine), and where their failures are told. */
export interface RouteTableOptions {
  deliver(event: InboundEvent): Promise<void>;
  onError(error: unknown, event: InboundEvent): void;
  /** Told every answer a route gave (metrics: refused webhooks, e.g. a wrong signature's 401). */
  onAnswered?(status: number, owner: object): void;
}

interface Entry {
  readonly owner: object;
  readonly route: HttpRoute;
  readonly segments: readonly string[];
}

/**
 * The adapters' HTTP routes as a live table: adapters attached while the server runs add theirs, and
 * detached ones take theirs away. The HTTP server mounts one dispatcher that looks requests up here,
 * because fastify cannot add or remove routes after `listen`. Patterns use `:name` for one whole segment
 * (no `:file.:ext`, no wildcards); a static segment wins over a parameter at the first place they differ
 * (as in find-my-way).
 *
 * @example
 * table.add(telegram, telegram.routes);
 * const match = table.match('POST', '/webhooks/telegram/esempio'); // { route, params: {} }
 * table.remove(telegram);
 */
export class RouteTable {
  private entries: Entry[] = [];

  /** Without options, `dispatch` is unavailable (a table only matched, as in unit tests). */
  constructor(private readonly options?: RouteTableOptions) {}

  /**
   * The one inbound door of HTTP routes: runs the matched route's `handle` on the request and returns its
   * answer with a `deliver()` that hands the events to the engine. The HTTP layer only translates: it
   * sends the answer, then calls `deliver()`, so channels get a fast acknowledgement.
   *
   * @example
   * const match = routeTable.match('POST', '/webhooks/telegram/esempio');
   * const done = await routeTable.dispatch(match!, request);
   * reply.send(done.response.body); done.deliver();
   */
  async dispatch(match: RouteMatch, request: Omit<HttpRequest, 'params'>): Promise<Dispatched> {
    const options = this.options;
    if (!options) throw new Error('This RouteTable was built without a deliver function: create it with new RouteTable({ deliver, onError }).');
    const receipt = await match.route.handle({ ...request, params: match.params });
    options.onAnswered?.(receipt.response.status, match.owner);
    const events = [...receipt.events];
    return {
      response: receipt.response,
      events: events.length,
      deliver: () => {
        for (const event of events) options.deliver(event).catch((error: unknown) => options.onError(error, event));
      },
    };
  }

  /** Adds `owner`'s routes; throws, adding none, when one of them is already served. */
  add(owner: object, routes: readonly HttpRoute[]): void {
    for (const route of routes) {
      if (split(route.path).some((segment) => segment.indexOf(':') > 0 || segment.includes('*'))) {
        throw new Error(`${route.path}: a route parameter takes a whole segment (\`/:tenant\`), and wildcards are not served: change the adapter's route.`);
      }
      const taken = this.entries.find((e) => e.route.method === route.method && e.route.path === route.path);
      if (taken || routes.filter((r) => r.method === route.method && r.path === route.path).length > 1) {
        throw new Error(`${route.method} ${route.path} is already served by another adapter: give the account another name.`);
      }
    }
    for (const route of routes) this.entries.push({ owner, route, segments: split(route.path) });
    this.entries.sort((a, b) => compareSpecificity(a.segments, b.segments));
  }

  /** Removes every route of `owner`. */
  remove(owner: object): void {
    this.entries = this.entries.filter((e) => e.owner !== owner);
  }

  /** The route serving `method` (HEAD as GET) and `path` (no query string), or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const segments = split(path);
    for (const entry of this.entries) {
      if (entry.route.method !== wanted || entry.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const pattern = entry.segments[i]!;
        const actual = segments[i]!;
        if (pattern.startsWith(':')) {
          if (actual === '') ok = false;
          else params[pattern.slice(1)] = decode(actual);
        } else if (pattern !== actual) ok = false;
      }
      if (ok) return { route: entry.route, owner: entry.owner, params };
    }
    return undefined;
  }

  /** Every route now served. */
  all(): HttpRoute[] {
    return this.entries.map((e) => e.route);
  }
}

function split(path: string): string[] {
  return path.split('/').slice(1);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Static segments before parameters at the first place two patterns differ. */
function compareSpecificity(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const pa = a[i]!.startsWith(':');
    const pb = b[i]!.startsWith(':');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}
