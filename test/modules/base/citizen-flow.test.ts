import t from 'tap';
import { Category, Notice, PeopleService } from '../../../core/internal.js';
import { buildApp, textOf } from '../../helpers/campanile.js';

t.test('a citizen subscribes, changes categories, reads the archive, stops and erases their data', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const chat = '4242';
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const categories = await em.find(Category, {}, { orderBy: { position: 'asc' } });
  t.equal(categories.length, 7, 'the 7 default categories exist');
  const byKey = new Map(categories.map((c) => [c.key, c]));
  const id = (key: string) => byKey.get(key)?.id ?? -1;

  // /start with a deep-link payload subscribes straight to one category.
  const start = await memory.say(tenant, chat, '/start cat_eventi');
  const welcome = textOf(start);
  t.match(welcome, /Comune di Esempio/, 'the welcome names the comune');
  t.match(welcome, /Informativa breve/, 'the privacy notice is shown');
  t.match(welcome, /\/cancella/, 'the notice says how to delete the data');
  t.match(welcome, /iscritto alla categoria Eventi/, 'the deep link subscribed to its category');
  const menu = start.at(-1);
  t.equal(menu?.choices?.find((c) => c.payload === `base:toggle:${id('eventi')}`)?.selected, true, 'eventi shown as selected');

  // Choose a second category: two subscriptions; then a third.
  const toggled = await memory.press(tenant, chat, `base:toggle:${id('mobilita')}`, { messageId: 'm1' });
  t.match(textOf(toggled), /Iscrizione a Mobilità e parcheggi attivata/, 'the choice is confirmed');
  t.equal(toggled[0]?.replaceMessageId, 'm1', 'the toggles are edited in place');
  await memory.press(tenant, chat, `base:toggle:${id('protezione-civile')}`);
  const done = await memory.press(tenant, chat, 'base:done');
  t.match(textOf(done), /Sei iscritto a: Eventi, Mobilità e parcheggi, Protezione civile/, 'three categories confirmed');

  // Change: drop one, the summary follows.
  const off = await memory.press(tenant, chat, `base:toggle:${id('eventi')}`);
  t.match(textOf(off), /Iscrizione a Eventi disattivata/);
  t.match(textOf(await memory.press(tenant, chat, 'base:done')), /Sei iscritto a: Mobilità e parcheggi, Protezione civile\./);

  // The archive lists only sent notices of the person's categories.
  const tenantId = app.defaultTenant.id;
  const sentAt = new Date('2026-11-20T10:00:00Z');
  em.create(Notice, { tenant: tenantId, category: id('mobilita'), title: 'Strada chiusa', text: 'Via Roma chiusa', status: 'sent', sentAt, priority: 'normal' });
  em.create(Notice, { tenant: tenantId, category: id('protezione-civile'), title: 'Allerta meteo', text: 'Allerta gialla', status: 'sent', sentAt, priority: 'urgent', linkUrl: 'https://example.org/allerta' });
  em.create(Notice, { tenant: tenantId, category: id('eventi'), title: 'Sagra', text: 'Sagra di paese', status: 'sent', sentAt, priority: 'normal' });
  em.create(Notice, { tenant: tenantId, category: id('mobilita'), title: 'Bozza', text: 'non inviata', status: 'draft', priority: 'normal' });
  await em.flush();
  const archive = await memory.say(tenant, chat, '/archivio');
  const listed = archive.at(-1)?.choices?.map((c) => c.label).join(' | ') ?? '';
  t.match(listed, /Strada chiusa/);
  t.match(listed, /Allerta meteo/);
  t.notMatch(listed, /Sagra/, 'a notice of an unsubscribed category is not listed');
  t.notMatch(listed, /Bozza/, 'a draft is not listed');
  const allerta = archive.at(-1)?.choices?.find((c) => c.label.includes('Allerta'));
  const opened = await memory.press(tenant, chat, allerta?.payload ?? 'missing');
  t.match(textOf(opened), /Allerta meteo\n\nAllerta gialla/, 'the notice opens');
  t.same(opened[0]?.links, [{ label: 'Apri il link', url: 'https://example.org/allerta' }], 'with its link button');

  // /stop unsubscribes from everything.
  t.match(textOf(await memory.say(tenant, chat, '/stop')), /Non riceverai più avvisi/);
  t.match(textOf(await memory.press(tenant, chat, 'base:done')), /Non sei iscritto a nessuna categoria/);

  // /cancella + confirm erases the person from every person-linked table.
  const ask = await memory.say(tenant, chat, '/cancella');
  t.match(textOf(ask), /Vuoi cancellare tutti i tuoi dati/);
  const erased = await memory.press(tenant, chat, 'base:erase:yes');
  t.match(textOf(erased), /abbiamo cancellato tutti i tuoi dati/);
  const knex = app.db.em.getKnex();
  for (const table of PeopleService.personTables) {
    const column = table === 'person' ? 'tenant_id' : 'person_id';
    const rows = await knex(table).where(column, table === 'person' ? tenantId : knex.raw('?', [-1])).count({ n: '*' });
    if (table !== 'person') {
      const all = await knex(table).count({ n: '*' });
      t.equal(Number(all[0]?.n), 0, `${table} holds no row of the person`);
    } else {
      t.equal(Number(rows[0]?.n), 0, 'person row deleted');
    }
  }
});

t.test('the erasure needs a fresh confirmation', async (t) => {
  const { memory, tenant } = await buildApp(t);
  await memory.say(tenant, '7', '/start');
  t.match(textOf(await memory.press(tenant, '7', 'base:erase:yes')), /richiesta di cancellazione è scaduta/, 'a stray "yes" erases nothing');
  await memory.say(tenant, '7', '/cancella');
  t.match(textOf(await memory.press(tenant, '7', 'base:erase:no')), /non abbiamo cancellato nulla/);
  t.match(textOf(await memory.press(tenant, '7', 'base:erase:yes')), /scaduta/, 'a "no" consumed the request');
});

t.test('help lists commands and the menu; English speakers get English', async (t) => {
  const { memory, tenant } = await buildApp(t);
  const help = await memory.say(tenant, '8', '/aiuto');
  t.match(textOf(help), /\/categorie — scegli le categorie/);
  t.ok(help.at(-1)?.choices?.some((c) => c.payload === 'base:archive'), 'the menu follows');
  const english = await memory.say(tenant, '9', '/start', { locale: 'en-GB' });
  t.match(textOf(english), /Welcome! This is the official channel of \*?Comune di Esempio/);
});
