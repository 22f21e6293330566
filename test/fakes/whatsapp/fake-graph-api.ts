import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import debug from 'debug';

const trace = debug('campanile:fake-whatsapp');

/** One accepted `POST /{phone-number-id}/messages`. */
export interface FakeSentMessage {
  readonly id: string;
  readonly to?: string;
  readonly recipient?: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/** An error the fake answers instead of accepting the next matching call. */
export interface InjectedError {
  readonly code: number;
  readonly status?: number;
  readonly message?: string;
  /** Only calls of this message type (`text`, `template`, …). */
  readonly type?: string;
  /** Only this recipient (`to` or `recipient`). */
  readonly recipient?: string;
  /** How many calls fail (default 1). */
  times?: number;
}

export interface FakeGraphApiOptions {
  readonly token?: string;
  readonly phoneNumberId?: string;
  /** Version segment of the paths (default v26.0). */
  readonly version?: string;
  /** Validity of media download URLs (default 5 min, like Meta). */
  readonly mediaUrlTtlMs?: number;
  /** Free-form messages to a recipient not marked with `openWindow` fail with 131047 (default false). */
  readonly enforceWindow?: boolean;
  /** What `GET /{phone-number-id}` answers (defaults: +39 0123 456789, Comune di Esempio). */
  readonly displayPhoneNumber?: string;
  readonly verifiedName?: string;
}

const LIMITS = { text: 4096, interactiveBody: 1024, listBody: 4096, buttons: 3, buttonTitle: 20, buttonId: 256, rows: 10, rowTitle: 24, rowId: 200, rowDescription: 72, listButton: 20, caption: 1024, ctaText: 20 };

/**
 * A local fake of the WhatsApp Cloud API on real `node:http` (127.0.0.1, random port), behaving like
 * Meta where the adapter depends on it: the messages endpoint validates bodies and answers Graph
 * errors (`{ error: { message, type, code, error_data: { details }, fbtrace_id } }`), media upload is
 * multipart and returns an id, `GET /{media-id}` returns a download URL that expires, the download
 * needs the bearer token. Errors can be injected by code.
 *
 * @example
 * const graph = await FakeGraphApi.start(t, { token: 'tok', phoneNumberId: '111' });
 * const adapter = new WhatsAppAdapter({ …, apiRoot: graph.apiRoot });
 * graph.failNext({ code: 131056 }); graph.sent.at(-1)?.type; // 'interactive'
 */
export class FakeGraphApi {
  readonly sent: FakeSentMessage[] = [];
  readonly uploads: { id: string; mimeType: string; fileName: string; bytes: Uint8Array }[] = [];
  /** Every request seen: method and path (tests count calls). */
  readonly requests: { method: string; path: string }[] = [];
  private readonly media = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  private readonly errors: InjectedError[] = [];
  private readonly windows = new Set<string>();
  private server!: Server;
  private clockOffset = 0;
  private readonly token: string;
  private readonly phoneNumberId: string;
  private readonly version: string;

  private constructor(private readonly options: FakeGraphApiOptions) {
    this.token = options.token ?? 'test-token';
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.version = options.version ?? 'v26.0';
  }

