import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger, MessageLog, ModuleStateEntry, type FeatureModule } from '../../../core/internal.js';
import { baseModule } from '../../../modules/base/index.js';
import { allModules } from '../../../modules/index.js';
import { buildApp, textOf } from '../../helpers/campanile.js';

/** Records the order in which free text reaches a module, with random pauses to shake the ordering. */
function recorderModule(seen: string[]): FeatureModule {
  return {
    name: 'recorder',
    setup(api) {
      api.onFreeText(async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
        seen.push(ctx.message.text);
        ctx.reply({ text: [{ text: `eco ${ctx.message.text}` }] });
      });
    },
  };
}

/** A module that writes, then fails: nothing it wrote may remain. */
const brokenModule: FeatureModule = {
  name: 'broken',
  setup(api) {
    api.command('rompi', async (ctx) => {
      ctx.em.create(ModuleStateEntry, { tenant: ctx.tenant.id, module: 'broken', key: 'half', value: { written: true }, person: ctx.person });
      ctx.reply({ text: [{ text: 'questo non deve arrivare' }] });
      throw new Error('simulated failure');
    });
  },
};

t.test('a redelivered event is processed once', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const first = await memory.say(tenant, '1', '/aiuto', { id: 'update-77' });
  t.ok(first.length > 0, 'the first delivery is answered');
  const again = await memory.say(tenant, '1', '/aiuto', { id: 'update-77' });
  t.same(again, [], 'the redelivery is not answered again');
  const rows = await app.services.tenants.scopedEm(app.defaultTenant.id).count(MessageLog, { direction: 'in' });
  t.equal(rows, 1, 'and is logged once');
});

t.test('50 messages sent concurrently to one conversation are handled in order', async (t) => {
  const seen: string[] = [];
  // Base only: the recorder must be the module that takes free text (Q&A would answer it first).
  const { memory, tenant } = await buildApp(t, { modules: [baseModule, recorderModule(seen)] });
  const texts = Array.from({ length: 50 }, (_, i) => `messaggio ${i}`);
  // A known person: a newcomer's first message starts the welcome instead.
  await memory.say(tenant, '5', '/start');
  const before = memory.sent.length;
  await Promise.all(texts.map((text) => memory.say(tenant, '5', text)));
  t.same(seen, texts, 'the module saw them in arrival order');
  const replies = memory.sent.slice(before).filter((s) => s.ref.chatId === '5').map((s) => textOf([s.message]));
  t.same(replies, texts.map((text) => `eco ${text}`), 'and the replies left in the same order');
});

t.test('a module error gives a polite reply and a log line, and leaves nothing half-written', async (t) => {
  const { app, memory, tenant } = await buildApp(t, { modules: [...allModules, brokenModule], log: createLogger({ level: 'silent' }) });
  const done = app.engine.events.once('turn:done');
  const replies = await memory.say(tenant, '9', '/rompi');
  t.match(textOf(replies), /qualcosa è andato storto/, 'the person gets a polite reply');
  t.notMatch(textOf(replies), /non deve arrivare/, 'the failed turn\'s own reply is not sent');
  const [turn] = await done;
  t.equal(turn.outcome, 'failed');
  t.equal(turn.module, 'broken', 'the failure names the module');
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  t.equal(await em.count(ModuleStateEntry, { module: 'broken' }), 0, 'nothing the module wrote was kept');
  const next = await memory.say(tenant, '9', '/aiuto');
  t.match(textOf(next), /Ecco cosa posso fare/, 'the conversation is not stuck');
});

t.test('the failure log line names the update, the person and the module', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
  const { pino } = await import('pino');
  const log = pino({ level: 'error' }, stream);
  const { memory, tenant } = await buildApp(t, { modules: [...allModules, brokenModule], log });
  await memory.say(tenant, '10', '/start');
  await memory.say(tenant, '10', '/rompi', { id: 'update-900' });
  const line = lines.find((l) => l.module === 'broken');
  t.ok(line, 'an error line was logged');
  t.equal(line?.update, 'update-900');
  t.type(line?.person, 'number');
  t.match(String(line?.msg), /simulated failure/);
});

t.test('bad input gets a polite reply, never an exception', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  t.match(textOf(await memory.say(tenant, '3', '   ')), /Il messaggio è vuoto/, 'empty text');
  t.match(textOf(await memory.say(tenant, '3', 'x'.repeat(10_000))), /troppo lungo \(massimo 4096/, '10,000 characters');
  const unknownButton = await memory.press(tenant, '3', 'nessuno:azione:1');
  t.match(textOf(unknownButton), /pulsante non è più valido/, 'unknown button payload');
  t.ok(unknownButton[0]?.choices?.length, 'with the menu');
  t.match(textOf(await memory.press(tenant, '3', 'base:toggle:99999')), /categoria non esiste più/, 'a stale category button');
  t.match(textOf(await memory.say(tenant, '3', '/start <script>alert(1)</script>')), /link che hai usato non è valido/, 'malformed deep link');
  t.match(textOf(await memory.say(tenant, '3', '/start cat_inesistente')), /link che hai usato non è valido/, 'deep link to no category');
  t.match(textOf(await memory.say(tenant, '3', '/sconosciuto')), /Non conosco il comando \/sconosciuto/, 'unknown command');
  const media = await memory.deliver({
    ...memory.base(tenant, '3'), kind: 'media', caption: '',
    media: { kind: 'video', mimeType: 'video/x-msvideo', fetch: async () => new Uint8Array() },
  });
  t.match(textOf(media), /Non posso ancora ricevere questo tipo di contenuto/, 'unsupported media');
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  t.equal(await em.count(ModuleStateEntry, {}), 0, 'nothing half-written');
});

t.test('a bare number answers the last numbered choices', async (t) => {
  const { memory, tenant } = await buildApp(t);
  await memory.say(tenant, '4', '/cancella');
  t.match(textOf(await memory.say(tenant, '4', '2')), /non abbiamo cancellato nulla/, '"2" picked the second choice');
});
