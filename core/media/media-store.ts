/** A stored file's description; `id` is the sha256 hex of its bytes. */
export interface StoredMedia {
  readonly id: string;
  readonly mimeType: string;
  readonly size: number;
  readonly fileName: string;
}

/**
 * A media policy: returns the type to store some bytes as, or throws a `MediaError`. Notices use
 * `checkMedia` (the default), media received from people `checkInboundMedia`.
 *
 * @example
 * const policy: MediaCheck = checkInboundMedia;
 * await store.put(bytes, 'audio/ogg', 'voice.ogg', policy);
 */
export type MediaCheck = (bytes: Uint8Array, declaredType: string | undefined) => string;

/**
 * Where notice images and PDFs, and the files people send, live, by content hash: the same bytes are stored once, and adapters use
 * the id to upload each file once per channel account (e.g. Telegram's `file_id`). The filesystem store
 * is the default; an S3-compatible store implements the same interface.
 *
 * @example
 * const media = await store.put(bytes, 'image/jpeg', 'allerta.jpg'); // checks type and size
 * const bytesAgain = await store.read(media.id);
 * await store.delete(media.id);
 */
export interface MediaStore {
  /**
   * Validates with `check` (magic bytes, size; default the notice policy `checkMedia`) and stores;
   * throws `MediaError` with a fix-it message.
   */
  put(bytes: Uint8Array, declaredType: string | undefined, fileName: string, check?: MediaCheck): Promise<StoredMedia>;
  /** The description, or null when unknown. */
  get(id: string): Promise<StoredMedia | null>;
  /** The bytes; throws `MediaError('MEDIA_NOT_FOUND')` when missing. */
  read(id: string): Promise<Uint8Array>;
  /** A stream of the bytes (HTTP downloads). */
  open(id: string): Promise<NodeJS.ReadableStream>;
  delete(id: string): Promise<void>;
}