  /** Starts a fake, closed when the test ends. */
  static async start(t: { teardown(fn: () => unknown): void }, options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
    const fake = new FakeGraphApi(options);
    fake.server = createServer((req, res) => {
      fake.handle(req, res).catch((error: unknown) => {
        trace('fake crashed: %O', error);
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiRoot(): string {
    return `${this.origin}/${this.version}`;
  }

  /** The next matching call(s) fail with this Graph error. */
  failNext(error: InjectedError): void {
    this.errors.push({ times: 1, ...error });
  }

  /** Marks the 24-hour window open for a recipient (with `enforceWindow`). */
  openWindow(recipient: string): void {
    this.windows.add(recipient);
  }

  /** Marks the 24-hour window closed again for a recipient (24 h passed, with `enforceWindow`). */
  closeWindow(recipient: string): void {
    this.windows.delete(recipient);
  }

  /** Stores media as if a person had sent it; returns its media id for a webhook payload. */
  addInboundMedia(bytes: Uint8Array, mimeType: string): string {
    const id = String(Date.now()) + randomBytes(3).readUIntBE(0, 3);
    this.media.set(id, { bytes, mimeType });
    return id;
  }

  /** Moves the fake's clock (expires download URLs without sleeping). */
  advance(ms: number): void {
    this.clockOffset += ms;
  }

  private now(): number {
    return Date.now() + this.clockOffset;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    this.requests.push({ method: req.method ?? '', path: url.pathname });
    const body = await readBody(req);
    trace('%s %s', req.method, url.pathname);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return graphError(res, 401, 190, 'Error validating access token: Session has expired or the token is invalid.', undefined, 'OAuthException');
    }
    const segments = url.pathname.split('/').filter(Boolean);
    if (segments[0] === 'download' && req.method === 'GET') return this.download(url, res);
    if (segments[0] !== this.version) return graphError(res, 400, 2635, `Unknown API version ${segments[0] ?? ''}`);
    if (req.method === 'POST' && segments[1] === this.phoneNumberId && segments[2] === 'messages') return this.messages(body, res);
    if (req.method === 'POST' && segments[1] === this.phoneNumberId && segments[2] === 'media') return this.upload(req, body, res);
    if (req.method === 'GET' && segments.length === 2 && segments[1] === this.phoneNumberId) return this.phoneNumber(res);
    if (req.method === 'GET' && segments.length === 2 && segments[1]) return this.mediaInfo(segments[1], res);
    return graphError(res, 400, 100, `Unsupported ${req.method} request. Object with ID '${segments[1] ?? ''}' does not exist.`);
  }

  private messages(raw: Buffer, res: ServerResponse): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return graphError(res, 400, 100, 'Invalid parameter', 'The request body is not valid JSON');
    }
    if (body.messaging_product !== 'whatsapp') return graphError(res, 400, 100, 'Invalid parameter', 'messaging_product must be "whatsapp"');
    const to = typeof body.to === 'string' ? body.to : undefined;
    const recipient = typeof body.recipient === 'string' ? body.recipient : undefined;
    if (!to && !recipient) return graphError(res, 400, 131008, 'Required parameter is missing', 'to or recipient is required');
    const type = typeof body.type === 'string' ? body.type : 'text';
    const target = to ?? recipient ?? '';
    const injected = this.errors.find((e) => (e.type === undefined || e.type === type) && (e.recipient === undefined || e.recipient === target));
    if (injected) {
      injected.times = (injected.times ?? 1) - 1;
      if (injected.times <= 0) this.errors.splice(this.errors.indexOf(injected), 1);
      return graphError(res, injected.status ?? statusOf(injected.code), injected.code, injected.message ?? titleOf(injected.code));
    }
    const invalid = validate(type, body, this.media);
    if (invalid) return graphError(res, 400, invalid.code, invalid.title, invalid.details);
    if (this.options.enforceWindow && type !== 'template' && !this.windows.has(target)) {
      return graphError(res, 400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    }
    const id = `wamid.${randomBytes(18).toString('base64url')}`;
    this.sent.push({ id, ...(to ? { to } : {}), ...(recipient ? { recipient } : {}), type, body });
    json(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: target, ...(to ? { wa_id: to } : { user_id: recipient }) }], messages: [{ id }] });
  }

