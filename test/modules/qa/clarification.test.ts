import t from 'tap';
import { buildQaApp } from '../../helpers/qa-app.js';
import { textOf } from '../../helpers/campanile.js';
import { trainModel } from '../../../modules/qa/nlp/index.js';
import type { QaTrainingEntry } from '../../../modules/qa/nlp/index.js';

type Suggestion = { id: number; phrasing: string; message: string; status: string; entry: { key: string } | null };
type Group = { id: number; status: string; clarifications: { offered: number; none: number; pending: number; chosen: { key: string; count: number }[] } };

const LIBRARY = [
  { key: 'orari-anagrafe', question: "Quali sono gli orari dell'anagrafe?", answer: "L'anagrafe è aperta dalle 9 alle 12.", phrasings: ['orari anagrafe', "quando apre l'anagrafe", 'anagrafe aperta il sabato', "a che ora chiude l'anagrafe"] },
  { key: 'carta-identita', question: "Come si fa la carta d'identità?", answer: "La carta d'identità si richiede su appuntamento.", phrasings: ["rinnovo carta d'identità", 'fare la carta di identità', 'carta identità elettronica', 'documento di identità scaduto'] },
  { key: 'tari', question: 'Come si paga la TARI?', answer: 'La TARI si paga con PagoPA.', phrasings: ['pagare la tari', 'scadenza tari', 'bollettino tassa rifiuti', 'tari rate'] },
  { key: 'biblioteca', question: 'Quali sono gli orari della biblioteca?', answer: 'La biblioteca è aperta dalle 15 alle 19.', phrasings: ['orari biblioteca', 'prestito libri', 'biblioteca aperta oggi', 'iscrizione biblioteca'] },
  { key: 'ingombranti', question: 'Come si smaltiscono gli ingombranti?', answer: 'Il ritiro degli ingombranti si prenota al numero verde.', phrasings: ['ritiro ingombranti', 'buttare un divano', 'vecchio materasso', 'smaltire mobili'] },
  { key: 'mensa', question: 'Come si paga la mensa scolastica?', answer: 'La mensa si paga dal portale dei servizi scolastici.', phrasings: ['pagare la mensa', 'buoni pasto mensa', 'ricarica mensa', 'mensa scolastica costo'] },
];

/**
 * Real training with fixed bands: the conversation flow is under test here, not the calibration, so
 * the middle band is made wide enough that a vague question lands in it on any machine.
 */
const wideBands = async (entries: readonly QaTrainingEntry[]) => ({
  ...(await trainModel(entries, { calibrate: false })),
  calibration: { method: 'default' as const, answer: 0.9, clarify: 0.05, folds: 0, inScopeSamples: 0, oosSamples: 0, expected: null },
});

