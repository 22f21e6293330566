import t, { type Test } from 'tap';
import { WhatsAppAdapter, RecipientBudget } from '../../../adapters/whatsapp/index.js';
import { plain, type ConversationRef, type MediaSource } from '../../../core/internal.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const bsuidRef: ConversationRef = { tenant: 'esempio', channel: 'whatsapp', account: 'default', chatId: 'IT.13491208655302741918', extra: { recipient: 'bsuid' } };
const phoneRef: ConversationRef = { tenant: 'esempio', channel: 'whatsapp', account: 'default', chatId: '393331234567', extra: { recipient: 'wa_id' } };
const HOUR = 3_600_000;
const template = { name: 'nuovo_avviso', language: 'it', variables: ['Comune di Esempio', 'Strada chiusa'] };

async function setup(t: Test, options: { budget?: RecipientBudget; enforceWindow?: boolean } = {}) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId, ...(options.enforceWindow ? { enforceWindow: true } : {}) });
  const adapter = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot, ...(options.budget ? { budget: options.budget } : {}) });
  return { graph, adapter };
}

t.test('the constructor names the missing variable', async (t) => {
  t.throws(() => new WhatsAppAdapter({ ...secrets, appSecret: '' }), /WHATSAPP_APP_SECRET/);
});

t.test('in-window free-form text goes to the BSUID via `recipient`, to a WhatsApp id via `to`', async (t) => {
  const { graph, adapter } = await setup(t);
  const now = new Date();
  const result = await adapter.send(bsuidRef, { text: plain('Ciao') }, undefined, { lastInboundAt: new Date(now.getTime() - HOUR) });
  t.match(result, { status: 'delivered', messageId: /^wamid\./ });
  t.match(graph.sent[0], { recipient: 'IT.13491208655302741918', type: 'text', body: { messaging_product: 'whatsapp', recipient_type: 'individual', text: { body: 'Ciao' } } });
  t.notOk(graph.sent[0]?.to, 'no phone number used');
  await adapter.send(phoneRef, { text: plain('Ciao') }, undefined, { lastInboundAt: now });
  t.equal(graph.sent[1]?.to, '393331234567');
});

