import type { StateStorage } from '../../core/index.js';
import { isStaleFileId } from './errors.js';

/**
 * Upload once per bot, then reuse Telegram's `file_id` (ids are per bot). Keys are `<kind>:<MediaSource.id>`
 * (a photo's id cannot be sent as a document). Stored durably, so a restart does not upload a notice's
 * image again; concurrent first sends of one file wait for a single upload instead of each uploading.
 *
 * @example
 * const message = await cache.send('image:sha256-ab12', (fileId) => sendPhoto(fileId), () => sendPhoto(upload), photoFileId);
 */
export class FileIdCache {
  private readonly memory = new Map<string, string>();
  private readonly uploading = new Map<string, Promise<string | undefined>>();

  constructor(private readonly storage: StateStorage) {}

  async get(key: string): Promise<string | undefined> {
    const cached = this.memory.get(key);
    if (cached) return cached;
    const stored = await this.storage.read<string>(storageKey(key));
    if (typeof stored === 'string') this.memory.set(key, stored);
    return typeof stored === 'string' ? stored : undefined;
  }

  /**
   * Sends with the cached id when there is one (re-uploading if Telegram no longer knows it), otherwise
   * uploads and remembers the id `fileIdOf` reads from the sent message.
   */
  async send<M>(
    key: string,
    withFileId: (fileId: string) => Promise<M>,
    withUpload: () => Promise<M>,
    fileIdOf: (message: M) => string | undefined,
  ): Promise<M> {
    let fileId = await this.get(key);
    if (!fileId) fileId = await this.uploading.get(key);
    if (fileId) {
      try {
        return await withFileId(fileId);
      } catch (error) {
        if (!isStaleFileId(error)) throw error;
        this.memory.delete(key);
        await this.storage.delete(storageKey(key));
      }
    }
    let done: (id: string | undefined) => void = () => {};
    const pending = new Promise<string | undefined>((resolve) => (done = resolve));
    const first = !this.uploading.has(key);
    if (first) this.uploading.set(key, pending);
    try {
      const message = await withUpload();
      const uploaded = fileIdOf(message);
      if (uploaded) {
        this.memory.set(key, uploaded);
        await this.storage.write(storageKey(key), uploaded);
      }
      done(uploaded);
      return message;
    } catch (error) {
      done(undefined);
      throw error;
    } finally {
      if (first) this.uploading.delete(key);
    }
  }
}

function storageKey(key: string): string {
  return `file:${key}`;
}
