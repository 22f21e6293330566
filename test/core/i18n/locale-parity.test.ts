import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import t from 'tap';

// Every catalog that has German must say everything Italian says, with the same `{placeholders}` and the
// same `*bold*` markup, so a key added to it.json without German fails here by name (the fallback to
// Italian would hide it in use).

const root = resolve(import.meta.dirname, '../../..');
type Texts = Record<string, string>;

/** Nested UI texts (`{ nav: { dashboard: … } }`) as flat `nav.dashboard` keys; flat catalogs stay as they are. */
function flatten(node: unknown, prefix = '', out: Texts = {}): Texts {
  if (typeof node === 'string') out[prefix] = node;
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** Folders with `<lang>.json` catalogs: core, every module, the admin UI and the public pages. */
function catalogFolders(): string[] {
  const modules = readdirSync(join(root, 'modules')).map((name) => join('modules', name, 'locales'));
  return ['core/i18n/locales', ...modules, 'admin-api/ui/i18n', 'admin-api/public/texts']
    .map((folder) => join(root, folder))
    .filter((folder) => existsSync(join(folder, 'it.json')));
}

/** Each catalog in Italian and German: the folders' files and the web chat's one file with a block per language. */
function catalogs(): { name: string; it: Texts; de: Texts | undefined }[] {
  const out = catalogFolders().map((folder) => {
    const dePath = join(folder, 'de.json');
    return {
      name: relative(root, dePath),
      it: flatten(readJson(join(folder, 'it.json'))),
      de: existsSync(dePath) ? flatten(readJson(dePath)) : undefined,
    };
  });
  const webchat = readJson(join(root, 'adapters/webchat/public/texts.json')) as Record<string, unknown>;
  out.push({ name: 'adapters/webchat/public/texts.json#de', it: flatten(webchat.it), de: webchat.de === undefined ? undefined : flatten(webchat.de) });
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const stars = (text: string): number => text.replace(/\{\w+\}/g, '').split('*').length - 1;

const all = catalogs();

t.test('the catalogs German is promised for have a de.json', async (t) => {
  const expected = ['core/i18n/locales/de.json', 'modules/base/locales/de.json', 'modules/qa/locales/de.json', 'modules/handoff/locales/de.json',
    'modules/reports/locales/de.json', 'modules/staff/locales/de.json', 'modules/tasks/locales/de.json', 'admin-api/public/texts/de.json'];
  const withGerman = all.filter((c) => c.de).map((c) => c.name);
  for (const name of expected) t.ok(withGerman.includes(name), `${name} exists`);
});

for (const { name, it, de } of all) {
  if (!de) continue;
  t.test(`${name}: the keys and placeholders of it.json`, async (t) => {
    const missing = Object.keys(it).filter((key) => !(key in de));
    const extra = Object.keys(de).filter((key) => !(key in it));
    t.same(missing, [], `keys missing in German: ${missing.join(', ') || 'none'}`);
    t.same(extra, [], `keys only in German (not in Italian): ${extra.join(', ') || 'none'}`);
    const badPlaceholders = Object.keys(it).filter((key) => key in de && placeholders(it[key]!).join() !== placeholders(de[key]!).join());
    t.same(badPlaceholders.map((key) => `${key}: it {${placeholders(it[key]!).join('}{')}} de {${placeholders(de[key]!).join('}{')}}`), [],
      'every key has the same {placeholders} in both languages');
    const badMarkup = Object.keys(it).filter((key) => key in de && stars(it[key]!) !== stars(de[key]!));
    t.same(badMarkup, [], `same *bold* markup: ${badMarkup.join(', ') || 'all keys'}`);
    const empty = Object.keys(de).filter((key) => de[key]!.trim() === '' && it[key]?.trim() !== '');
    t.same(empty, [], 'no German text is empty');
  });
}

t.test('the check itself names a missing key and a changed placeholder', async (t) => {
  const it: Texts = flatten({ a: { hi: 'Ciao {name}', bye: 'Ciao' } });
  const de: Texts = flatten({ a: { hi: 'Hallo {nome}' } });
  t.same(Object.keys(it).filter((key) => !(key in de)), ['a.bye']);
  t.not(placeholders(it['a.hi']!).join(), placeholders(de['a.hi']!).join());
  t.equal(stars('*Neue Aufgabe*: {title}'), 2);
});