  private async upload(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) return graphError(res, 400, 100, 'Invalid parameter', 'media upload must be multipart/form-data');
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    if (form.get('messaging_product') !== 'whatsapp') return graphError(res, 400, 100, 'Invalid parameter', 'messaging_product must be "whatsapp"');
    const file = form.get('file');
    const type = form.get('type');
    if (!(file instanceof Blob) || typeof type !== 'string') return graphError(res, 400, 131008, 'Required parameter is missing', 'file and type are required');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const max = type.startsWith('image/') ? 5 * 1024 * 1024 : 100 * 1024 * 1024;
    if (bytes.length > max) return graphError(res, 400, 131053, 'Media upload error', `file too large for ${type}`);
    const id = String(1_000_000_000 + this.uploads.length);
    this.media.set(id, { bytes, mimeType: type });
    this.uploads.push({ id, mimeType: type, fileName: file instanceof File ? file.name : 'file', bytes });
    json(res, 200, { id });
  }

  /** `GET /{phone-number-id}` as Meta answers it (the fields the adapter asks for, and the id). */
  private phoneNumber(res: ServerResponse): void {
    json(res, 200, { display_phone_number: this.options.displayPhoneNumber ?? '+39 0123 456789', verified_name: this.options.verifiedName ?? 'Comune di Esempio', id: this.phoneNumberId });
  }

  private mediaInfo(id: string, res: ServerResponse): void {
    const media = this.media.get(id);
    if (!media) return graphError(res, 400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, undefined, 'GraphMethodException', 33);
    const expires = this.now() + (this.options.mediaUrlTtlMs ?? 5 * 60_000);
    json(res, 200, {
      messaging_product: 'whatsapp',
      url: `${this.origin}/download/${id}?ext=${expires}&hash=${randomBytes(6).toString('hex')}`,
      mime_type: media.mimeType,
      sha256: createHash('sha256').update(media.bytes).digest('hex'),
      file_size: media.bytes.length,
      id,
    });
  }

  private download(url: URL, res: ServerResponse): void {
    const id = url.pathname.split('/')[2] ?? '';
    const media = this.media.get(id);
    if (!media || Number(url.searchParams.get('ext')) < this.now()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('URL signature expired');
      return;
    }
    res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length }).end(Buffer.from(media.bytes));
  }
}

