import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { Bot, GrammyError, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import {
  callbackQueryUpdate,
  createFakeTelegram,
  createManualClock,
  documentUpdate,
  locationUpdate,
  myChatMemberUpdate,
  photoUpdate,
  startUpdate,
  textUpdate,
  videoUpdate,
  voiceUpdate,
  type FakeTelegram,
  type FakeTelegramOptions,
} from './index.js';

const token = '123456:TEST-token';
const citizen = 1000001;

async function setup(t: { teardown(fn: () => unknown): void }, options: Partial<FakeTelegramOptions> = {}): Promise<{ fake: FakeTelegram; bot: Bot }> {
  const fake = await createFakeTelegram({ token, limits: false, ...options });
  t.teardown(() => fake.close());
  const bot = new Bot(token, { client: { apiRoot: fake.apiRoot } });
  return { fake, bot };
}

/** Awaits a call that must fail and returns its GrammyError. */
async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  throw new Error('expected the Bot API call to fail, it succeeded');
}

t.test('URL shape, getMe, 401 and 404 like api.telegram.org', async (t) => {
  const { fake, bot } = await setup(t);
  const me = await bot.api.getMe();
  t.equal(me.id, 123456);
  t.equal(me.is_bot, true);

  const stranger = new Bot('999:WRONG', { client: { apiRoot: fake.apiRoot } });
  const unauthorized = await apiError(stranger.api.getMe());
  t.equal(unauthorized.error_code, 401);
  t.equal(unauthorized.description, 'Unauthorized');

  const notFound = await fetch(`${fake.apiRoot}/bot${token}/noSuchMethod`, { method: 'POST' });
  t.equal(notFound.status, 404);
  t.same(await notFound.json(), { ok: false, error_code: 404, description: 'Not Found' });

  // GET with a query string, method names case-insensitive, as on Telegram.
  fake.chats.add(citizen);
  const viaGet = await fetch(`${fake.apiRoot}/bot${token}/sendmessage?chat_id=${citizen}&text=ciao`);
  t.equal(viaGet.status, 200);
  const body = (await viaGet.json()) as { ok: boolean; result: { text: string } };
  t.equal(body.ok, true);
  t.equal(body.result.text, 'ciao');

  // url-encoded body
  const form = await fetch(`${fake.apiRoot}/bot${token}/sendMessage`, {
    method: 'POST',
    body: new URLSearchParams({ chat_id: String(citizen), text: 'modulo', reply_markup: '{"inline_keyboard":[[{"text":"Sì","callback_data":"y"}]]}' }),
  });
  t.equal(form.status, 200);
  t.same(fake.sentMessages.at(-1)?.replyMarkup, { inline_keyboard: [[{ text: 'Sì', callback_data: 'y' }]] });
  t.equal(fake.stats().calls.sendMessage, 2);
});

