import t from 'tap';
import { fromWhatsApp, toWhatsApp, toWhatsAppText, templateBody, type WaWebhook } from '../../../adapters/whatsapp/index.js';
import { markup, plain, type InboundEvent, type OutboundMessage } from '../../../core/internal.js';
import { payload, type PayloadName } from '../../fakes/whatsapp/webhooks.js';

const context = { tenant: 'esempio', account: 'default', phoneNumberId: '106540352242922', fetchMedia: async () => new Uint8Array([1, 2, 3]) };
const parse = (name: PayloadName, edit?: (m: any) => void): InboundEvent[] => fromWhatsApp(payload(name, edit) as WaWebhook, context);

t.test('text: id is the wamid, identity is the BSUID, the phone is not the key', async (t) => {
  const [event] = parse('text');
  t.equal(event?.type, 'message');
  if (event?.type !== 'message' || event.kind !== 'text') return t.fail('expected a text');
  t.equal(event.text, 'Ciao, vorrei informazioni');
  t.equal(event.id, 'wamid.HBgLMzkzMzMxMjM0NTY3FQIAEhgUM0FCMTAwMDAwMDAwMDAwMDAwMDEA');
  t.same(event.ref, { tenant: 'esempio', channel: 'whatsapp', account: 'default', chatId: 'IT.13491208655302741918', extra: { recipient: 'bsuid' } });
  t.equal(event.from.id, 'IT.13491208655302741918');
  t.equal(event.from.displayName, 'Sheena Nelson');
  t.notMatch(JSON.stringify(event.ref), /393331234567/, 'the phone number is not in the stored address');
  t.ok(Math.abs(event.receivedAt.getTime() - Date.now()) < 5000, 'receivedAt is the webhook timestamp');
});

t.test('text from a user without a phone number (BSUID only) and without BSUID (wa_id only)', async (t) => {
  const [bsuid] = parse('text-bsuid-only');
  t.equal(bsuid?.ref.chatId, 'IT.88001122334455667788');
  t.equal(bsuid?.type === 'message' ? bsuid.from.displayName : '', 'Luca');
  const [legacy] = fromWhatsApp(payload('text', (_m, value) => { delete value.contacts[0].user_id; }) as WaWebhook, context);
  t.same(legacy?.ref.extra, { recipient: 'wa_id' });
  t.equal(legacy?.ref.chatId, '393331234567', 'before BSUIDs, the WhatsApp id is the key');
});

t.test('/commands typed as text become commands', async (t) => {
  const [event] = parse('text-command');
  t.match(event, { kind: 'command', command: 'start', argument: 'cat_eventi' });
});

t.test('interactive replies and template quick replies become buttons with the carrying message id', async (t) => {
  t.match(parse('button-reply')[0], { kind: 'button', payload: 'base:erase:yes', messageId: 'wamid.HBgLMzkzMzMxMjM0NTY3FQIAERgSQUJDREVGMDEyMzQ1Njc4OQA=' });
  t.match(parse('list-reply')[0], { kind: 'button', payload: 'base:toggle:3' });
  t.match(parse('template-quick-reply')[0], { kind: 'button', payload: 'base:categories' });
});

t.test('location, contacts, unsupported', async (t) => {
  t.match(parse('location')[0], { kind: 'location', latitude: 46.0679, longitude: 11.1211 });
  t.match(parse('contacts')[0], { kind: 'contact', name: 'Ufficio Tecnico', phone: '+39 0461 123456' });
  t.match(parse('unsupported')[0], { kind: 'unsupported', what: 'unsupported:131051' });
  t.same(parse('text', (m) => { m.type = 'reaction'; m.reaction = { message_id: 'x', emoji: '👍' }; }), [], 'reactions need no reply');
});

t.test('image: lazy fetch through the media id, downloaded once', async (t) => {
  let calls = 0;
  const events = fromWhatsApp(payload('image', (m) => { m.image.id = '4242'; }) as WaWebhook, { ...context, fetchMedia: async (id) => { calls++; t.equal(id, '4242'); return new Uint8Array([9]); } });
  const event = events[0];
  if (event?.type !== 'message' || event.kind !== 'media') return t.fail('expected media');
  t.equal(event.media.kind, 'photo');
  t.equal(event.media.mimeType, 'image/jpeg');
  t.equal(event.caption, 'Buca in via Roma');
  t.equal(calls, 0, 'nothing downloaded until asked');
  await Promise.all([event.media.fetch(), event.media.fetch()]);
  t.equal(calls, 1, 'two readers, one download');
});

t.test('statuses become delivery-status events; failed carries the reason', async (t) => {
  t.match(parse('status-sent')[0], { type: 'event', kind: 'delivery-status', status: 'sent', messageId: 'wamid.HBgLMzkzMzMxMjM0NTY3FQIAERgSOUEzQ0E1QjNENENENkUzOTcA', ref: { chatId: 'IT.13491208655302741918' } });
  t.match(parse('status-delivered')[0], { status: 'delivered' });
  t.match(parse('status-read')[0], { status: 'read' });
  t.match(parse('status-failed-131047')[0], { status: 'failed', reason: 'window-closed' });
  t.notSame(parse('status-sent')[0]?.id, parse('status-read')[0]?.id, 'each status is its own event');
});

