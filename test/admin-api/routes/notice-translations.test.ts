// Bilingual notices through the admin API: translations for the comune's other languages are stored and
// shown, anything else is a 400 naming the field (the schema for shape, the engine for the language).
import t from 'tap';
import { build, expectValidationError } from '../../helpers/app.js';
import { speak } from '../../helpers/bilingual.js';
import { categories } from '../../helpers/notifications.js';

t.test('a comune speaking it,de: a German translation is stored, other languages are refused with a clear 400', async (t) => {
  const app = await build(t);
  await speak(app.campanile, app.tenant, ['it', 'de']);
  const cats = await categories(app.campanile);
  const editor = await app.injectAs('editor');
  const url = `/api/v1/tenants/${app.tenant}/notices`;
  const body = { title: 'Strada chiusa', text: 'Via Roma è chiusa.', categoryId: cats.eventi };
  const de = { title: 'Straße gesperrt', text: 'Die Romstraße ist gesperrt.' };

  const created = await editor({ method: 'POST', url, payload: { ...body, translations: { de } } });
  t.equal(created.statusCode, 201, created.body);
  t.same(created.json().translations, { de }, 'shown as written');
  const id = created.json<{ id: number }>().id;
  t.same((await editor({ method: 'GET', url: `${url}/${id}` })).json().translations, { de });
  const plain = await editor({ method: 'POST', url, payload: body });
  t.same(plain.json().translations, {}, 'a notice without translations shows an empty object');

  const french = await editor({ method: 'POST', url, payload: { ...body, translations: { fr: { title: 'Route fermée', text: 'Fermée.' } } } });
  expectValidationError(t, french, 'translations.fr');
  t.match(french.json().message, /accepted: de/, 'the message lists the accepted languages');
  expectValidationError(t, await editor({ method: 'POST', url, payload: { ...body, translations: { it: de } } }), 'translations.it');
  expectValidationError(t, await editor({ method: 'POST', url, payload: { ...body, translations: { de: { title: 'Nur Titel' } } } }), 'translations.de');
  const extra = await editor({ method: 'POST', url, payload: { ...body, translations: { de: { ...de, extra: 1 } } } });
  t.same(extra.json().translations, { de }, 'an unknown field inside a translation is dropped (fastify\'s removeAdditional), never stored');
  expectValidationError(t, await editor({ method: 'POST', url, payload: { ...body, translations: { 'not a language': de } } }), 'translations');

  const edited = await editor({ method: 'PUT', url: `${url}/${id}`, payload: { translations: { de: { ...de, title: 'Romstraße gesperrt' } } } });
  t.equal(edited.statusCode, 200, edited.body);
  t.equal(edited.json().translations.de.title, 'Romstraße gesperrt', 'an edit replaces the translations');
  const cleared = await editor({ method: 'PUT', url: `${url}/${id}`, payload: { translations: null } });
  t.same(cleared.json().translations, {}, 'null removes them');
});
