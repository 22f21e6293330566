/**
 * Reads one HTTP request into {@link Params}: query string first, then the body (JSON, url-encoded or multipart)
 * on top, the precedence api.telegram.org applies when a parameter is sent both ways.
 */
import type { IncomingMessage } from 'node:http';
import { apiErrors } from './api-error.js';
import { multipartBoundary, parseMultipart } from './multipart.js';
import { Params } from './params.js';

/**
 * Collects the request body and query string into {@link Params}.
 *
 * @example
 * const params = await readParams(req, new URL(req.url!, 'http://x'));
 * params.string('text'); // 'Ciao'
 * params.files.size; // 1 when grammY uploaded a file
 */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length === 0) return new Params(raw);
  if (/^application\/json/i.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw apiErrors.badRequest("can't parse JSON encoded request body");
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(raw, parsed);
    return new Params(raw);
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    return new Params(raw);
  }
  if (/^multipart\/form-data/i.test(contentType)) {
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw apiErrors.badRequest('multipart/form-data without boundary');
    const { fields, files } = parseMultipart(body, boundary);
    Object.assign(raw, fields);
    return new Params(raw, files);
  }
  return new Params(raw);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
