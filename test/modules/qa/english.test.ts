import t from 'tap';
import { Tenant } from '../../../core/internal.js';
import { buildQaApp } from '../../helpers/qa-app.js';
import { textOf } from '../../helpers/campanile.js';

const english = { question: 'When is the registry office open?', answer: 'The registry office is open Monday to Friday, 9 to 12.', phrasings: ['registry office opening hours', 'what time does the registry office open', 'when can I go to the registry office'] };
const anagrafe = {
  key: 'orari-anagrafe', question: "Quali sono gli orari dell'anagrafe?", answer: "L'anagrafe è aperta dal lunedì al venerdì, 9–12.",
  phrasings: ['orari anagrafe', "a che ora apre l'anagrafe", 'quando posso andare in anagrafe'], translations: { en: english },
};
const tari = { key: 'tari', question: 'Come pago la TARI?', answer: 'La TARI si paga con il modello F24.', phrasings: ['pagare la tari', 'tassa rifiuti scadenza', 'bollettino tari'] };

t.test('where English is enabled, an English speaker asks in English and is answered in English', async (t) => {
  const { memory, tenant, admin, train } = await buildQaApp(t);
  t.match(await admin('POST', '/entries', { body: anagrafe }), { status: 201, body: { translations: { en: english } } }, 'the English version is stored');
  t.equal((await admin('POST', '/entries', { body: tari })).status, 201);
  t.match((await train()).body, { current: { status: 'ready', phrasingCount: 4 + 4 + (1 + 3) } }, 'English question and phrasings are trained too');

  t.match(textOf(await memory.say(tenant, 'en-1', 'what time does the registry office open?', { locale: 'en-GB' })), /open Monday to Friday/, 'English question, English answer');
  t.match(textOf(await memory.say(tenant, 'it-1', "a che ora apre l'anagrafe?", { locale: 'it' })), /aperta dal lunedì/, 'Italian question, Italian answer');
  t.match(textOf(await memory.say(tenant, 'en-1', 'how do I pay the TARI? pagare la tari')), /modello F24/, 'an entry without English answers in Italian rather than not at all');

  const exported = (await admin('GET', '/export', { query: { format: 'json' } })).body as { content: string };
  t.match(JSON.parse(exported.content), { entries: [{ id: 'orari-anagrafe', translations: { en: english } }, { id: 'tari' }] }, 'JSON export keeps the translation');
  const csv = (await admin('GET', '/export', { query: { format: 'csv' } })).body as { content: string };
  t.match(csv.content, /registry office opening hours \| what time does the registry office open/, 'CSV export has the English phrasings');
  t.match(await admin('POST', '/import', { body: { format: 'csv', content: csv.content, mode: 'replace' } }), { status: 200, body: { updated: 2 } });
  t.match((await admin('GET', '/entries')).body, { items: [{ key: 'orari-anagrafe', translations: { en: english } }, { key: 'tari', translations: {} }] }, 'a CSV round trip keeps it');
});

t.test('a comune that does not enable English does not train English phrasings', async (t) => {
  const { app, admin, train } = await buildQaApp(t);
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  await em.nativeUpdate(Tenant, { id: app.defaultTenant.id }, { locales: ['it'] });
  t.equal((await admin('POST', '/entries', { body: anagrafe })).status, 201);
  t.equal((await admin('POST', '/entries', { body: tari })).status, 201);
  t.match((await train()).body, { current: { status: 'ready', phrasingCount: 4 + 4 } }, 'Italian phrasings only');
});

t.test('a malformed translation is refused with what to fix, and nothing is written', async (t) => {
  const { admin } = await buildQaApp(t);
  const cases: [unknown, RegExp][] = [
    [{ fr: { answer: 'Bonjour' } }, /only en is supported/],
    [{ en: { question: 'Opening hours?' } }, /translations\.en\.answer is required/],
    [{ en: { answer: 'Open 9–12.' } }, /needs the question or at least one phrasing/],
    [{ en: { answer: 'Open', phrasings: 'hours' } }, /phrasings must be a list/],
    [['en'], /translations must be an object/],
  ];
  for (const [translations, message] of cases) {
    t.match(await admin('POST', '/entries', { body: { ...anagrafe, translations } }), { status: 400, body: { code: 'QA_INVALID_ENTRY', message } }, message.source);
  }
  t.equal(((await admin('GET', '/entries')).body as { total: number }).total, 0, 'no entry was created');
});
