import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import type { BotFrameworkActivity } from '../../../adapters/botframework/index.js';

/** One Activity the bot posted to the fake connector. */
export interface FakeSentActivity {
  readonly conversationId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly activity: any;
}

/** Claims a test may change in a signed token; `expiresIn` in seconds (negative: already expired). */
export interface TokenClaims {
  readonly iss?: string;
  readonly aud?: string;
  readonly serviceurl?: string;
  readonly expiresIn?: number;
  readonly notBeforeIn?: number;
  /** Sign with a key the metadata does not list (a forged token). */
  readonly foreignKey?: boolean;
}

const KID = 'fake-connector-key-1';

/**
 * A local stand-in for Microsoft's side of the Bot Framework: the OpenID metadata and JWKS the webhook
 * check reads (one RSA key, endorsed for `msteams`, `webchat`, `emulator`), a client-credentials token
 * endpoint, and `POST /v3/conversations/:id/activities`, which checks the bearer token, records the
 * Activity and answers the next send as told (`failNext`). `sign` makes the JWT the connector sends.
 *
 * @example
 * const fake = await FakeBotConnector.start(t, { appId: 'app-1', appPassword: 'secret' });
 * const adapter = new BotFrameworkAdapter({ appId: 'app-1', appPassword: 'secret', openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
 * await route.handle({ …, headers: { authorization: `Bearer ${fake.sign()}` }, rawBody });
 */
export class FakeBotConnector {
  readonly sent: FakeSentActivity[] = [];
  /** Every token the endpoint issued, in order. */
  readonly issued: string[] = [];
  /** Requests to the connector refused for a bad or missing bearer token. */
  unauthorized = 0;
  /** Downloads of attached files, and whether each carried a bearer token. */
  readonly fileRequests: { path: string; withToken: boolean }[] = [];
  private readonly files = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  /** Times the OpenID metadata was read (the SDK caches it). */
  metadataReads = 0;
  private readonly refusals: { status: number; headers: Record<string, string>; body: unknown }[] = [];
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private url = '';

  private constructor(private readonly options: { appId: string; appPassword: string }) {}

  static async start(t: Test, options: { appId: string; appPassword: string }): Promise<FakeBotConnector> {
    const fake = new FakeBotConnector(options);
    const server = createServer((request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    return fake;
  }

  /** The connector's base URL: the `serviceUrl` of every Activity it sends. */
  get serviceUrl(): string {
    return this.url;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  get tokenUrl(): string {
    return `${this.url}/botframework.com/oauth2/v2.0/token`;
  }

  /** A JWT as the Bot Connector signs it (RS256, `kid`), valid for 5 minutes unless told otherwise. */
  sign(claims: TokenClaims = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: KID };
    const payload = {
      iss: claims.iss ?? 'https://api.botframework.com',
      aud: claims.aud ?? this.options.appId,
      serviceurl: claims.serviceurl ?? this.url,
      nbf: now + (claims.notBeforeIn ?? -60),
      exp: now + (claims.expiresIn ?? 300),
    };
    const data = `${b64(header)}.${b64(payload)}`;
    const key: KeyObject = (claims.foreignKey ? this.foreign : this.key).privateKey;
    return `${data}.${sign('sha256', Buffer.from(data), key).toString('base64url')}`;
  }

  /** An Activity from person `userId` in conversation `conversationId`, as the connector posts it. */
  activity(conversationId: string, userId: string, fields: BotFrameworkActivity = {}): BotFrameworkActivity {
    return {
      type: 'message', id: `act-${randomBytes(6).toString('hex')}`, timestamp: new Date(), channelId: 'msteams', serviceUrl: this.url,
      from: { id: userId, name: 'Maria Rossi' }, recipient: { id: `28:${this.options.appId}`, name: 'Campanile' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, locale: 'it-IT',
      ...fields,
    } as BotFrameworkActivity;
  }

  /** Answers the next send with `status` (429 with Retry-After, 403 with a code, 404, 500…). */
  failNext(status: number, headers: Record<string, string> = {}, body: unknown = { error: { code: 'ServiceError', message: `fake refusal ${status}` } }): void {
    this.refusals.push({ status, headers, body });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(request.url ?? '/', this.url).pathname;
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      void response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));

    if (request.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      this.metadataReads++;
      return json(200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (request.method === 'GET' && path === '/v1/.well-known/keys') {
      const jwk = this.key.publicKey.export({ format: 'jwk' });
      return json(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'webchat', 'emulator', 'directline'] }] });
    }
    if (request.method === 'POST' && path === '/botframework.com/oauth2/v2.0/token') {
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== this.options.appId || form.get('client_secret') !== this.options.appPassword) {
        return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      const token = `fake-bot-token-${randomBytes(8).toString('hex')}`;
      this.issued.push(token);
      return json(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(path);
    if (request.method === 'POST' && match) {
      const bearer = request.headers.authorization?.replace(/^Bearer /, '');
      if (!bearer || !this.issued.includes(bearer)) {
        this.unauthorized++;
        return json(401, { message: 'Authorization has been denied for this request.' });
      }
      const refusal = this.refusals.shift();
      if (refusal) return json(refusal.status, refusal.body, refusal.headers);
      this.sent.push({ conversationId: decodeURIComponent(match[1]!), activity: JSON.parse(body) });
      return json(200, { id: `sent-${this.sent.length}` });
    }
    // Files a person attached: the connector's own URLs want the bot's token (as Teams' inline images
    // do), the pre-signed ones (Teams' file cards) must come without it.
    const file = /^\/(v3\/attachments|presigned)\/([^/]+)/.exec(path);
    if (request.method === 'GET' && file) {
      const stored = this.files.get(`${file[1]}/${file[2]}`);
      if (!stored) return json(404, { error: { code: 'NotFound', message: path } });
      const bearer = request.headers.authorization?.replace(/^Bearer /, '');
      this.fileRequests.push({ path, withToken: Boolean(bearer) });
      if (file[1] === 'v3/attachments' && (!bearer || !this.issued.includes(bearer))) return json(401, { message: 'Authorization has been denied for this request.' });
      return void response.writeHead(200, { 'content-type': stored.mimeType, 'content-length': String(stored.bytes.byteLength) }).end(stored.bytes);
    }
    json(404, { error: { code: 'NotFound', message: `${request.method} ${path}` } });
  }

  /**
   * A file a person attached, served as the connector does: `connector` (the default) under
   * `{serviceUrl}/v3/attachments/…` with the bot's token, `presigned` as a link that needs none.
   */
  addFile(bytes: Uint8Array, mimeType: string, where: 'connector' | 'presigned' = 'connector'): string {
    const id = randomBytes(6).toString('hex');
    const key = where === 'connector' ? `v3/attachments/${id}` : `presigned/${id}`;
    this.files.set(key, { bytes, mimeType });
    return where === 'connector' ? `${this.url}/${key}/views/original` : `${this.url}/${key}?sig=${randomBytes(4).toString('hex')}`;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