t.test('sendMessage validation: chat, text length, HTML entities, keyboards', async (t) => {
  const { fake, bot } = await setup(t);
  const unknown = await apiError(bot.api.sendMessage(citizen, 'Ciao'));
  t.equal(unknown.error_code, 400);
  t.equal(unknown.description, 'Bad Request: chat not found');

  fake.pushUpdate(startUpdate('qr_piazza')); // the citizen wrote first: the chat is now known
  const sent = await bot.api.sendMessage(citizen, '<b>Avviso</b> &lt;importante&gt; &amp; urgente', { parse_mode: 'HTML' });
  t.equal(sent.text, 'Avviso <importante> & urgente');
  t.equal(sent.chat.id, citizen);
  t.match(fake.sentMessages[0], { seq: 0, method: 'sendMessage', chatId: citizen, text: 'Avviso <importante> & urgente', parseMode: 'HTML' });
  t.type(fake.sentMessages[0]?.at, 'number');

  t.equal((await apiError(bot.api.sendMessage(citizen, '   '))).description, 'Bad Request: message text is empty');
  t.equal((await apiError(bot.api.sendMessage(citizen, 'x'.repeat(4097)))).description, 'Bad Request: message is too long');
  // the limit applies after entity parsing: markup does not count
  await bot.api.sendMessage(citizen, `<b>${'x'.repeat(4096)}</b>`, { parse_mode: 'HTML' });

  const cases: Array<[string, string]> = [
    ['<b>non chiuso', `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`],
    ['ciao <p>x</p>', `Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 5`],
    ['è <b><i>x</b></i>', `Bad Request: can't parse entities: Unmatched end tag at byte offset 10, expected "</i>", found "</b>"`],
    ['x</b>', `Bad Request: can't parse entities: Unexpected end tag at byte offset 1`],
    ['<span>x</span>', `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`],
  ];
  for (const [html, description] of cases) {
    const error = await apiError(bot.api.sendMessage(citizen, html, { parse_mode: 'HTML' }));
    t.equal(error.error_code, 400, html);
    t.equal(error.description, description, html);
  }
  const allowed = '<strong>a</strong><em>b</em><ins>c</ins><s>d</s><del>e</del><a href="https://comune.it">f</a><code>g</code><pre>h</pre><tg-spoiler>i</tg-spoiler><span class="tg-spoiler">j</span><blockquote>k</blockquote>';
  t.equal((await bot.api.sendMessage(citizen, allowed, { parse_mode: 'HTML' })).text, 'abcdefghijk');
  t.match((await apiError(bot.api.sendMessage(citizen, 'Fine.', { parse_mode: 'MarkdownV2' }))).description, /Character '\.' is reserved/);

  const tooLongData = await apiError(
    bot.api.sendMessage(citizen, 'Scegli', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'é'.repeat(33) }]] } }),
  );
  t.equal(tooLongData.description, 'Bad Request: BUTTON_DATA_INVALID');
  const withKeyboard = await bot.api.sendMessage(citizen, 'Dove si trova?', {
    reply_markup: { keyboard: [[{ text: 'Invia posizione', request_location: true }]], resize_keyboard: true, one_time_keyboard: true },
  });
  t.equal(withKeyboard.reply_markup, undefined, 'reply keyboards are not echoed in Message');
  t.same(fake.sentMessages.at(-1)?.replyMarkup, {
    keyboard: [[{ text: 'Invia posizione', request_location: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  });
});

t.test('scripted chats: blocked, deactivated, kicked, migrated; injected 502s', async (t) => {
  const { fake, bot } = await setup(t);
  fake.chats.add(1);
  fake.chats.add(2);
  fake.chats.add(3);
  fake.chats.add({ id: -4001, type: 'group', title: 'Protezione civile' });
  fake.chats.block(1);
  fake.chats.deactivate(2);
  fake.chats.migrate(-4001, -1001234567890);

  const blocked = await apiError(bot.api.sendMessage(1, 'x'));
  t.equal(blocked.error_code, 403);
  t.equal(blocked.description, 'Forbidden: bot was blocked by the user');
  const deactivated = await apiError(bot.api.sendMessage(2, 'x'));
  t.equal(deactivated.error_code, 403);
  t.equal(deactivated.description, 'Forbidden: user is deactivated');
  const migrated = await apiError(bot.api.sendMessage(-4001, 'x'));
  t.equal(migrated.error_code, 400);
  t.equal(migrated.description, 'Bad Request: group chat was upgraded to a supergroup chat');
  t.equal(migrated.parameters.migrate_to_chat_id, -1001234567890);
  await bot.api.sendMessage(-1001234567890, 'nuovo gruppo');
  fake.chats.kick(-1001234567890);
  t.equal((await apiError(bot.api.sendMessage(-1001234567890, 'x'))).description, 'Forbidden: bot was kicked from the supergroup chat');
  fake.chats.restore(1);
  await bot.api.sendMessage(1, 'di nuovo');

  fake.failNext('sendMessage', 2);
  t.equal((await apiError(bot.api.sendMessage(3, 'a'))).error_code, 502);
  const second = await apiError(bot.api.sendMessage(3, 'a'));
  t.equal(second.description, 'Bad Gateway');
  t.equal((await bot.api.sendMessage(3, 'a')).text, 'a');
  t.equal(fake.sentMessages.filter((m) => m.chatId === 3).length, 1);
  t.equal(fake.stats().calls.sendMessage, 9);
});

t.test('latency is added to every call', async (t) => {
  const { fake, bot } = await setup(t, { latencyMs: 40 });
  const started = performance.now();
  await bot.api.getMe();
  t.ok(performance.now() - started >= 35);
  fake.setLatency(0);
  fake.setLatency(30, 'getMe');
  const again = performance.now();
  await bot.api.getMe();
  t.ok(performance.now() - again >= 25);
});

t.test('rate limits: sliding 1-s window per bot, 1 msg/s per chat, 20/min per group', async (t) => {
  const clock = createManualClock(10_000);
  const { fake, bot } = await setup(t, { clock, limits: { perBotPerSecond: 5, perChatPerSecond: 100, perGroupPerMinute: 3 }, acceptUnknownChats: true });

  for (let chat = 1; chat <= 5; chat += 1) await bot.api.sendMessage(chat, 'avviso');
  const refused = await apiError(bot.api.sendMessage(6, 'avviso'));
  t.equal(refused.error_code, 429);
  t.equal(refused.description, 'Too Many Requests: retry after 1');
  t.equal(refused.parameters.retry_after, 1);

  clock.advance(999);
  t.equal((await apiError(bot.api.sendMessage(6, 'avviso'))).error_code, 429, 'still inside the window');
  clock.advance(1);
  await bot.api.sendMessage(6, 'avviso'); // the five from t=10000 left (t-1000, t]

  // Sliding, not fixed: 4 more at t=11500 would make 5 in (10500, 11500]; the 5th is refused.
  clock.advance(500);
  for (let chat = 7; chat <= 10; chat += 1) await bot.api.sendMessage(chat, 'avviso');
  t.equal((await apiError(bot.api.sendMessage(11, 'avviso'))).error_code, 429);
  clock.advance(500); // t=12000: the message sent at 11000 left the window
  await bot.api.sendMessage(11, 'avviso');

  // Per group: 3 per minute; retry_after counts down from the oldest message in the window.
  clock.advance(5000);
  for (let i = 0; i < 3; i += 1) {
    await bot.api.sendMessage(-500, `g${i}`);
    clock.advance(1000);
  }
  const group = await apiError(bot.api.sendMessage(-500, 'g3'));
  t.equal(group.parameters.retry_after, 57);
  t.equal(fake.stats().count429, 4);
});

t.test('rate limits: Telegram defaults, 1 msg/s to the same chat', async (t) => {
  const clock = createManualClock();
  const { fake, bot } = await setup(t, { clock, limits: {} });
  fake.chats.add(citizen);
  await bot.api.sendMessage(citizen, 'uno');
  const error = await apiError(bot.api.sendMessage(citizen, 'due'));
  t.equal(error.parameters.retry_after, 1);
  clock.advance(1000);
  await bot.api.sendMessage(citizen, 'due');
  t.equal(fake.stats().count429, 1);
});

t.test('files: upload once, reuse by file_id, caption limit, getFile and download', async (t) => {
  const { fake, bot } = await setup(t);
  fake.chats.add(citizen);
  fake.chats.add(2);
  const bytes = Buffer.from('JPEG'.repeat(5000));

  const first = await bot.api.sendPhoto(citizen, new InputFile(bytes, 'avviso.jpg'), { caption: 'Chiusura strada' });
  t.equal(first.photo?.length, 4, 'several photo sizes');
  const largest = first.photo!.at(-1)!;
  t.equal(largest.file_size, bytes.length);
  t.match(largest.file_id, /^AgAC/);
  const again = await bot.api.sendPhoto(2, largest.file_id);
  t.same(again.photo, first.photo, 'reuse returns the same sizes');
  t.match(fake.stats(), { uploads: 1, fileIdReuses: 1 });
  t.equal(fake.sentMessages[0]?.fileSource, 'upload');
  t.equal(fake.sentMessages[1]?.fileSource, 'file_id');
  t.same(fake.sentMessages[1]?.fileIds, first.photo!.map((p) => p.file_id));

  const doc = await bot.api.sendDocument(citizen, new InputFile(Buffer.from('%PDF-1.7 delibera'), 'delibera.pdf'), {
    caption: '<b>Delibera</b>',
    parse_mode: 'HTML',
  });
  t.equal(doc.document?.file_name, 'delibera.pdf');
  t.equal(doc.document?.mime_type, 'application/pdf');
  t.equal(doc.caption, 'Delibera');
  const tooLong = await apiError(bot.api.sendDocument(citizen, doc.document!.file_id, { caption: 'x'.repeat(1025) }));
  t.equal(tooLong.description, 'Bad Request: message caption is too long');
  t.equal((await apiError(bot.api.sendPhoto(citizen, 'AgACnotAfile'))).description, 'Bad Request: wrong file identifier/HTTP URL specified');
  await bot.api.sendDocument(citizen, 'https://comune.example.it/albo/delibera-12.pdf');
  t.match(fake.stats(), { uploads: 2, fileIdReuses: 1, urlSends: 1 });

  const file = await bot.api.getFile(largest.file_id);
  t.match(file.file_path, /^photos\/file_\d+\.jpg$/);
  const download = await fetch(`${fake.apiRoot}/file/bot${token}/${file.file_path}`);
  t.equal(download.status, 200);
  t.same(Buffer.from(await download.arrayBuffer()), bytes);
  t.equal((await fetch(`${fake.apiRoot}/file/bot${token}/photos/nope.jpg`)).status, 404);

  const big = fake.files.add({ kind: 'video', size: 21 * 1024 * 1024 });
  const tooBig = await apiError(bot.api.getFile(big.fileId));
  t.equal(tooBig.description, 'Bad Request: file is too big');

  // files in pushed updates can be downloaded too
  const update = fake.pushUpdate(voiceUpdate({ bytes: 2048 }));
  const voice = await bot.api.getFile(update.message!.voice!.file_id);
  t.match(voice.file_path, /^voice\/.*\.oga$/);
  t.equal((await (await fetch(`${fake.apiRoot}/file/bot${token}/${voice.file_path}`)).arrayBuffer()).byteLength, 2048);
});

t.test('multipart/form-data from a plain FormData client (file part named like the field)', async (t) => {
  const { fake } = await setup(t);
  fake.chats.add(citizen);
  const form = new FormData();
  form.append('chat_id', String(citizen));
  form.append('caption', 'Orari "estivi"\r\nbiblioteca');
  form.append('document', new Blob([Buffer.from('a\r\n--b\r\n')]), 'orari.txt');
  const response = await fetch(`${fake.apiRoot}/bot${token}/sendDocument`, { method: 'POST', body: form });
  const body = (await response.json()) as { ok: boolean; result: { caption: string; document: { file_name: string; file_size: number } } };
  t.equal(body.ok, true);
  t.equal(body.result.caption, 'Orari "estivi"\r\nbiblioteca');
  t.match(body.result.document, { file_name: 'orari.txt', file_size: 8 });
  t.equal(fake.stats().uploads, 1);
  const webhook = await fetch(`${fake.apiRoot}/bot${token}/deleteWebhook`);
  t.same(await webhook.json(), { ok: true, result: true, description: 'Webhook is already deleted' });
});

t.test('getUpdates: held until an update arrives, offset confirms, allowed_updates filters', async (t) => {
  const { fake, bot } = await setup(t);
  const held = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const poll = bot.api.getUpdates({ timeout: 10 });
  await held;
  const pushed = fake.pushUpdate(textUpdate('Quando passa la raccolta?'));
  const updates = await poll;
  t.equal(updates.length, 1);
  t.equal(updates[0]?.update_id, 1);
  t.same(updates[0], pushed);

  t.equal((await bot.api.getUpdates({ timeout: 0 })).length, 1, 'not confirmed yet');
  t.same(await bot.api.getUpdates({ offset: 2, timeout: 0 }), [], 'offset drops confirmed updates');

  fake.pushUpdate(locationUpdate(46.07, 11.12));
  fake.pushUpdate(callbackQueryUpdate('cat:eventi'));
  const onlyCallbacks = await bot.api.getUpdates({ offset: 2, allowed_updates: ['callback_query'] });
  t.same(onlyCallbacks.map((u) => Object.keys(u).find((k) => k !== 'update_id')), ['callback_query']);

  // a second poller terminates the first, like two instances on one token
  const first = bot.api.getUpdates({ offset: 4, timeout: 10 });
  const firstHeld = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  await firstHeld;
  const second = bot.api.getUpdates({ offset: 4, timeout: 0 });
  const ended = await apiError(first);
  t.equal(ended.error_code, 409);
  t.equal(ended.description, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
  t.same(await second, []);
  t.equal(fake.stats().pollConflicts, 1, 'counted as a conflict');

  // Two pollers taking turns with long polls: each new poll ends the other's, as on Telegram.
  const other = new Bot(token, { client: { apiRoot: fake.apiRoot } });
  const pollAs = async (poller: Bot) => {
    const seen = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
    const result = poller.api.getUpdates({ offset: 4, timeout: 10 });
    await seen;
    return { result };
  };
  const a1 = await pollAs(bot);
  const b1 = await pollAs(other);
  t.equal((await apiError(a1.result)).error_code, 409, 'the first poller is ended by the second');
  const a2 = await pollAs(bot);
  t.equal((await apiError(b1.result)).error_code, 409, 'and the second by the first polling again');
  fake.pushUpdate(callbackQueryUpdate('cat:sport')); // allowed_updates is still ['callback_query']
  t.equal((await a2.result).length, 1, 'the last poll gets the update');
  t.equal(fake.stats().pollConflicts, 3);

  // A poller that hung up is not a conflict: the abandoned poll ends quietly.
  const abort = new AbortController();
  const holding = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const gone = fetch(`${fake.apiRoot}/bot${token}/getUpdates?offset=5&timeout=10`, { signal: abort.signal }).catch(() => 'aborted');
  await holding;
  const ended2 = fake.nextEvent((e) => e.type === 'call' && e.method === 'getUpdates');
  abort.abort();
  t.equal(await gone, 'aborted');
  t.match(await ended2, { status: 200 }, 'the fake ends an abandoned poll with an empty answer');
  t.same(await bot.api.getUpdates({ offset: 5, timeout: 0 }), []);
  t.equal(fake.stats().pollConflicts, 3, 'no conflict counted');
});

t.test('bot.start() long polling delivers pushed updates to middleware', async (t) => {
  const { fake, bot } = await setup(t);
  const received: Update[] = [];
  bot.on('message', async (ctx) => {
    received.push(ctx.update);
    await ctx.reply(`Hai scritto: ${ctx.message.text ?? ''}`);
  });
  bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: 'Iscritto!' }));
  const polling = fake.nextEvent((e) => e.type === 'request' && e.method === 'getUpdates');
  const running = bot.start({ timeout: 10, drop_pending_updates: false });
  await polling;

  fake.pushUpdate(startUpdate('qr_bacheca'));
  const query = fake.pushUpdate(callbackQueryUpdate('cat:eventi'));
  await fake.waitFor(() => fake.sentMessages.length === 1 && fake.unansweredCallbackQueries().length === 0);
  t.equal(received[0]?.message?.text, '/start qr_bacheca');
  t.equal(fake.sentMessages[0]?.text, 'Hai scritto: /start qr_bacheca');
  t.same(fake.callbackQueries(), [{ id: query.callback_query!.id, answered: true, answer: { text: 'Iscritto!' } }]);
  await bot.stop();
  await running;
  t.same(fake.stats().calls.deleteWebhook, 1);
});

