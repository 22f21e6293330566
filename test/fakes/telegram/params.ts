/**
 * Typed access to a Bot API call's parameters, whatever transport carried them. JSON bodies carry typed values;
 * query strings, url-encoded and multipart bodies carry strings, and Telegram then reads numbers, booleans and
 * JSON-serialized objects (reply_markup, allowed_updates, commands) out of them. This class does the same.
 */
import { apiErrors } from './api-error.js';
import type { MultipartFile } from './multipart.js';

/**
 * The parameters of one call, with the file parts that came with a multipart body.
 *
 * @example
 * const params = new Params({ chat_id: '42', reply_markup: '{"inline_keyboard":[]}' });
 * params.int('chat_id'); // 42
 * params.object('reply_markup'); // { inline_keyboard: [] }
 */
export class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly files: Map<string, MultipartFile> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  /** A string parameter; numbers are stringified the way Telegram accepts `chat_id: 42` and `"42"` alike. */
  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  }

  /** An integer parameter; a non-integer answers 400 like Telegram's own parameter parser. */
  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(number)) throw apiErrors.badRequest(`field "${name}" must be of type Integer`);
    return number;
  }

  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  /** An object or array parameter, parsed from JSON when it arrived as a string. */
  object(name: string): unknown {
    const value = this.raw[name];
    if (typeof value !== 'string') return value ?? undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw apiErrors.badRequest(`can't parse ${name} JSON object`);
    }
  }
}
