import t from 'tap';
import type { Update } from 'grammy/types';
import { FILE_TOO_BIG, memoryStorage, type InboundEvent } from '../../../core/internal.js';
import {
  CallbackData, escapeHtml, fromTelegram, inlineKeyboard, locationKeyboard, splitCaption, toTelegramHtml, updateEventId,
  type MappingContext,
} from '../../../adapters/telegram/index.js';
import {
  callbackQueryUpdate, documentUpdate, locationUpdate, myChatMemberUpdate, photoUpdate, startUpdate, textUpdate, videoUpdate, voiceUpdate,
} from '../../fakes/telegram/index.js';

const fetched: string[] = [];
const context: MappingContext = {
  tenant: 'esempio', account: 'default', botId: 123456,
  fetchFile: async (fileId) => { fetched.push(fileId); return new Uint8Array([1, 2, 3]); },
};
let nextId = 500;
const map = (input: object): InboundEvent | undefined => fromTelegram({ update_id: nextId++, ...input } as Update, context);

t.test('a recorded /start with deep-link payload becomes a command with its argument', async (t) => {
  // Recorded from Telegram (ids changed): what a phone sends after opening t.me/<bot>?start=cat_eventi.
  const recorded: Update = {
    update_id: 871234567,
    message: {
      message_id: 12, date: 1764153000, text: '/start cat_eventi',
      from: { id: 1000001, is_bot: false, first_name: 'Maria', last_name: 'Rossi', language_code: 'it' },
      chat: { id: 1000001, type: 'private', first_name: 'Maria', last_name: 'Rossi' },
      entities: [{ offset: 0, length: 6, type: 'bot_command' }],
    },
  };
  const event = fromTelegram(recorded, context);
  t.match(event, {
    type: 'message', kind: 'command', command: 'start', argument: 'cat_eventi', id: '123456:871234567',
    ref: { tenant: 'esempio', channel: 'telegram', account: 'default', chatId: '1000001' },
    from: { id: '1000001', displayName: 'Maria Rossi', locale: 'it' },
  });
  t.equal(fromTelegram(recorded, context)?.id, event?.id, 'the id is stable across redeliveries');
  t.equal(updateEventId(1, 2), '1:2');
  t.same((event as { receivedAt: Date }).receivedAt, new Date(1764153000 * 1000));
  t.equal((event as { raw: unknown }).raw, recorded, 'raw is the untouched update');
});

t.test('text, commands addressed to the bot, and plain slashes', async (t) => {
  t.match(map(textUpdate('Quando passa la raccolta?')), { kind: 'text', text: 'Quando passa la raccolta?' });
  t.match(map(textUpdate('/categorie@campanile_test_bot')), { kind: 'command', command: 'categorie', argument: '' });
  t.match(map(startUpdate()), { kind: 'command', command: 'start', argument: '' });
  t.match(map({ message: { ...textUpdate('1/2 litro').message!, entities: [] } }), { kind: 'text', text: '1/2 litro' });
});

t.test('callback queries become buttons with the message that carried them', async (t) => {
  const update = callbackQueryUpdate('base:toggle:3', { messageId: 77 });
  const event = map(update);
  t.match(event, { kind: 'button', payload: 'base:toggle:3', messageId: '77', ref: { chatId: '1000001' } });
});

t.test('location, photo (largest size), video, voice, document', async (t) => {
  t.match(map(locationUpdate(46.0664, 11.1257)), { kind: 'location', latitude: 46.0664, longitude: 11.1257 });
  const photo = photoUpdate({ caption: 'Lampione rotto' });
  const largest = photo.message!.photo!.at(-1)!;
  const event = map(photo);
  t.match(event, { kind: 'media', caption: 'Lampione rotto', media: { kind: 'photo', mimeType: 'image/jpeg', size: largest.file_size } });
  if (event?.type === 'message' && event.kind === 'media') {
    t.same(await event.media.fetch(), new Uint8Array([1, 2, 3]));
    t.equal(fetched.at(-1), largest.file_id, 'the largest size is fetched, lazily');
  }
  t.match(map(videoUpdate()), { kind: 'media', media: { kind: 'video', mimeType: 'video/mp4', fileName: 'VID_20260315_101500.mp4' } });
  t.match(map(voiceUpdate()), { kind: 'media', media: { kind: 'audio', mimeType: 'audio/ogg' } });
  t.match(map(documentUpdate({ fileName: 'verbale.pdf' })), { kind: 'media', media: { kind: 'document', mimeType: 'application/pdf', fileName: 'verbale.pdf' } });
});