function validate(type: string, body: Record<string, unknown>, media: Map<string, unknown>): { code: number; title: string; details: string } | undefined {
  const bad = (details: string) => ({ code: 100, title: 'Invalid parameter', details });
  const object = body[type] as Record<string, unknown> | undefined;
  switch (type) {
    case 'text': {
      const text = (object?.body as string | undefined) ?? '';
      if (text.length === 0) return bad('text.body is required');
      if (text.length > LIMITS.text) return bad(`text.body is longer than ${LIMITS.text} characters`);
      return undefined;
    }
    case 'image':
    case 'document': {
      if (!object || (typeof object.id !== 'string' && typeof object.link !== 'string')) return bad(`${type}.id or ${type}.link is required`);
      if (typeof object.id === 'string' && !media.has(object.id)) return { code: 131053, title: 'Media upload error', details: `media id ${object.id} not found` };
      if (typeof object.caption === 'string' && object.caption.length > LIMITS.caption) return bad('caption is longer than 1024 characters');
      return undefined;
    }
    case 'template': {
      const template = object as { name?: string; language?: { code?: string }; components?: { type?: string; parameters?: { type?: string; text?: string }[] }[] } | undefined;
      if (!template?.name || !template.language?.code) return bad('template.name and template.language.code are required');
      for (const parameter of template.components?.flatMap((c) => c.parameters ?? []) ?? []) {
        if (typeof parameter.text === 'string' && /[\n\t]| {5,}/.test(parameter.text)) return { code: 132018, title: 'There was an issue with the parameters in your template.', details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces' };
      }
      return undefined;
    }
    case 'interactive':
      return validateInteractive(object, bad);
    case 'location':
      return undefined;
    default:
      return { code: 131051, title: 'Unsupported message type', details: `message type ${type} is not supported` };
  }
}

function validateInteractive(object: Record<string, unknown> | undefined, bad: (d: string) => { code: number; title: string; details: string }) {
  const interactive = object as { type?: string; body?: { text?: string }; action?: Record<string, unknown> } | undefined;
  const text = interactive?.body?.text ?? '';
  if (!interactive?.type || !interactive.action) return bad('interactive.type and interactive.action are required');
  if (text.length === 0) return bad('interactive.body.text is required');
  const max = interactive.type === 'list' ? LIMITS.listBody : LIMITS.interactiveBody;
  if (text.length > max) return bad(`interactive.body.text is longer than ${max} characters`);
  const action = interactive.action;
  switch (interactive.type) {
    case 'button': {
      const buttons = (action.buttons as { type?: string; reply?: { id?: string; title?: string } }[] | undefined) ?? [];
      if (buttons.length < 1 || buttons.length > LIMITS.buttons) return bad('buttons must have 1 to 3 entries');
      const ids = new Set<string>();
      for (const button of buttons) {
        const id = button.reply?.id ?? '';
        const title = button.reply?.title ?? '';
        if (button.type !== 'reply' || !id || !title) return bad('each button needs type "reply", reply.id and reply.title');
        if ([...title].length > LIMITS.buttonTitle) return bad(`button title "${title}" is longer than 20 characters`);
        if (id.length > LIMITS.buttonId) return bad('button id is longer than 256 characters');
        if (ids.has(id)) return bad('button ids must be unique');
        ids.add(id);
      }
      return undefined;
    }
    case 'list': {
      const label = String(action.button ?? '');
      if (!label || [...label].length > LIMITS.listButton) return bad('action.button is required and at most 20 characters');
      const sections = (action.sections as { title?: string; rows?: { id?: string; title?: string; description?: string }[] }[] | undefined) ?? [];
      if (sections.length > 1 && sections.some((s) => !s.title)) return bad('section titles are required with more than one section');
      const rows = sections.flatMap((s) => s.rows ?? []);
      if (rows.length < 1 || rows.length > LIMITS.rows) return bad('a list has 1 to 10 rows in total');
      for (const row of rows) {
        if (!row.id || !row.title) return bad('each row needs id and title');
        if ([...row.title].length > LIMITS.rowTitle) return bad(`row title "${row.title}" is longer than 24 characters`);
        if (row.id.length > LIMITS.rowId) return bad('row id is longer than 200 characters');
        if (row.description && [...row.description].length > LIMITS.rowDescription) return bad('row description is longer than 72 characters');
      }
      return undefined;
    }
    case 'cta_url': {
      const parameters = action.parameters as { display_text?: string; url?: string } | undefined;
      if (action.name !== 'cta_url' || !parameters?.url || !parameters.display_text) return bad('cta_url needs action.name "cta_url" with display_text and url');
      if ([...parameters.display_text].length > LIMITS.ctaText) return bad('display_text is longer than 20 characters');
      return undefined;
    }
    case 'location_request_message':
      return action.name === 'send_location' ? undefined : bad('location_request_message needs action.name "send_location"');
    default:
      return bad(`unknown interactive type ${interactive.type}`);
  }
}

function statusOf(code: number): number {
  if (code === 130429 || code === 131056 || code === 4 || code === 80007) return 429;
  if (code === 131000 || code === 131016 || code === 1 || code === 2) return 500;
  if (code === 190) return 401;
  return 400;
}

function titleOf(code: number): string {
  const titles: Record<number, string> = {
    130429: 'Rate limit hit', 131056: '(Business Account, Consumer Account) pair rate limit hit', 131047: 'Re-engagement message',
    131026: 'Message Undeliverable', 131051: 'Unsupported message type', 131000: 'Something went wrong', 131016: 'Service unavailable',
  };
  return titles[code] ?? `Error ${code}`;
}

function graphError(res: ServerResponse, status: number, code: number, message: string, details?: string, type = 'OAuthException', subcode?: number): void {
  json(res, status, {
    error: {
      message: `(#${code}) ${message}`,
      type,
      code,
      ...(subcode ? { error_subcode: subcode } : {}),
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