t.test('a middle-confidence question gets "Forse intendevi…"; choosing an entry answers and suggests a phrasing; approving retrains', async (t) => {
  const { memory, tenant, admin, train, qa, app } = await buildQaApp(t, { train: wideBands });
  for (const entry of LIBRARY) t.equal((await admin('POST', '/entries', { body: entry })).status, 201);
  const trained = (await train()).body as { current: { version: number; phrasingCount: number; calibration: { answer: number; clarify: number } } };
  t.match(trained.current, { version: 1, calibration: { answer: 0.9, clarify: 0.05 } }, 'the model route returns the bands the model decides with');

  const message = 'Buongiorno, volevo sapere una cosa sugli orari, grazie';
  const model = await qa.models.current(app.services.tenants.scopedEm(app.defaultTenant.id), app.defaultTenant.id);
  const classified = await model?.classifier.classify(message);
  t.equal(classified?.decision, 'clarify', 'precondition: the question is in the middle band');
  t.equal(classified?.asked, 'una cosa sugli orari', 'greeting, filler and thanks are left out of what is classified');

  // Known people (a first message of any kind starts the welcome): the flow under test is the Q&A one.
  for (const person of ['300', '301']) await memory.say(tenant, person, '/start');
  const replies = await memory.say(tenant, '300', message);
  t.match(textOf(replies), /Forse intendevi/, 'the bot asks back');
  const choices = replies.at(-1)?.choices ?? [];
  t.ok(choices.length >= 2 && choices.length <= 4, 'up to 3 entries plus "Nessuna di queste"');
  t.equal(choices.at(-1)?.label, 'Nessuna di queste');
  const library = (await admin('GET', '/entries')).body as { items: { id: number; key: string }[] };
  const anagrafe = library.items.find((e) => e.key === 'orari-anagrafe');
  const pick = choices.find((c) => c.payload.endsWith(`:${anagrafe?.id}`));
  t.ok(pick, 'the anagrafe entry is one of the options');
  t.match(pick?.label, /orari dell'anagrafe/, 'options are labelled with the entry question');

  let inbox = (await admin('GET', '/inbox')).body as { items: Group[] };
  t.match(inbox.items, [{ status: 'uncertain', clarifications: { offered: 1, pending: 1, none: 0 } }], 'the clarification is in the inbox as uncertain');

  // Someone else's tap on this clarification is refused (the payload carries the question id).
  t.match(textOf(await memory.press(tenant, '301', pick?.payload ?? '')), /non è più disponibile/, "another person cannot answer someone's clarification");
  t.match(textOf(await memory.press(tenant, '300', pick?.payload ?? '')), /anagrafe è aperta dalle 9/, 'choosing an option answers with that entry');
  t.match(textOf(await memory.press(tenant, '300', pick?.payload ?? '')), /anagrafe è aperta dalle 9/, 'a second tap answers again');

  inbox = (await admin('GET', '/inbox')).body as { items: Group[] };
  t.match(inbox.items, [{ status: 'uncertain', clarifications: { offered: 1, pending: 0, chosen: [{ key: 'orari-anagrafe', count: 1 }] } }], 'the inbox shows what the person chose');
  const suggestions = (await admin('GET', '/suggestions')).body as { total: number; items: Suggestion[] };
  t.equal(suggestions.total, 1, 'one suggested phrasing (not one per tap)');
  t.match(suggestions.items[0], { phrasing: 'una cosa sugli orari', message: 'buongiorno, volevo sapere una cosa sugli orari, grazie', status: 'pending', entry: { key: 'orari-anagrafe' } });

  // Approving adds the phrasing and retrains in one click.
  const approved = await admin('POST', '/suggestions/:id/approve', { params: { id: suggestions.items[0]?.id } });
  t.equal(approved.status, 200);
  t.match(approved.body, { entry: { key: 'orari-anagrafe' }, suggestion: { status: 'approved' }, training: { version: 2, status: 'training' } }, 'approve starts a training run');
  t.ok((approved.body as { entry: { phrasings: string[] } }).entry.phrasings.includes('una cosa sugli orari'), 'the phrasing is added to the entry');
  await qa.trainer.whenIdle(app.defaultTenant.id);
  t.match((await admin('GET', '/model')).body, { current: { version: 2, phrasingCount: trained.current.phrasingCount + 1 } }, 'the new model is trained with it');
  t.match(await admin('POST', '/suggestions/:id/approve', { params: { id: suggestions.items[0]?.id } }), { status: 409, body: { code: 'QA_SUGGESTION_DONE' } }, 'approving twice is refused');
  t.match(await admin('POST', '/suggestions/:id/approve', { params: { id: 99999 } }), { status: 404, body: { code: 'QA_NOT_FOUND' } });
  t.equal(((await admin('GET', '/inbox', { query: { status: 'done' } })).body as { total: number }).total, 1, 'the group is handled');
});

t.test('"Nessuna di queste" logs it, offers the menu and the fallback hook', async (t) => {
  const { memory, tenant, admin, train } = await buildQaApp(t, {
    train: wideBands,
    // A module that offers something with every fallback, as handoff offers a person to talk to.
    alongside: [{ name: 'hook', setup: (api) => api.fallbackOffer(() => ({ label: 'operatore', payload: 'hook:start' })) }],
  });
  for (const entry of LIBRARY) await admin('POST', '/entries', { body: entry });
  await train();
  await memory.say(tenant, '400', '/start');
  const replies = await memory.say(tenant, '400', 'informazioni sugli orari per favore');
  const none = replies.at(-1)?.choices?.at(-1);
  t.equal(none?.label, 'Nessuna di queste');
  const after = await memory.press(tenant, '400', none?.payload ?? '');
  t.match(textOf(after), /ho inoltrato la tua domanda/, 'a polite reply');
  const choices = after.at(-1)?.choices ?? [];
  t.ok(choices.some((c) => c.payload === 'base:categories'), 'the menu is offered');
  t.equal(choices[0]?.label, 'operatore', "another module's fallback offer comes first");
  const inbox = (await admin('GET', '/inbox')).body as { items: Group[] };
  t.match(inbox.items, [{ status: 'new', clarifications: { offered: 1, none: 1, pending: 0 } }], 'logged: the question is back among the ones to handle');
  t.equal(((await admin('GET', '/suggestions')).body as { total: number }).total, 0, 'no suggestion');
});

t.test('training calibrates the bands from the library itself and the model route returns them', async (t) => {
  const { admin, train } = await buildQaApp(t);
  for (const entry of LIBRARY) await admin('POST', '/entries', { body: entry });
  const body = (await train()).body as { current: { calibration: { method: string; answer: number; clarify: number; folds: number; inScopeSamples: number } } };
  const c = body.current.calibration;
  t.equal(c.method, 'cross-validation');
  t.equal(c.folds, 3);
  t.ok(c.inScopeSamples > 0, 'held-out phrasings were scored');
  t.ok(c.clarify > 0 && c.clarify <= c.answer && c.answer < 1, `bands ${c.clarify} ≤ ${c.answer}`);
});