t.test('a file over 20 MB cannot be downloaded: unsupported, file-too-big', async (t) => {
  t.match(map(documentUpdate({ bytes: 25 * 1024 * 1024 })), { kind: 'unsupported', what: FILE_TOO_BIG });
  t.match(map({ message: { ...textUpdate('x').message!, text: undefined, sticker: { file_id: 'a' } } }), { kind: 'unsupported', what: 'sticker' });
});

t.test('my_chat_member: kicked blocks, member unblocks', async (t) => {
  t.match(map(myChatMemberUpdate('kicked')), { type: 'event', kind: 'recipient-blocked', ref: { chatId: '1000001' } });
  t.match(map(myChatMemberUpdate('member')), { type: 'event', kind: 'recipient-unblocked' });
  t.equal(map({ edited_message: textUpdate('x').message }), undefined, 'edits are ignored');
});

t.test('FormattedText → Telegram HTML, escaped', async (t) => {
  t.equal(toTelegramHtml([{ text: 'Via <Roma> & ' }, { text: 'chiusa', bold: true }, { text: ' oggi', italic: true }]), 'Via &lt;Roma&gt; &amp; <b>chiusa</b><i> oggi</i>');
  t.equal(toTelegramHtml([{ text: 'qui', href: 'https://example.org/?a=1&b="2"' }]), '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">qui</a>');
  t.equal(toTelegramHtml([{ text: 'x', href: 'javascript:alert(1)' }]), 'x', 'only http(s) links');
  t.equal(escapeHtml('<b>'), '&lt;b&gt;');
});

t.test('keyboards: toggles with ✅, link buttons, location request', async (t) => {
  const markup = inlineKeyboard(
    [{ label: 'Eventi', payload: 'base:toggle:1', selected: true }, { label: 'Sanità', payload: 'base:toggle:2' }],
    [{ label: 'Apri il link', url: 'https://example.org' }],
    (p) => p,
  );
  t.same(markup, { inline_keyboard: [[{ text: '✅ Eventi', callback_data: 'base:toggle:1' }], [{ text: 'Sanità', callback_data: 'base:toggle:2' }], [{ text: 'Apri il link', url: 'https://example.org' }]] });
  t.match(locationKeyboard('Invia posizione'), { keyboard: [[{ text: 'Invia posizione', request_location: true }]], one_time_keyboard: true });
});

t.test('long callback payloads get short ids that survive a restart', async (t) => {
  const storage = memoryStorage();
  const long = `reports:attach:${'x'.repeat(80)}`;
  const data = await new CallbackData(storage).encode(long);
  t.ok(Buffer.byteLength(data) <= 64, 'fits 64 bytes');
  t.equal(await new CallbackData(storage).encode('base:done'), 'base:done', 'short payloads travel as they are');
  const afterRestart = new CallbackData(storage);
  t.equal(await afterRestart.decode(data), long, 'a new instance on the same storage resolves it');
  t.equal(await afterRestart.decode('~unknown'), undefined);
  t.not(await afterRestart.encode('~tilde'), '~tilde', 'a payload that looks like a short id is mapped too');
});

t.test('a long caption keeps its first line and moves the rest to text', async (t) => {
  const [short, rest] = splitCaption([{ text: 'Allerta meteo', bold: true }, { text: `\n\n${'a'.repeat(1100)}` }], 1024);
  t.same(short, [{ text: 'Allerta meteo', bold: true }]);
  t.equal(rest[0]?.text.length, 1100);
  t.same(splitCaption([{ text: 'breve' }], 1024), [[{ text: 'breve' }], []]);
});
