import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Test } from 'tap';
import WebSocket from 'ws';
import { WebchatAdapter, type ServerFrame, type WebchatAdapterOptions } from '../../adapters/webchat/index.js';
import app from '../../admin-api/app.js';
import type { ClusterSignalBus, FeatureModule } from '../../core/internal.js';
import { buildApp, type TestApp } from './campanile.js';
import type { TestDatabase } from './database.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface WebchatServer extends TestApp {
  readonly webchat: WebchatAdapter;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly mediaDir: string;
}

/**
 * A real Campanile (engine, storage, base module) with the web chat, behind the real admin-api plugin,
 * listening on 127.0.0.1 on a free port; closed when the test ends. Give two of them one `database`
 * (`testDatabase(t)`) to run two processes' worth of Campanile on one PostgreSQL schema.
 *
 * @example
 * const server = await startWebchat(t);
 * const client = await WebchatClient.open(server, 'esempio');
 */
export async function startWebchat(t: Test, options: Partial<WebchatAdapterOptions> = {}, server: { database?: TestDatabase; signals?: ClusterSignalBus; modules?: readonly FeatureModule[] } = {}): Promise<WebchatServer> {
  const mediaDir = mkdtempSync(join(tmpdir(), 'campanile-webchat-'));
  const webchat = new WebchatAdapter({ secret: TEST_SECRET, mediaDir, ...options });
  const built = await buildApp(t, { adapters: [{ adapter: webchat }], ...server });
  const fastify = Fastify({ logger: false });
  await fastify.register(app, { campanile: built.app });
  await fastify.listen({ host: '127.0.0.1', port: 0 });
  // Either teardown order works: stopping Campanile stops the adapter, which closes its sockets first.
  t.teardown(() => fastify.close());
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ...built, webchat, base: `http://127.0.0.1:${port}`, mediaDir };
}

/**
 * A protocol-level web chat client: every frame the server sends is queued; `next(t)` waits for the
 * next frame of a type (skipping others), with a timeout so a missing frame fails instead of hanging.
 *
 * @example
 * const client = await WebchatClient.open(server, 'esempio');
 * const welcome = await client.hello();
 * client.send({ t: 'msg', id: 'c0000001', text: '/start' });
 */
export class WebchatClient {
  readonly frames: ServerFrame[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static async open(server: { base: string }, tenant: string): Promise<WebchatClient> {
    const socket = new WebSocket(`${server.base.replace('http', 'ws')}/chat/${tenant}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WebchatClient(socket);
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  async hello(token?: string): Promise<Extract<ServerFrame, { t: 'welcome' }>> {
    this.send({ t: 'hello', ...(token ? { token } : {}), locale: 'it' });
    return this.next('welcome');
  }

  /** The next frame of type `type` (and matching `where`), consuming it and every frame before it. */
  async next<T extends ServerFrame['t']>(type: T, where: (frame: Extract<ServerFrame, { t: T }>) => boolean = () => true, timeoutMs = 5000): Promise<Extract<ServerFrame, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((f) => f.t === type && where(f as Extract<ServerFrame, { t: T }>));
      if (index >= 0) {
        const [frame] = this.frames.splice(0, index + 1).slice(-1);
        return frame as Extract<ServerFrame, { t: T }>;
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${type}" frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.t))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Resolves with the close code once the server closed the socket. */
  async closed(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined && Date.now() < deadline) await new Promise<void>((resolve) => this.waiters.push(resolve) && setTimeout(resolve, 50));
    return this.closeCode ?? -1;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** The plain text of a pushed message frame. */
export function frameText(frame: Extract<ServerFrame, { t: 'message' }>): string {
  return (frame.entry.body.text ?? []).map((s) => s.text).join('');
}
