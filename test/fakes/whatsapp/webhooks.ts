import { readFileSync } from 'node:fs';
import { signBody } from '../../../adapters/whatsapp/index.js';

/** Names of the recorded payloads in `payloads/`. */
export type PayloadName =
  | 'text' | 'text-command' | 'text-bsuid-only' | 'image' | 'audio' | 'video' | 'location' | 'button-reply' | 'list-reply' | 'template-quick-reply'
  | 'contacts' | 'unsupported' | 'status-sent' | 'status-delivered' | 'status-read' | 'status-failed-131047';

/**
 * A recorded Meta webhook body (a fresh deep copy) with its timestamps set to now, optionally edited:
 * `edit` receives the first message (or status) and may change it in place.
 *
 * @example
 * const body = payload('text', (m) => { m.text.body = '/start'; m.id = 'wamid.1'; });
 * const headers = signedHeaders(body, appSecret);
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function payload(name: PayloadName, edit?: (item: any, value: any) => void): Record<string, unknown> {
  const body = JSON.parse(readFileSync(new URL(`./payloads/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const value = (body as any).entry[0].changes[0].value;
  // Recorded a while ago: a live webhook carries the current time (the reply window counts from it).
  for (const item of [...(value.messages ?? []), ...(value.statuses ?? [])]) item.timestamp = String(Math.floor(Date.now() / 1000));
  if (edit) edit(value.messages?.[0] ?? value.statuses?.[0], value);
  return body;
}

/** Headers Meta sends with a webhook POST, signed with the app secret. */
export function signedHeaders(raw: string, appSecret: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, appSecret) };
}