t.test('changes for another business number or another object are ignored', async (t) => {
  t.same(fromWhatsApp(payload('text', (_m, value) => { value.metadata.phone_number_id = '999'; }) as WaWebhook, context), []);
  t.same(fromWhatsApp({ object: 'page', entry: [] }, context), []);
});

// --- outbound -------------------------------------------------------------------------------------

const bodies = (message: OutboundMessage) => toWhatsApp(message).map((p) => (p.kind === 'body' ? p.body : { media: p.attachment.media.id, caption: p.caption }));

t.test('formatted text → WhatsApp markup', async (t) => {
  t.equal(toWhatsAppText(markup('Benvenuto in *Comune di Esempio*, _leggi_ [qui](https://example.org)')), 'Benvenuto in *Comune di Esempio*, _leggi_ qui (https://example.org)');
  t.equal(toWhatsAppText([{ text: 'ciao ', bold: true }, { text: 'mondo' }]), '*ciao* mondo', 'spaces stay outside the markers');
  t.equal(toWhatsAppText([{ text: 'https://x.it', href: 'https://x.it' }]), 'https://x.it', 'a bare link is not repeated');
});

t.test('choices: ≤ 3 short → reply buttons; ≤ 10 → list; more → numbered text', async (t) => {
  const choice = (n: number, label = `Opzione ${n}`) => ({ label, payload: `m:a:${n}` });
  const [buttons] = bodies({ text: plain('Confermi?'), choices: [choice(1, 'Sì'), { ...choice(2, 'No'), selected: true }] });
  t.match(buttons, { type: 'interactive', interactive: { type: 'button', body: { text: 'Confermi?' }, action: { buttons: [{ type: 'reply', reply: { id: 'm:a:1', title: 'Sì' } }, { reply: { title: '✅ No' } }] } } });

  const eight = Array.from({ length: 8 }, (_, i) => choice(i + 1, i === 0 ? 'Sicurezza e decoro urbano e altro' : `Categoria ${i + 1}`));
  const [list] = bodies({ text: plain('Scegli le categorie'), choices: eight });
  t.match(list, { type: 'interactive', interactive: { type: 'list', action: { button: 'Scegli' } } });
  const rows = (list as any).interactive.action.sections[0].rows;
  t.equal(rows.length, 8);
  t.equal(rows[0].title.length, 24, 'a long label is truncated to 24');
  t.equal(rows[0].description, 'Sicurezza e decoro urbano e altro', 'and kept whole in the description');

  const twelve = Array.from({ length: 12 }, (_, i) => choice(i + 1));
  const numbered = bodies({ text: plain('Archivio'), choices: twelve });
  t.equal(numbered.length, 1);
  t.match((numbered[0] as any).text.body, /^Archivio\n\n1\. Opzione 1\n2\. Opzione 2[\s\S]*12\. Opzione 12\n\nRispondi con il numero/);

  const [longLabels] = bodies({ text: plain('x'), choices: [choice(1, 'Una scelta molto lunga davvero'), choice(2)] });
  t.equal((longLabels as any).interactive.type, 'list', 'labels over 20 chars use a list even with ≤ 3 choices');
});

t.test('long text goes first; the interactive carries the last chunk that fits its body', async (t) => {
  const long = 'parola '.repeat(700).trim();
  const parts = bodies({ text: plain(long), choices: [{ label: 'Ok', payload: 'm:ok' }] });
  t.ok(parts.length >= 2);
  t.equal((parts.at(-1) as any).type, 'interactive');
  t.ok((parts.at(-1) as any).interactive.body.text.length <= 1024);
  for (const part of parts.slice(0, -1)) t.ok((part as any).text.body.length <= 4096);
});

t.test('links: one short link alone → CTA URL; otherwise written into the text', async (t) => {
  const [cta] = bodies({ text: plain('Allerta meteo'), links: [{ label: 'Apri il link', url: 'https://example.org/allerta' }] });
  t.match(cta, { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Allerta meteo' }, action: { name: 'cta_url', parameters: { display_text: 'Apri il link', url: 'https://example.org/allerta' } } } });
  const [inline] = bodies({ text: plain('Due link'), links: [{ label: 'A', url: 'https://a.it' }, { label: 'B', url: 'https://b.it' }] });
  t.match(inline, { type: 'text', text: { body: 'Due link\n\nA: https://a.it\nB: https://b.it', preview_url: true } });
});

t.test('location request, media with caption, template', async (t) => {
  t.match(bodies({ text: plain('Dove si trova?'), requestLocation: { label: 'Invia posizione' } })[0], { interactive: { type: 'location_request_message', body: { text: 'Dove si trova?' }, action: { name: 'send_location' } } });
  const source = { id: 'sha-1', mimeType: 'image/png', size: 3, fileName: 'a.png', read: async () => new Uint8Array(3) };
  t.same(bodies({ text: plain('Foto'), attachment: { kind: 'image', media: source } }), [{ media: 'sha-1', caption: 'Foto' }], 'the text becomes the caption');
  t.same(templateBody({ name: 'nuovo_avviso', language: 'it', variables: ['Comune di Esempio', 'Strada\nchiusa     oggi'] }), {
    type: 'template',
    template: { name: 'nuovo_avviso', language: { code: 'it' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Comune di Esempio' }, { type: 'text', text: 'Strada chiusa   oggi' }] }] },
  }, 'parameters lose newlines and long runs of spaces');
});
