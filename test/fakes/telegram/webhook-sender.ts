/**
 * Delivers queued updates to the webhook a bot set, like Telegram: a JSON POST carrying
 * `X-Telegram-Bot-Api-Secret-Token`, re-sent until the endpoint answers 2xx within the timeout. One update at a
 * time, in order (Telegram allows up to `max_connections` in parallel; ordering makes tests deterministic).
 */
import http from 'node:http';
import createDebug from 'debug';
import https from 'node:https';
import type { Update, WebhookInfo } from 'grammy/types';
import type { FakeEvents } from './fake-events.js';
import type { UpdateQueue } from './update-queue.js';

const debug = createDebug('campanile:fake-telegram:webhook');

/** Timing of webhook delivery. */
export interface WebhookTiming {
  /** An answer slower than this counts as failed and the update is re-sent (default 2000 ms; Telegram waits longer). */
  timeoutMs: number;
  /** Pause before re-sending after a failure (default 50 ms; Telegram backs off over minutes). */
  retryDelayMs: number;
}

/** The webhook as set by `setWebhook`. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  ipAddress?: string;
}

/**
 * Runs the delivery loop while a webhook is set.
 *
 * @example
 * const sender = new WebhookSender(queue, events, { timeoutMs: 500, retryDelayMs: 10 });
 * sender.set({ url: 'http://127.0.0.1:8080/tg', secretToken: 's3cret', maxConnections: 40 });
 * sender.info().pending_update_count; // 0 once delivered
 */
export class WebhookSender {
  private config: WebhookConfig | undefined;
  private running = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private inFlight: http.ClientRequest | undefined;
  private lastError: { date: number; message: string } | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly events: FakeEvents,
    private readonly timing: WebhookTiming,
  ) {
    this.unsubscribe = queue.onPush(() => this.wake?.());
  }

  get active(): boolean {
    return this.config !== undefined;
  }

  set(config: WebhookConfig): void {
    this.config = config;
    this.lastError = undefined;
    this.wake?.();
    if (!this.running) void this.loop();
  }

  delete(): void {
    this.config = undefined;
    this.inFlight?.destroy();
    this.wake?.();
  }

  info(): WebhookInfo {
    const config = this.config;
    return {
      url: config?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.queue.pendingCount,
      ...(config ? { max_connections: config.maxConnections } : {}),
      ...(config?.ipAddress ? { ip_address: config.ipAddress } : {}),
      ...(config?.allowedUpdates ? { allowed_updates: config.allowedUpdates } : {}),
      ...(this.lastError ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message } : {}),
    } as WebhookInfo;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.delete();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.config) {
        const update = this.queue.peek();
        if (!update) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        const config = this.config;
        const outcome = await this.post(config, update);
        debug('update %d → %s', update.update_id, outcome.status ?? outcome.error);
        this.events.emit({ type: 'webhook-attempt', update, ...outcome });
        if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
          this.queue.remove(update.update_id);
          this.events.emit({ type: 'update-delivered', update, via: 'webhook' });
          continue;
        }
        this.lastError = { date: Math.floor(Date.now() / 1000), message: outcome.error ?? `Wrong response from the webhook: ${outcome.status}` };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.timing.retryDelayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    } finally {
      this.running = false;
    }
  }

  private post(config: WebhookConfig, update: Update): Promise<{ status?: number; error?: string }> {
    const body = JSON.stringify(update);
    const url = new URL(config.url);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: { status?: number; error?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight = undefined;
        resolve(outcome);
      };
      const request = client.request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(config.secretToken ? { 'x-telegram-bot-api-secret-token': config.secretToken } : {}),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            finish(status >= 200 && status < 300 ? { status } : { status, error: `Wrong response from the webhook: ${status} ${response.statusMessage ?? ''}`.trim() });
          });
          response.on('error', () => finish({ error: 'Connection reset by peer' }));
        },
      );
      const timer = setTimeout(() => {
        finish({ error: 'Read timeout expired' });
        request.destroy();
      }, this.timing.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ error: error.code === 'ECONNREFUSED' ? 'Connection refused' : `Connection failed: ${error.code ?? error.message}` }),
      );
      this.inFlight = request;
      request.end(body);
    });
  }
}
