import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MsMessaging, MsWebhook } from './mapping.js';

/** One Send API call the fake accepted. */
export interface FakeSend {
  readonly recipient: string;
  readonly messagingType: string;
  readonly tag?: string;
  readonly message: Record<string, unknown>;
  readonly messageId: string;
}

/** A refusal the fake answers with, as Meta does: HTTP status and the Graph error object. */
export interface FakeRefusal { readonly code: number; readonly subcode?: number; readonly status?: number; readonly message?: string }

/** The refusal that produces each delivery outcome (Messenger Platform error codes). */
export const FAKE_REFUSALS = {
  'rate-limited': { code: 613, status: 400, message: 'Calls to this api have exceeded the rate limit.' },
  'recipient-gone': { code: 551, status: 400, message: "This person isn't available right now." },
  'window-closed': { code: 10, subcode: 2018278, status: 400, message: 'This message is sent outside of allowed window.' },
  permanent: { code: 190, status: 401, message: 'Invalid OAuth access token.' },
  transient: { code: 1200, status: 503, message: 'Temporary send message failure. Please try again later.' },
} as const satisfies Record<string, FakeRefusal>;

const body = (request: IncomingMessage) => new Promise<Buffer>((resolve, reject) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => resolve(Buffer.concat(chunks)));
  request.on('error', reject);
});

/**
 * A local stand-in for the Messenger Graph API: `POST /{page-id}/messages` and
 * `/{page-id}/message_attachments` with the page token (190 otherwise), a CDN for inbound attachments,
 * and the next send to a person refused as told. Ships in the package so its `./conformance` export and
 * a deployment's own tests can use it.
 *
 * @example
 * const fake = await startFakeMessenger({ pageId: '1001', pageAccessToken: 'token' });
 * fake.refuseNext('psid-1', FAKE_REFUSALS['window-closed']);
 * fake.sent; // every accepted send, in order
 */
export async function startFakeMessenger(options: { pageId: string; pageAccessToken: string; pageName?: string }) {
  const sent: FakeSend[] = [];
  const uploads: { type: string; mimeType: string; size: number; id: string }[] = [];
  const refusals = new Map<string, FakeRefusal>();
  const cdn = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  let next = 1;
  const refuse = (response: import('node:http').ServerResponse, r: FakeRefusal) => void response
    .writeHead(r.status ?? 400, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: r.message ?? 'refused', type: 'OAuthException', code: r.code, ...(r.subcode ? { error_subcode: r.subcode } : {}), fbtrace_id: `trace${next++}` } }));
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const raw = await body(request);
    if (request.method === 'GET' && url.pathname.startsWith('/cdn/')) {
      const file = cdn.get(url.pathname.split('/')[2] ?? '');
      return file ? void response.writeHead(200, { 'content-type': file.mimeType }).end(file.bytes) : void response.writeHead(404).end();
    }
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? url.searchParams.get('access_token');
    if (token !== options.pageAccessToken) return refuse(response, FAKE_REFUSALS.permanent);
    if (request.method === 'GET' && url.pathname === '/me') {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: options.pageId, name: options.pageName ?? 'Comune di Esempio' }));
    }
    if (request.method === 'POST' && url.pathname === `/${options.pageId}/messages`) {
      const call = JSON.parse(raw.toString('utf8')) as { recipient?: { id?: string }; messaging_type?: string; tag?: string; message?: Record<string, unknown> };
      const recipient = call.recipient?.id ?? '';
      if (!recipient || !call.message || !call.messaging_type) return refuse(response, { code: 100, message: 'recipient, messaging_type and message are required' });
      const refusal = refusals.get(recipient);
      if (refusal) {
        refusals.delete(recipient);
        return refuse(response, refusal);
      }
      const messageId = `m_fake${next++}`;
      sent.push({ recipient, messagingType: call.messaging_type, ...(call.tag ? { tag: call.tag } : {}), message: call.message, messageId });
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ recipient_id: recipient, message_id: messageId }));
    }
    if (request.method === 'POST' && url.pathname === `/${options.pageId}/message_attachments`) {
      const form = await new Request('http://fake.invalid', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body: new Uint8Array(raw) }).formData();
      const file = form.get('filedata');
      const message = JSON.parse(String(form.get('message') ?? '{}')) as { attachment?: { type?: string } };
      if (!(file instanceof Blob)) return refuse(response, { code: 100, message: 'filedata is required' });
      const id = String(1_000_000 + next++);
      uploads.push({ type: message.attachment?.type ?? '', mimeType: file.type, size: file.size, id });
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ attachment_id: id }));
    }
    refuse(response, { code: 100, status: 404, message: `unknown path ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** What `MESSENGER_API_ROOT` points at. */
    apiRoot: root,
    sent,
    uploads,
    /** The next send to `recipient` is refused with this error; later ones go through. */
    refuseNext: (recipient: string, refusal: FakeRefusal) => void refusals.set(recipient, refusal),
    /** A file on the fake CDN: the URL an attachment webhook carries. */
    addInboundMedia(bytes: Uint8Array, mimeType: string, fileName: string): string {
      const id = `f${next++}`;
      cdn.set(id, { bytes, mimeType });
      return `${root}/cdn/${id}/${encodeURIComponent(fileName)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What `startFakeMessenger` resolves to. */
export type FakeMessenger = Awaited<ReturnType<typeof startFakeMessenger>>;

/**
 * A webhook body as Meta posts it for one page: `object: 'page'` and one entry of messaging events.
 *
 * @example
 * const raw = JSON.stringify(pageWebhook('1001', [{ sender: { id: 'psid-1' }, recipient: { id: '1001' }, message: { mid: 'm1', text: 'ciao' } }]));
 */
export function pageWebhook(pageId: string, messaging: readonly MsMessaging[]): MsWebhook {
  return { object: 'page', entry: [{ id: pageId, time: Date.now(), messaging }] };
}