t.test('outside the window: the template when given, else window-closed (nothing sent)', async (t) => {
  const { graph, adapter } = await setup(t);
  const old = { lastInboundAt: new Date(Date.now() - 25 * HOUR) };
  const closed = await adapter.send(bsuidRef, { text: plain('Avviso') }, undefined, old);
  t.same(closed, { status: 'window-closed' });
  t.equal(graph.sent.length, 0, 'never a silent drop, never a refused call');
  const never = await adapter.send(bsuidRef, { text: plain('Avviso') }, undefined, { lastInboundAt: null });
  t.same(never, { status: 'window-closed' }, 'a person who never wrote is outside the window');
  const viaTemplate = await adapter.send(bsuidRef, { text: plain('Avviso'), template }, undefined, old);
  t.equal(viaTemplate.status, 'delivered');
  t.same(graph.sent[0]?.body.template, { name: 'nuovo_avviso', language: { code: 'it' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Comune di Esempio' }, { type: 'text', text: 'Strada chiusa' }] }] });
  const inWindow = await adapter.send(bsuidRef, { text: plain('Avviso'), template }, undefined, { lastInboundAt: new Date() });
  t.equal(inWindow.status, 'delivered');
  t.equal(graph.sent[1]?.type, 'text', 'inside the window the free-form message goes, not the template');
});

t.test('window unknown to the caller: Meta decides; 131047 falls back to the template', async (t) => {
  const { graph, adapter } = await setup(t, { enforceWindow: true });
  t.same(await adapter.send(bsuidRef, { text: plain('Avviso') }), { status: 'window-closed' }, '131047 → window-closed');
  const result = await adapter.send(bsuidRef, { text: plain('Avviso'), template });
  t.equal(result.status, 'delivered');
  t.equal(graph.sent.at(-1)?.type, 'template');
});

t.test('the daily budget of unique recipients outside the window', async (t) => {
  const budget = new RecipientBudget({ limit: 1 });
  const { graph, adapter } = await setup(t, { budget });
  const old = { lastInboundAt: null };
  t.equal((await adapter.send(bsuidRef, { text: plain('A'), template }, undefined, old)).status, 'delivered');
  t.equal((await adapter.send(bsuidRef, { text: plain('B'), template }, undefined, old)).status, 'delivered', 'the same person again costs nothing');
  const refused = await adapter.send(phoneRef, { text: plain('C'), template }, undefined, old);
  t.match(refused, { status: 'rate-limited', scope: 'chat', reason: /daily budget of 1 unique recipients/ });
  t.ok(refused.status === 'rate-limited' && refused.retryAfterMs > 23 * HOUR, 'retry when the window rolls');
  t.equal(graph.sent.length, 2);
  t.equal((await adapter.send(phoneRef, { text: plain('D') }, undefined, { lastInboundAt: new Date() })).status, 'delivered', 'in-window messages are not counted');
});

t.test('interactive: buttons and lists pass the fake’s validation', async (t) => {
  const { graph, adapter } = await setup(t);
  const ctx = { lastInboundAt: new Date() };
  t.equal((await adapter.send(bsuidRef, { text: plain('Confermi?'), choices: [{ label: 'Sì', payload: 'a' }, { label: 'No', payload: 'b' }] }, undefined, ctx)).status, 'delivered');
  const rows = Array.from({ length: 8 }, (_, i) => ({ label: `Informazioni sanitarie e altro ${i}`, payload: `base:toggle:${i}` }));
  t.equal((await adapter.send(bsuidRef, { text: plain('Scegli'), choices: rows }, undefined, ctx)).status, 'delivered');
  t.equal((await adapter.send(bsuidRef, { text: plain('Dove?'), requestLocation: { label: 'Posizione' } }, undefined, ctx)).status, 'delivered');
  t.equal((await adapter.send(bsuidRef, { text: plain('Allerta'), links: [{ label: 'Apri il link', url: 'https://example.org' }] }, undefined, ctx)).status, 'delivered');
  t.same(graph.sent.map((s) => (s.body.interactive as { type: string }).type), ['button', 'list', 'location_request_message', 'cta_url']);
});

t.test('image and document: uploaded once per account, the media id reused', async (t) => {
  const { graph, adapter } = await setup(t);
  let reads = 0;
  const image: MediaSource = { id: 'sha256-abc', mimeType: 'image/png', size: 4, fileName: 'avviso.png', read: async () => { reads++; return new Uint8Array([137, 80, 78, 71]); } };
  const pdf: MediaSource = { id: 'sha256-pdf', mimeType: 'application/pdf', size: 4, fileName: 'ordinanza.pdf', read: async () => new Uint8Array([37, 80, 68, 70]) };
  const ctx = { lastInboundAt: new Date() };
  const results = await Promise.all([1, 2, 3].map(() => adapter.send(bsuidRef, { text: plain('Avviso'), attachment: { kind: 'image', media: image } }, undefined, ctx)));
  t.ok(results.every((r) => r.status === 'delivered'));
  await adapter.send(phoneRef, { text: plain('Ordinanza'), attachment: { kind: 'document', media: pdf } }, undefined, ctx);
  await adapter.send(phoneRef, { attachment: { kind: 'image', media: image } }, undefined, ctx);
  t.equal(graph.uploads.length, 2, 'one upload per file, even for concurrent sends');
  t.equal(reads, 1);
  t.match(graph.sent[0]?.body, { type: 'image', image: { id: graph.uploads[0]?.id, caption: 'Avviso' } });
  t.match(graph.sent[3]?.body, { type: 'document', document: { id: graph.uploads[1]?.id, filename: 'ordinanza.pdf', caption: 'Ordinanza' } });
});

t.test('inbound media: the id is resolved and downloaded with the token; an expired URL is refused', async (t) => {
  const { graph, adapter } = await setup(t);
  const id = graph.addInboundMedia(new Uint8Array([1, 2, 3, 4]), 'image/jpeg');
  const { bytes, mimeType } = await adapter.api.downloadMedia(id);
  t.same([...bytes], [1, 2, 3, 4]);
  t.equal(mimeType, 'image/jpeg');
  const info = await adapter.api.mediaInfo(id);
  graph.advance(5 * 60_000 + 1);
  const stale = await fetch(info.url, { headers: { authorization: `Bearer ${secrets.token}` } });
  t.equal(stale.status, 404, 'a URL older than 5 minutes no longer works (the adapter always asks a fresh one)');
  t.same([...(await adapter.api.downloadMedia(id)).bytes], [1, 2, 3, 4]);
});

t.test('errors map to the core outcomes', async (t) => {
  const { graph, adapter } = await setup(t);
  const ctx = { lastInboundAt: new Date() };
  const cases: [number, object][] = [
    [130429, { status: 'rate-limited', retryAfterMs: 1000, scope: 'account' }],
    [131056, { status: 'rate-limited', retryAfterMs: 6000, scope: 'chat' }],
    [131047, { status: 'window-closed' }],
    [131026, { status: 'recipient-gone', reason: 'unknown' }],
    [131051, { status: 'permanent' }],
    [131009, { status: 'permanent' }],
    [131000, { status: 'transient' }],
  ];
  for (const [code, expected] of cases) {
    graph.failNext({ code });
    t.match(await adapter.send(bsuidRef, { text: plain('x') }, undefined, ctx), expected, `${code}`);
  }
  graph.failNext({ code: 1, status: 503 });
  t.match(await adapter.send(bsuidRef, { text: plain('x') }, undefined, ctx), { status: 'transient' }, '5xx → transient');
  const offline = new WhatsAppAdapter({ ...secrets, apiRoot: 'http://127.0.0.1:9/v26.0' });
  t.match(await offline.send(bsuidRef, { text: plain('x') }, undefined, ctx), { status: 'transient', reason: /unreachable/ }, 'network → transient');
  const wrongToken = new WhatsAppAdapter({ ...secrets, token: 'nope', apiRoot: graph.apiRoot });
  const refused = await wrongToken.send(bsuidRef, { text: plain('x') }, undefined, ctx);
  t.match(refused, { status: 'permanent' }, '4xx → permanent');
  t.notMatch(JSON.stringify(refused), /nope|test-token/, 'the token never appears in results');
});
