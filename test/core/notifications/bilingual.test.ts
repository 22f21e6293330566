// A comune speaking it,de: one notice with a German translation reaches each person in their own
// language (the person's locale, read per delivery row), a person whose language has no translation
// gets the comune's first language, and the window-closed template is filled in the same language.
import t from 'tap';
import { toPlainText } from '../../../core/internal.js';
import { seedAudience } from '../../../scripts/lib/seed-audience.js';
import { sqlRunner } from '../../../core/internal.js';
import { speak } from '../../helpers/bilingual.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, untilEvent } from '../../helpers/notifications.js';

t.test('German and Italian people each get the notice in their language; a missing translation falls back', async (t) => {
  const { app, memory, tenant: slug } = await buildApp(t);
  const tenant = await speak(app, slug, ['it', 'de', 'en']);
  const cat = await categories(app);
  const audience = (locale: string, count: number) => seedAudience(sqlRunner(app.db), {
    tenantId: tenant.id, tenantSlug: tenant.slug, count, channel: 'memory', account: 'default', locale,
    subscriptions: [{ categoryId: cat.eventi!, every: 1 }],
  });
  const italians = await audience('it', 3);
  const germans = await audience('de', 2);
  const english = await audience('en', 1);

  const notice = await app.notifications.notices.create(tenant, {
    categoryKey: 'eventi', title: 'Strada chiusa', text: 'Via Roma è chiusa dalle 8 alle 18.',
    translations: { de: { title: 'Straße gesperrt', text: 'Die Romstraße ist von 8 bis 18 Uhr gesperrt.' } },
  });
  t.same(notice.translations, { de: { title: 'Straße gesperrt', text: 'Die Romstraße ist von 8 bis 18 Uhr gesperrt.' } }, 'stored on the notice');
  const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
  await app.notifications.notices.send(tenant, notice.id);
  await sent;

  const textTo = (chatId: number) => memory.sent.filter((s) => s.ref.chatId === String(chatId)).map((s) => toPlainText(s.message.text ?? []));
  for (let i = 0; i < 3; i += 1) t.same(textTo(italians.first + i), ['Strada chiusa\n\nVia Roma è chiusa dalle 8 alle 18.'], `Italian ${i}: in Italian`);
  for (let i = 0; i < 2; i += 1) t.same(textTo(germans.first + i), ['Straße gesperrt\n\nDie Romstraße ist von 8 bis 18 Uhr gesperrt.'], `German ${i}: in German`);
  t.same(textTo(english.first), ['Strada chiusa\n\nVia Roma è chiusa dalle 8 alle 18.'], 'no English translation: the comune\'s first language');
  t.equal(memory.sent.length, 6, 'one message each: one notice, one send path');
  const stats = await app.notifications.noticeStats(tenant, notice.id);
  t.same(stats.byState, { pending: 0, sending: 0, sent: 6, failed: 0 });
});

t.test('translations are checked against the comune\'s languages, and edits replace or remove them', async (t) => {
  const { app, tenant: slug } = await buildApp(t);
  const tenant = await speak(app, slug, ['it', 'de']);
  const notices = app.notifications.notices;
  const base = { categoryKey: 'eventi', title: 'Sagra', text: 'Domenica in piazza.' };
  await t.rejects(notices.create(tenant, { ...base, translations: { fr: { title: 'Fête', text: 'Dimanche.' } } }), { code: 'NOTICE_INVALID', field: 'translations.fr', message: /not one of the comune's languages \(accepted: de\)/ });
  await t.rejects(notices.create(tenant, { ...base, translations: { it: { title: 'Sagra', text: 'x' } } }), { code: 'NOTICE_INVALID', field: 'translations.it', message: /first language/ });
  await t.rejects(notices.create(tenant, { ...base, translations: { de: { title: '  ', text: 'Sonntag.' } } }), { code: 'NOTICE_INVALID', field: 'translations.de.title' });
  await t.rejects(notices.create(tenant, { ...base, translations: { de: { title: 'Fest', text: 'x'.repeat(4001) } } }), { code: 'NOTICE_INVALID', field: 'translations.de.text', message: /4001 characters/ });

  const notice = await notices.create(tenant, { ...base, translations: { de: { title: ' Fest ', text: 'Sonntag am Platz.' } } });
  t.same(notice.translations, { de: { title: 'Fest', text: 'Sonntag am Platz.' } }, 'trimmed');
  t.same((await notices.update(tenant, notice.id, { title: 'Sagra del paese' })).translations, { de: { title: 'Fest', text: 'Sonntag am Platz.' } }, 'an edit without translations keeps them');
  t.equal((await notices.update(tenant, notice.id, { translations: null })).translations, null, 'null removes them');
  t.equal((await notices.update(tenant, notice.id, { translations: {} })).translations, null, 'so does an empty object');
});
