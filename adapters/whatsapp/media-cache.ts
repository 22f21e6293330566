import type { StateStorage } from '../../core/index.js';

/**
 * Media ids of files already uploaded to Meta for one account, keyed by `MediaSource.id` (a content
 * hash), so each image or PDF of a broadcast is uploaded once and its id reused for every recipient.
 * Meta keeps uploaded media for 30 days: entries older than `maxAgeMs` (default 25 days) are ignored
 * and the file is uploaded again.
 *
 * Persisted through the adapter runtime's `StateStorage` when there is one (rows in `module_state`
 * under `adapter:whatsapp:<account>`), else in memory.
 *
 * @example
 * const cache = new MediaIdCache(runtime.storage);
 * const id = await cache.get(source.id) ?? await upload();
 */
export class MediaIdCache {
  private readonly memory = new Map<string, { id: string; at: number }>();

  constructor(
    private storage?: StateStorage,
    private readonly maxAgeMs = 25 * 24 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Switches to persistent storage (given when the adapter starts). */
  useStorage(storage: StateStorage | undefined): void {
    this.storage = storage;
  }

  async get(sourceId: string): Promise<string | undefined> {
    const entry = this.memory.get(sourceId) ?? (await this.storage?.read<{ id: string; at: number }>(key(sourceId)).catch(() => undefined));
    if (!entry || typeof entry.id !== 'string' || this.now() - entry.at > this.maxAgeMs) return undefined;
    this.memory.set(sourceId, entry);
    return entry.id;
  }

  async set(sourceId: string, mediaId: string): Promise<void> {
    const entry = { id: mediaId, at: this.now() };
    this.memory.set(sourceId, entry);
    // A lost write only costs one more upload later: never fail a send over it.
    await this.storage?.write(key(sourceId), entry).catch(() => undefined);
  }

  /** Forgets an id Meta no longer accepts (expired or deleted media). */
  async forget(sourceId: string): Promise<void> {
    this.memory.delete(sourceId);
    await this.storage?.delete(key(sourceId)).catch(() => undefined);
  }
}

function key(sourceId: string): string {
  return `media:${sourceId}`.slice(0, 200);
}