t.test('webhook: secret header, re-sent on non-2xx and on slow answers, 409 for getUpdates', async (t) => {
  const { fake, bot } = await setup(t, { webhook: { timeoutMs: 150, retryDelayMs: 5 } });
  const answers: Array<number | 'slow'> = [500, 'slow', 200, 200];
  const received: Array<{ secret: string | undefined; update: Update }> = [];
  const endpoint = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, update: JSON.parse(Buffer.concat(chunks).toString()) as Update });
      const answer = answers.shift() ?? 200;
      if (answer === 'slow') setTimeout(() => res.writeHead(200).end(), 400).unref();
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    endpoint.closeAllConnections();
    endpoint.close();
  });
  const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/telegram`;

  t.equal((await apiError(bot.api.setWebhook('http://example.com/hook'))).description, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  await bot.api.setWebhook(url, { secret_token: 'campanile_s3cret' });
  const conflict = await apiError(bot.api.getUpdates());
  t.equal(conflict.error_code, 409);
  t.equal(conflict.description, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

  const update = fake.pushUpdate(photoUpdate({ caption: 'Buca in via Roma' }));
  await fake.nextEvent((e) => e.type === 'update-delivered' && e.update.update_id === update.update_id, 3000);
  t.equal(received.length, 3, '500, then too slow, then 200');
  t.ok(received.every((r) => r.secret === 'campanile_s3cret'));
  t.ok(received.every((r) => r.update.update_id === update.update_id));
  const info = await bot.api.getWebhookInfo();
  t.equal(info.url, url);
  t.equal(info.pending_update_count, 0);
  t.equal(info.last_error_message, 'Read timeout expired');

  await bot.api.deleteWebhook();
  fake.pushUpdate(textUpdate('di nuovo polling'));
  t.equal((await bot.api.getUpdates()).length, 1);
});

t.test('callback queries, edits, chat actions, commands', async (t) => {
  const { fake, bot } = await setup(t);
  fake.pushUpdate(startUpdate());
  const menu = await bot.api.sendMessage(citizen, 'Categorie', {
    reply_markup: { inline_keyboard: [[{ text: 'Eventi', callback_data: 'cat:eventi' }]] },
  });
  const press = fake.pushUpdate(callbackQueryUpdate('cat:eventi', { message: menu }));
  t.same(fake.unansweredCallbackQueries(), [press.callback_query!.id]);
  await bot.api.answerCallbackQuery(press.callback_query!.id);
  t.same(fake.unansweredCallbackQueries(), []);
  t.equal(
    (await apiError(bot.api.answerCallbackQuery(press.callback_query!.id))).description,
    'Bad Request: query is too old and response timeout expired or query ID is invalid',
  );

  const notModified = await apiError(
    bot.api.editMessageText(citizen, menu.message_id, 'Categorie', { reply_markup: { inline_keyboard: [[{ text: 'Eventi', callback_data: 'cat:eventi' }]] } }),
  );
  t.match(notModified.description, /^Bad Request: message is not modified: /);
  const edited = await bot.api.editMessageText(citizen, menu.message_id, 'Categorie ✓', {
    reply_markup: { inline_keyboard: [[{ text: '✓ Eventi', callback_data: 'cat:eventi' }]] },
  });
  if (edited === true) throw new Error('editMessageText returned true for a chat message');
  t.equal('text' in edited ? edited.text : undefined, 'Categorie ✓');
  t.equal(typeof edited.edit_date, 'number');
  t.match((await apiError(bot.api.editMessageReplyMarkup(citizen, menu.message_id, { reply_markup: edited.reply_markup! }))).description, /not modified/);
  await bot.api.editMessageReplyMarkup(citizen, menu.message_id);
  t.equal((await apiError(bot.api.editMessageText(citizen, 9999, 'x'))).description, 'Bad Request: message to edit not found');
  t.same(fake.sentMessages.map((m) => m.method), ['sendMessage', 'editMessageText', 'editMessageReplyMarkup']);

  t.equal(await bot.api.sendChatAction(citizen, 'upload_photo'), true);
  t.equal((await apiError(bot.api.sendChatAction(citizen, 'dancing' as 'typing'))).description, 'Bad Request: wrong parameter action in request');
  await bot.api.setMyCommands([{ command: 'categorie', description: 'Scegli le categorie' }]);
  t.same(await bot.api.getMyCommands(), [{ command: 'categorie', description: 'Scegli le categorie' }]);
  t.equal((await apiError(bot.api.setMyCommands([{ command: 'Categorie!', description: 'x' }]))).description, 'Bad Request: BOT_COMMAND_INVALID');
});

t.test('update builders are shaped like Telegram updates', async (t) => {
  const { fake } = await setup(t);
  const start = fake.pushUpdate(startUpdate('abc'));
  t.same(start.message?.entities, [{ offset: 0, length: 6, type: 'bot_command' }]);
  t.equal(start.message?.chat.type, 'private');
  t.equal(start.message?.from?.language_code, 'it');
  const photo = fake.pushUpdate(photoUpdate()).message!.photo!;
  t.same(photo.map((p) => p.width), [90, 320, 800, 1280]);
  t.equal(new Set(photo.map((p) => p.file_unique_id)).size, 4);
  t.match(fake.pushUpdate(videoUpdate()).message?.video, { mime_type: 'video/mp4', thumbnail: { width: 320 } });
  t.match(fake.pushUpdate(documentUpdate({ fileName: 'verbale.pdf' })).message?.document, { file_name: 'verbale.pdf', mime_type: 'application/pdf' });
  const kicked = fake.pushUpdate(myChatMemberUpdate('kicked')).my_chat_member!;
  t.equal(kicked.old_chat_member.status, 'member');
  t.equal(kicked.new_chat_member.status, 'kicked');
  t.equal(fake.pushUpdate(myChatMemberUpdate('member')).my_chat_member?.new_chat_member.status, 'member');
  t.same(
    fake.sentMessages.length,
    0,
  );
  t.equal(fake.pushUpdate(textUpdate('x')).update_id, 7, 'update ids are consecutive');
});
