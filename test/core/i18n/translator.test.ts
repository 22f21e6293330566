import t from 'tap';
import { Tenant, Translator, pickLocale, toPlainText } from '../../../core/internal.js';
import { buildApp, textOf } from '../../helpers/campanile.js';

t.test('lookup order: tenant override, locale, Italian, then the key itself', async (t) => {
  const translator = new Translator([{ it: { 'a.hi': 'Ciao {name}', 'a.only_it': 'solo italiano' }, en: { 'a.hi': 'Hi {name}' } }]);
  t.equal(translator.t('en', 'a.hi', { name: 'Ada' }), 'Hi Ada');
  t.equal(translator.t('en', 'a.only_it'), 'solo italiano', 'falls back to Italian');
  t.equal(translator.t('it', 'a.missing'), 'a.missing', 'a missing key is visible, not a crash');
  t.equal(translator.t('en', 'a.hi', { name: 'Ada' }, { en: { 'a.hi': 'Hello {name}!' } }), 'Hello Ada!', 'tenant override wins');
  t.equal(toPlainText(translator.text('it', 'a.hi', { name: '*x*' })), 'Ciao *x*', 'variables are not parsed as markup');
  t.equal(pickLocale('en-GB', ['it', 'en'], 'it'), 'en');
  t.equal(pickLocale('de', ['it', 'en'], 'it'), 'it');
  t.equal(pickLocale(undefined, ['it', 'en'], 'it'), 'it');
});

t.test('a comune overrides a text for its citizens', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const em = app.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { slug: tenant });
  row.settings = { texts: { it: { 'base.welcome': 'Benvenuti a *{comune}*, città del campanile!' } } };
  await em.flush();
  app.services.tenants.invalidate(tenant);
  t.match(textOf(await memory.say(tenant, '1', '/start')), /Benvenuti a Comune di Esempio, città del campanile!/);
});
