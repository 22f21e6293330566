import type { FastifyReply, FastifyRequest } from 'fastify';

/** An open `text/event-stream` answer. */
export interface EventStream {
  /** Writes one event; ignored once the stream is closed. */
  send(event: string, data: unknown): void;
  /**
   * Ends the stream (idempotent); `onClose` callbacks run once. `hangUp` also closes the connection,
   * for server shutdown: a kept-alive socket would hold `fastify.close()` until its timeout.
   */
  end(options?: { hangUp?: boolean }): void;
  /** Runs when the stream ends, by `end()` or because the client went away. */
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

/**
 * Turns a request into a server-sent events stream: hijacks the reply (fastify no longer serializes
 * it), writes the headers and returns a small writer. Streams are tracked in `open` so the server can
 * end them on close: a live stream would otherwise keep `fastify.close()` waiting forever.
 *
 * @example
 * const stream = openEventStream(request, reply, openStreams);
 * stream.send('progress', { sent: 3 });
 * stream.end();
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, open: Set<EventStream>): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Reverse proxies (nginx) buffer answers by default, which would hold events back.
    'x-accel-buffering': 'no',
  });
  const callbacks: (() => void)[] = [];
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    open.delete(stream);
    for (const fn of callbacks.splice(0)) {
      try { fn(); } catch (error) { request.log.error({ err: error }, 'event stream close callback failed'); }
    }
  };
  const stream: EventStream = {
    get closed() { return closed; },
    send(event, data) {
      if (closed || res.writableEnded) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end(options) {
      if (!res.writableEnded) res.end();
      if (options?.hangUp) res.socket?.destroy();
      finish();
    },
    onClose(fn) {
      if (closed) fn(); else callbacks.push(fn);
    },
  };
  open.add(stream);
  // The client went away (tab closed, EventSource.close()): stop the work behind the stream.
  res.on('close', finish);
  // A comment line at once: proxies and the browser see the stream is alive before the first event.
  res.write(': stream open\n\n');
  return stream;
}
