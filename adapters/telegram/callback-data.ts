import { createHash } from 'node:crypto';
import type { StateStorage } from '../../core/index.js';

/** Telegram's limit on `callback_data`, in bytes. */
export const MAX_CALLBACK_BYTES = 64;
const SHORT_PREFIX = '~';

/**
 * Fits button payloads into Telegram's 64-byte `callback_data`. Short payloads travel as they are; a
 * longer one (or one starting with `~`) becomes `~` + 22 characters of its SHA-256, stored durably so a
 * button pressed after a restart, days later, still resolves. The id is derived from the payload, so
 * concurrent writers agree and a payload is stored once.
 *
 * @example
 * const codec = new CallbackData(storage);
 * const data = await codec.encode('reports:attach:' + 'x'.repeat(80)); // '~Jk3…'
 * await codec.decode(data); // the original payload
 */
export class CallbackData {
  private readonly known = new Map<string, string>();

  constructor(private readonly storage: StateStorage) {}

  async encode(payload: string): Promise<string> {
    if (Buffer.byteLength(payload, 'utf8') <= MAX_CALLBACK_BYTES && !payload.startsWith(SHORT_PREFIX) && payload.length > 0) return payload;
    const id = `${SHORT_PREFIX}${createHash('sha256').update(payload).digest('base64url').slice(0, 22)}`;
    if (this.known.get(id) !== payload) {
      await this.storage.write(storageKey(id), payload);
      this.remember(id, payload);
    }
    return id;
  }

  /** The payload behind `data`; `undefined` for a short id that was never stored. */
  async decode(data: string): Promise<string | undefined> {
    if (!data.startsWith(SHORT_PREFIX)) return data;
    const cached = this.known.get(data);
    if (cached !== undefined) return cached;
    const stored = await this.storage.read<string>(storageKey(data));
    if (typeof stored === 'string') this.remember(data, stored);
    return typeof stored === 'string' ? stored : undefined;
  }

  private remember(id: string, payload: string): void {
    // Bounded: a long-running bot with many notices must not grow without limit.
    if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value as string);
    this.known.set(id, payload);
  }
}

function storageKey(id: string): string {
  return `cb:${id}`;
}
