import t from 'tap';
import { botFrameworkCapabilities, fromBotFramework, HERO_CARD, inboundFiles, toBotFramework, type BotFrameworkActivity } from '../../../adapters/botframework/index.js';
import { plain } from '../../../core/index.js';

const where = { tenant: 'esempio', account: 'default' };
const caps = botFrameworkCapabilities();
const base = {
  id: 'act-1', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', timestamp: '2026-12-01T10:00:00.000Z',
  from: { id: '29:user', name: 'Maria' }, recipient: { id: '28:bot', name: 'Campanile' }, conversation: { id: 'a:conv' }, locale: 'it-IT',
} as unknown as BotFrameworkActivity;

t.test('fromBotFramework: text, command, card presses', async (t) => {
  t.match(fromBotFramework({ ...base, type: 'message', text: ' ciao ' }, where), [{
    type: 'message', kind: 'text', text: 'ciao', id: 'act-1', from: { id: '29:user', displayName: 'Maria', locale: 'it-IT' },
    ref: { tenant: 'esempio', channel: 'botframework', account: 'default', chatId: 'a:conv', extra: { serviceUrl: base.serviceUrl, botId: '28:bot', userId: '29:user', channelId: 'msteams' } },
  }]);
  t.match(fromBotFramework({ ...base, type: 'message', text: '/start cat_eventi' }, where), [{ kind: 'command', command: 'start', argument: 'cat_eventi' }]);
  t.match(fromBotFramework({ ...base, type: 'message', text: '<at>Campanile</at> /start', entities: [{ type: 'mention', text: '<at>Campanile</at>', mentioned: { id: '28:bot', name: 'Campanile' } }] }, where),
    [{ kind: 'command', command: 'start' }], "a group chat's @mention of the bot is removed");
  t.match(fromBotFramework({ ...base, type: 'message', text: 'x:yes', value: { payload: 'x:yes' } }, where), [{ kind: 'button', payload: 'x:yes' }], 'messageBack');
  t.match(fromBotFramework({ ...base, type: 'message', value: 'x:no' }, where), [{ kind: 'button', payload: 'x:no' }], 'a string value');
  t.match(fromBotFramework({ ...base, type: 'message', text: 'x:ok', channelData: { postBack: true } }, where), [{ kind: 'button', payload: 'x:ok' }], "Web Chat's postBack");
  t.match(fromBotFramework({ ...base, type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: {} }] }, where), [{ kind: 'unsupported', what: 'attachment' }], 'a card is not a file');
});

