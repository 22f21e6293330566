import type { ChannelCapabilities } from '../../core/index.js';
import type { RenderedMessage } from './mapping.js';

/** What one kind of upload may be (types and size), as capabilities declare media. */
export type MediaLimit = NonNullable<ChannelCapabilities['media']['image']>;

/**
 * The frames the server sends to a tab, and what they carry; see README.md for the protocol. Types only:
 * the socket, the live push and the adapter all speak it.
 *
 * @example
 * const frame: ServerFrame = { t: 'ack', id: 'k3j4h5g6', duplicate: true };
 */
export type ServerFrame =
  /** `locale`: the person's own language, when they already have one among the comune's. */
  | { t: 'welcome'; token: string; session: string; history: HistoryEntry[]; limits: WebchatLimits; locale?: string }
  | { t: 'message'; entry: HistoryEntry; replaced?: boolean }
  | { t: 'ack'; id: string; duplicate?: boolean }
  | { t: 'reset' }
  | { t: 'error'; code: WebchatErrorCode; message: string; id?: string; retryAfterMs?: number };

/** One entry of the history as the browser receives it. */
export interface HistoryEntry {
  readonly id: string;
  readonly dir: 'in' | 'out';
  readonly clientId?: string;
  readonly at: string;
  readonly body: RenderedMessage;
}

/** Error codes the browser translates (`public/texts.json`, `error.<code>`). */
export type WebchatErrorCode =
  | 'token-invalid' | 'tenant-unknown' | 'bad-frame' | 'too-long' | 'rate-limited' | 'not-ready' | 'server-error'
  | 'too-large' | 'unsupported-type';

/** What the page may send: text length, uploads, and the pace of messages. */
export interface WebchatLimits {
  readonly maxText: number;
  readonly uploads: Readonly<Partial<Record<'photo' | 'video', MediaLimit>>>;
  readonly rate: { readonly burst: number; readonly perSecond: number };
}

/** Frames larger than this are cut by the socket itself (a 4096-character text is at most ~16 KB of JSON). */
export const MAX_FRAME_BYTES = 64 * 1024;
