import t from 'tap';
import { baseModule } from '../../../modules/base/index.js';
import { createQaModule } from '../../../modules/qa/index.js';
import { buildApp, textOf } from '../../helpers/campanile.js';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

type Summary = { id: number; state: string; operatorId: number | null; rating: number | null; lastMessage: { text: string | null } | null };
type Detail = { conversation: Summary; messages: { direction: string; kind: string; text: string | null; mediaId: string | null }[]; notes: { text: string }[]; context: { direction: string; text: string }[] };

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('a photo of a pothole')]);

t.test('ask → waiting → taken through the API → messages both ways in order → close → rating → back to the bot', async (t) => {
  const { memory, tenant, call, campanile } = await buildHandoffApp(t);
  const chat = '500';
  await memory.say(tenant, chat, '/start');
  t.equal((await call('PUT', '/presence', { status: 'online' })).statusCode, 200, 'the operator is online');
  t.equal((await call('PATCH', '/settings', { rating: 'stars' }, { role: 'mayor' })).statusCode, 200, 'the comune offers a rating');

  const asked = await memory.say(tenant, chat, "Buongiorno, vorrei parlare con un'operatore... anzi: voglio parlare con una persona!");
  t.match(textOf(asked), /un operatore ti risponderà a breve/, 'the phrase is recognised and the person told someone is online');
  t.same(await memory.say(tenant, chat, 'Ho un problema con la TARI'), [], 'while waiting, the bot does not answer');
  const photo = await memory.deliver({ ...memory.base(tenant, chat), kind: 'media', caption: 'la buca', media: { kind: 'photo', mimeType: 'image/png', fileName: 'buca.png', fetch: async () => new Uint8Array(PNG) } });
  t.same(photo, [], 'a photo goes to the operator too');
  await memory.deliver({ ...memory.base(tenant, chat), kind: 'location', latitude: 45.1, longitude: 9.2 });
  t.match(textOf(await memory.say(tenant, chat, '/operatore')), /Sei già in contatto/, 'asking again: already in touch');

  const inbox = (await call('GET', '/conversations')).json() as { items: Summary[] };
  t.equal(inbox.items.length, 1, 'one conversation in the inbox');
  const id = inbox.items[0]?.id ?? 0;
  t.match(inbox.items[0], { state: 'waiting', operatorId: null, lastMessage: { text: null } }, 'waiting, last message the location');

  // Two operators take it at the same moment: one wins, the other gets 409.
  const [a, b] = await Promise.all([call('POST', `/conversations/${id}/take`), call('POST', `/conversations/${id}/take`, undefined, { role: 'mayor' })]);
  t.same([a.statusCode, b.statusCode].sort(), [200, 409], 'one take wins, the other is refused');
  const winner = a.statusCode === 200 ? 'operator' : 'mayor';
  const loser = winner === 'operator' ? 'mayor' : 'operator';
  t.match((a.statusCode === 409 ? a : b).json(), { code: 'conflict', message: /live with operator/ }, 'the loser is told who has it');
  t.match(textOf(memory.sent.filter((s) => s.ref.chatId === chat).map((s) => s.message)), /Ora stai parlando con un operatore/, 'the person is told');

  const before = memory.sent.length;
  const replied = await call('POST', `/conversations/${id}/reply`, { text: 'Buongiorno, mi dica pure.' }, { role: winner });
  t.equal(replied.statusCode, 201, replied.body);
  t.equal(replied.json().delivery, 'delivered');
  t.same(memory.sent.slice(before).map((s) => [s.ref.chatId, textOf([s.message])]), [[chat, 'Buongiorno, mi dica pure.']], "the answer arrives in the person's chat");
  t.same(await memory.say(tenant, chat, 'Grazie, la bolletta è doppia'), [], 'live: the bot stays silent');

  t.match((await call('POST', `/conversations/${id}/reply`, { text: 'io' }, { role: loser })).json(), { code: 'conflict', message: /ask them to transfer/ }, 'another operator cannot answer');
  t.equal((await call('POST', `/conversations/${id}/reply`, { text: '   ' }, { role: winner })).statusCode, 400, 'an empty reply is refused');
  t.equal((await call('POST', `/conversations/${id}/reply`, { mediaId: 'nope' }, { role: winner })).statusCode, 400, 'an unknown file is refused');
  t.equal((await call('POST', `/conversations/${id}/notes`, { text: 'Verificare con ufficio tributi' }, { role: winner })).statusCode, 201, 'a note');
  const canned = await call('POST', '/canned-replies', { title: 'Saluti', text: 'Il {comune} la ringrazia. {operatore}' }, { role: winner });
  t.equal(canned.statusCode, 201);
  t.equal((await call('POST', '/canned-replies', { title: 'Saluti', text: 'doppione' })).statusCode, 409, 'canned titles are unique');
  const sentCanned = await call('POST', `/conversations/${id}/reply`, { cannedReplyId: canned.json().id }, { role: winner });
  t.match(sentCanned.json(), { message: { text: /^Il Comune di Esempio la ringrazia\. \S+@test\.example$/ } }, 'placeholders filled');

  const detail = (await call('GET', `/conversations/${id}`)).json() as Detail;
  t.same(detail.messages.map((m) => [m.direction, m.kind, m.text]), [
    ['in', 'text', "Buongiorno, vorrei parlare con un'operatore... anzi: voglio parlare con una persona!"],
    ['in', 'text', 'Ho un problema con la TARI'],
    ['in', 'photo', 'la buca'],
    ['in', 'location', null],
    ['out', 'text', 'Buongiorno, mi dica pure.'],
    ['in', 'text', 'Grazie, la bolletta è doppia'],
    ['out', 'text', detail.messages[6]?.text ?? ''],
  ], 'both ways, in order');
  t.ok(detail.messages[2]?.mediaId, 'the photo is a media id of the comune');
  t.same(detail.notes.map((n) => n.text), ['Verificare con ufficio tributi']);
  t.ok(detail.context.some((c) => c.direction === 'in' && c.text.includes('/start')), "the person's earlier bot exchange is the context");

  // Close: the person is told, offered a rating, and is back with the bot.
  const closedAt = memory.sent.length;
  t.equal((await call('POST', `/conversations/${id}/close`, undefined, { role: winner })).statusCode, 200);
  const closing = memory.sent.slice(closedAt).map((s) => s.message);
  t.match(textOf(closing), /L'operatore ha chiuso la conversazione[\s\S]*Come valuti/, 'closed and asked to rate');
  t.same(closing.at(-1)?.choices?.map((c) => c.payload), [1, 2, 3, 4, 5].map((n) => `handoff:rate:${id}:${n}`), 'five rating buttons');
  t.match(textOf(await memory.press(tenant, chat, `handoff:rate:${id}:4`)), /Grazie per la tua valutazione/);
  t.match(textOf(await memory.press(tenant, chat, `handoff:rate:${id}:1`)), /non è più disponibile/, 'rated once');
  t.equal(((await call('GET', `/conversations/${id}`)).json() as Detail).conversation.rating, 4, 'the rating is stored');
  t.match((await call('POST', `/conversations/${id}/reply`, { text: 'ancora' }, { role: winner })).json(), { code: 'conflict', message: /is closed/ }, 'a closed conversation cannot be answered (409)');
  t.match(textOf(await memory.say(tenant, chat, 'ciao di nuovo')), /Non ho capito|non ho capito|capito/i, 'back to the bot');

  // Another comune's operator does not see it.
  t.equal((await call('GET', `/conversations/${id}`, undefined, { tenant: 'altro' })).statusCode, 404, 'foreign conversation: 404');
  t.equal((await call('POST', `/conversations/${id}/reply`, { text: 'x' }, { tenant: 'altro' })).statusCode, 404);
  t.equal((await call('GET', '/conversations', undefined, { role: 'editor' })).statusCode, 403, 'a role without handoff.read is refused');
  const stats = (await call('GET', '/stats')).json() as { ratings: { count: number; average: number }; now: { waiting: number } };
  t.match(stats, { ratings: { count: 1, average: 4 }, now: { waiting: 0 } }, 'the stats count the rating');
  void campanile;
});

t.test('nobody online, or outside office hours: deferred with the next opening time; /fine leaves', async (t) => {
  // Saturday 5 December 2026, 18:00 in Rome.
  let now = new Date('2026-12-05T17:00:00Z');
  const { memory, tenant, call } = await buildHandoffApp(t, { now: () => now });
  const deferred = await memory.say(tenant, '600', '/operatore');
  t.match(textOf(deferred), /non c'è un operatore disponibile[\s\S]*appena possibile/, 'no office hours set, nobody online: deferred');
  t.match(textOf(await memory.say(tenant, '600', '/fine')), /Hai chiuso la conversazione/, '/fine leaves');
  t.match(textOf(await memory.say(tenant, '600', '/fine')), /Non sei in contatto/, 'then nothing to leave');

  await call('PATCH', '/settings', { officeHours: { mon: [['09:00', '12:30']], wed: [['15:00', '17:00']] } });
  await call('PUT', '/presence', { status: 'online' });
  const outside = await memory.press(tenant, '601', 'handoff:request');
  t.match(textOf(outside), /a partire da lunedì 7 dicembre/, 'outside office hours: the next opening, in Italian');
  t.match(textOf(outside), /09:00/);
  const english = await memory.say(tenant, '602', '/human', { locale: 'en' });
  t.match(textOf(english), /non c'è un operatore|No operator/, 'the English command works');
  const list = (await call('GET', '/conversations')).json() as { items: Summary[] };
  t.same(list.items.map((i) => i.state), ['deferred', 'deferred'], 'both deferred, their messages kept');

  // Monday 10:00: open and someone online → waiting.
  now = new Date('2026-12-07T09:00:00Z');
  await call('PUT', '/presence', { status: 'online' });
  t.match(textOf(await memory.say(tenant, '603', 'voglio parlare con una persona')), /ti risponderà a breve/, 'within hours: waiting');
  // An operator set away does not count.
  await call('PUT', '/presence', { status: 'away' });
  t.match(textOf(await memory.say(tenant, '604', 'voglio parlare con una persona')), /non c'è un operatore/, 'away: deferred');
});

t.test('a flooding citizen is slowed down politely; nothing already sent is lost', async (t) => {
  const { memory, tenant, call } = await buildHandoffApp(t);
  await call('PATCH', '/settings', { floodPerMinute: 3 });
  await memory.say(tenant, '700', '/operatore');
  for (const n of [1, 2, 3]) t.same(await memory.say(tenant, '700', `messaggio ${n}`), []);
  t.match(textOf(await memory.say(tenant, '700', 'messaggio 4')), /molti messaggi in poco tempo/, 'the 4th within a minute is refused politely');
  const id = ((await call('GET', '/conversations')).json() as { items: Summary[] }).items[0]?.id;
  const detail = (await call('GET', `/conversations/${id}`)).json() as Detail;
  t.same(detail.messages.map((m) => m.text), ['messaggio 1', 'messaggio 2', 'messaggio 3'], 'the first three are kept');
  t.match(textOf(await memory.say(tenant, '700', '/cancella')), /Vuoi cancellare tutti i tuoi dati/, '/cancella still reaches the base module');
  t.match(textOf(await memory.press(tenant, '700', 'base:erase:yes')), /cancellato tutti i tuoi dati/);
  t.equal((await call('GET', `/conversations/${id}`)).statusCode, 404, 'erasure removed the conversation and its messages');
});

t.test('the Q&A fallback offers a person; the handoff phrase wins over Q&A; without handoff nothing is offered', async (t) => {
  const { memory, tenant } = await buildHandoffApp(t, { modules: (handoff) => [baseModule, handoff, createQaModule()] });
  await memory.say(tenant, '950', '/start'); // a known person: the fallback is the last message
  const unknown = await memory.say(tenant, '950', 'dove si noleggiano le biciclette elettriche?');
  t.match(textOf(unknown), /non ho una risposta sicura/, 'the Q&A does not know');
  t.same(unknown.at(-1)?.choices?.[0], { label: 'Parla con un operatore', payload: 'handoff:request' }, 'first choice: talk to an operator');
  t.ok(unknown.at(-1)?.choices?.some((c) => c.payload === 'base:categories'), 'the menu follows');
  t.match(textOf(await memory.press(tenant, '950', 'handoff:request')), /non c'è un operatore disponibile/, 'pressing it opens a handoff');
  t.same(await memory.say(tenant, '950', 'dove si noleggiano le biciclette elettriche?'), [], 'now the question goes to the operator, not to the Q&A');
  t.match(textOf(await memory.say(tenant, '951', 'voglio parlare con una persona')), /non c'è un operatore/, 'the phrase is the handoff, not a Q&A question');

  const { memory: alone, tenant: slug } = await buildApp(t, { modules: [baseModule, createQaModule()] });
  const without = await alone.say(slug, '952', 'dove si noleggiano le biciclette elettriche?');
  t.notOk(without.at(-1)?.choices?.some((c) => c.payload.startsWith('handoff:')), 'no handoff module: no offer, and the Q&A does not need it');
});
