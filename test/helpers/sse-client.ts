/**
 * A small server-sent events client over a real HTTP connection (fastify's inject waits for the end of
 * the answer, which a stream never reaches): records every event and waits for the ones a test expects.
 */
import { request } from 'node:http';
import type { Test } from 'tap';

export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface SseClient {
  /** Every event received so far, in order. */
  readonly events: SseEvent[];
  /** Resolves with the first event (already received or coming) that matches. */
  next(match: (e: SseEvent) => boolean): Promise<SseEvent>;
  close(): void;
}

/**
 * @example
 * const sse = await openSse(t, `http://127.0.0.1:${port}/api/v1/…/events`, token);
 * await sse.next((e) => e.event === 'ready');
 */
export function openSse(t: Test, url: string, token: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: { match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }[] = [];
    const req = request(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`SSE ${url} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!name || data === undefined) continue;
          const event = { event: name, data: JSON.parse(data) as unknown };
          events.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.match(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.done(event);
            }
          }
        }
      });
      const client: SseClient = {
        events,
        next: (match) => {
          const seen = events.find(match);
          return seen ? Promise.resolve(seen) : new Promise((done) => waiters.push({ match, done }));
        },
        close: () => req.destroy(),
      };
      t.teardown(() => client.close());
      resolve(client);
    });
    req.on('error', (error) => { if (!('code' in error && error.code === 'ECONNRESET')) reject(error); });
    req.end();
  });
}
