import t from 'tap';
import { ChannelIdentity, plain, Tenant } from '../../../core/internal.js';
import { toWhatsApp } from '../../../adapters/whatsapp/mapping.js';
import { baseModule } from '../../../modules/base/index.js';
import { buildApp } from '../../helpers/campanile.js';

const lastContext = (sent: readonly { ref: { chatId: string }; context?: { texts?: unknown } }[], chatId: string) =>
  sent.filter((s) => s.ref.chatId === chatId).at(-1)?.context?.texts;

t.test("replies and proactive messages carry the channel's words in the person's language", async (t) => {
  const { app, memory, tenant } = await buildApp(t, { modules: [baseModule] });
  await memory.say(tenant, 'en-1', '/start', { locale: 'en-US' });
  t.same(lastContext(memory.sent, 'en-1'), { listButton: 'Choose', numberedHint: 'Reply with the number of your choice.', choicePrompt: 'Choose:' }, 'an English speaker: English');
  await memory.say(tenant, 'it-1', '/start', { locale: 'it' });
  t.match(lastContext(memory.sent, 'it-1'), { numberedHint: 'Rispondi con il numero della tua scelta.' }, 'an Italian speaker: Italian');

  // Proactive (an operator's message through the messenger): the person's stored locale.
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const identity = await em.findOneOrFail(ChannelIdentity, { externalId: 'en-1' });
  t.match(await app.services.messenger.send(app.defaultTenant, identity.id, { text: plain('Hello') }), { status: 'delivered' });
  t.match(lastContext(memory.sent, 'en-1'), { listButton: 'Choose' }, 'the messenger uses the stored locale');

  // A comune's own wording overrides the catalog.
  await em.nativeUpdate(Tenant, { id: app.defaultTenant.id }, { settings: { texts: { it: { 'channel.numbered_hint': 'Scrivi il numero.' } } } });
  app.services.tenants.invalidate();
  await memory.say(tenant, 'it-1', '/aiuto', { locale: 'it' });
  t.match(lastContext(memory.sent, 'it-1'), { numberedHint: 'Scrivi il numero.' }, "the tenant's override wins");
});

t.test('WhatsApp renders a long choice list with the words it is given', async (t) => {
  const choices = Array.from({ length: 12 }, (_, i) => ({ label: `Option ${i + 1}`, payload: `x:${i}` }));
  const english = { listButton: 'Choose', numberedHint: 'Reply with the number of your choice.', choicePrompt: 'Choose:' };
  const [numbered] = toWhatsApp({ text: plain('Which one?'), choices }, english);
  t.match(numbered, { kind: 'body', body: { type: 'text', text: { body: /Reply with the number of your choice\./ } } }, 'more than 10 choices: numbered, English hint');
  const [list] = toWhatsApp({ text: plain('Which one?'), choices: choices.slice(0, 5) }, english);
  t.match(list, { body: { interactive: { action: { button: 'Choose' } } } }, 'a list: English button');
  const [italian] = toWhatsApp({ text: plain('Quale?'), choices });
  t.match(italian, { body: { text: { body: /Rispondi con il numero della tua scelta\./ } } }, "without words from the caller: core's Italian");
});