t.test('fromBotFramework: attached files become media events; the token only for the connector\'s own URLs', async (t) => {
  const inline = 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original';
  const events = fromBotFramework({ ...base, type: 'message', text: 'la buca', attachments: [
    { contentType: 'image/png', contentUrl: inline, name: 'buca.png' },
    { contentType: 'text/html', content: '<p>la buca</p>' },
    { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'verbale.pdf', content: { downloadUrl: 'https://contoso.sharepoint.com/f?sig=1', fileType: 'pdf' } },
  ] }, where);
  t.match(events, [
    { kind: 'media', id: 'act-1', caption: 'la buca', media: { kind: 'photo', mimeType: 'image/png', fileName: 'buca.png' } },
    { kind: 'media', id: 'act-1:1', media: { kind: 'document', mimeType: 'application/pdf', fileName: 'verbale.pdf' } },
  ], "one event per file, Teams' HTML copy of the text left out, the text as the first file's caption");
  t.equal((events[1] as { caption?: string }).caption, undefined, 'the caption once');
  t.match(inboundFiles({ ...base, attachments: [{ contentType: 'image/png', contentUrl: inline }] }), [{ needsToken: true }], 'under the serviceUrl: the bot token');
  t.match(inboundFiles({ ...base, attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://elsewhere.example/p.jpg' }] }), [{ needsToken: false }], 'another host never gets the token');
  t.same(inboundFiles({ ...base, attachments: [{ contentType: 'image/png' }] }), [], 'no URL: nothing to download');
  const first = events[0];
  if (first?.type !== 'message' || first.kind !== 'media') throw new Error('expected a media event');
  await t.rejects(first.media.fetch(), /no downloader/, 'without a downloader the fetch says so');
});

t.test('fromBotFramework: conversationUpdate greets the person, removal and installation are channel events, the rest is ignored', async (t) => {
  const added = fromBotFramework({ ...base, id: undefined, type: 'conversationUpdate', membersAdded: [{ id: '28:bot', name: 'Campanile' }, { id: '29:user', name: 'Maria' }] }, where);
  t.match(added, [{ kind: 'command', command: 'start', argument: '', id: 'added:a:conv:29:user' }]);
  t.same(fromBotFramework({ ...base, type: 'conversationUpdate', membersAdded: [{ id: '28:bot', name: 'Campanile' }] }, where), [], 'only the bot joined');
  t.match(fromBotFramework({ ...base, type: 'conversationUpdate', membersRemoved: [{ id: '28:bot', name: 'Campanile' }] }, where), [{ type: 'event', kind: 'recipient-blocked' }]);
  t.match(fromBotFramework({ ...base, type: 'installationUpdate', action: 'remove' }, where), [{ type: 'event', kind: 'recipient-blocked' }]);
  t.match(fromBotFramework({ ...base, type: 'installationUpdate', action: 'add' }, where), [{ type: 'event', kind: 'recipient-unblocked' }]);
  for (const type of ['typing', 'messageReaction', 'invoke', 'event', 'endOfConversation']) t.same(fromBotFramework({ ...base, type }, where), [], `${type} ignored`);
  t.same(fromBotFramework({ type: 'message', text: 'no ids' }, where), [], 'an Activity without the ids a reply needs');
});

t.test('toBotFramework: split text, hero card buttons, numbered fallback, links, attachments', async (t) => {
  t.same(toBotFramework({ text: plain('Ciao') }, caps, 'hint'), [{ type: 'message', text: 'Ciao', textFormat: 'plain' }]);
  const long = toBotFramework({ text: plain('parola '.repeat(1200)) }, caps, 'hint');
  t.ok(long.length >= 3 && long.every((a) => (a.text ?? '').length <= caps.maxTextLength), 'split at maxTextLength');

  const [card] = toBotFramework({ text: plain('Scegli'), choices: [{ label: 'Eventi', payload: 'sub:eventi', selected: true }, { label: 'Mobilità', payload: 'sub:mob' }] }, caps, 'hint');
  t.equal(card?.text, 'Scegli');
  t.equal(card?.attachments?.[0]?.contentType, HERO_CARD);
  t.same((card?.attachments?.[0]?.content as { buttons: unknown[] }).buttons, [
    { type: 'messageBack', title: '✅ Eventi', displayText: 'Eventi', text: 'sub:eventi', value: { payload: 'sub:eventi' } },
    { type: 'messageBack', title: 'Mobilità', displayText: 'Mobilità', text: 'sub:mob', value: { payload: 'sub:mob' } },
  ]);

  const seven = Array.from({ length: 7 }, (_, i) => ({ label: `Scelta ${i + 1}`, payload: `p${i}` }));
  const [cards] = toBotFramework({ text: plain('Scegli'), choices: seven }, caps, 'h');
  t.equal(cards?.attachmentLayout, 'list', 'more than 6: two hero cards, stacked');
  t.same(cards?.attachments?.map((a) => (a.content as { buttons: unknown[] }).buttons.length), [6, 1]);

  const many = Array.from({ length: caps.maxChoiceButtons + 1 }, (_, i) => ({ label: `Scelta ${i + 1}`, payload: `p${i}` }));
  const [numbered] = toBotFramework({ text: plain('Scegli'), choices: many }, caps, 'Rispondi con il numero.');
  t.equal(numbered?.attachments, undefined, 'beyond the declared limit: no card');
  t.match(numbered?.text, /1\. Scelta 1[\s\S]*19\. Scelta 19[\s\S]*Rispondi con il numero/);

  t.match(toBotFramework({ text: plain('Vedi'), links: [{ label: 'Sito', url: 'https://comune.example' }] }, caps, 'h'), [{ text: /^Vedi\s+Sito: https:\/\/comune\.example$/ }]);
  const media = { id: 'm', mimeType: 'image/png', size: 3, fileName: 'a.png', read: async () => new Uint8Array(3) };
  t.same(toBotFramework({ attachment: { kind: 'image', media, caption: plain('Foto') } }, caps, 'h', { contentUrl: 'data:image/png;base64,AAAA' }), [
    { type: 'message', textFormat: 'plain', text: 'Foto', attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA', name: 'a.png' }] },
  ]);
});
