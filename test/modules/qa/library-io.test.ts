import t from 'tap';
import { parseCsv, writeCsv } from '../../../core/internal.js';
import { groupKey, similarKey } from '../../../modules/qa/service/group-key.js';
import { buildQaApp } from '../../helpers/qa-app.js';

t.test('CSV follows RFC 4180', async (t) => {
  t.same(parseCsv('\ufeffa,b\r\n"x, ""y""","multi\nline"\r\n\r\nlast,\n'), [['a', 'b'], ['x, "y"', 'multi\nline'], ['last', '']]);
  const rows = [['key', 'answer'], ['a', 'Sì, "sempre"'], ['b', 'riga 1\r\nriga 2'], ['c', ' spazio ']];
  t.same(parseCsv(writeCsv(rows)), rows, 'what we write we read back');
  t.throws(() => parseCsv('a,"b"c'), { name: 'CsvError', message: /after a closing quote/ });
  t.throws(() => parseCsv('a,b"c'), { name: 'CsvError', message: /quote inside an unquoted field/ });
});

t.test('group keys ignore case, accents, punctuation, function words and word order', async (t) => {
  t.equal(groupKey('Orari del CAMPOSANTO???'), groupKey('il camposanto: orari'));
  t.equal(similarKey(groupKey('orari campsanto'), [groupKey('orari biblioteca'), groupKey('orari camposanto')]), groupKey('orari camposanto'));
  t.equal(similarKey(groupKey('come pago la tasi'), [groupKey('come pago la tari')]), undefined, 'two different taxes stay apart');
});

t.test('the library round-trips through JSON and CSV export/import; CRUD validates', async (t) => {
  const { admin } = await buildQaApp(t);
  await admin('POST', '/import-starter', { body: {} });
  for (const format of ['json', 'csv'] as const) {
    const exported = (await admin('GET', '/export', { query: { format } })).body as { content: string; filename: string };
    t.match(exported.filename, new RegExp(`^qa-esempio\\.${format}$`));
    const again = await admin('POST', '/import', { body: { format, content: exported.content, mode: 'replace' } });
    t.same(again.body, { created: 0, updated: 42, deleted: 0 }, `${format}: every entry matched by key`);
  }
  const before = (await admin('GET', '/entries', { query: { tag: 'anagrafe' } })).body as { items: { key: string; phrasings: string[] }[] };
  const csv = (await admin('GET', '/export', { query: { format: 'csv' } })).body as { content: string };
  await admin('POST', '/import', { body: { format: 'csv', content: csv.content } });
  const after = (await admin('GET', '/entries', { query: { tag: 'anagrafe' } })).body as { items: { key: string; phrasings: string[] }[] };
  t.same(after.items, before.items, 'phrasings survive a CSV round trip unchanged');

  const created = await admin('POST', '/entries', { body: { question: 'Dove si vota?', answer: 'Al seggio indicato sulla tessera.', phrasings: ['seggio elettorale'] } });
  t.match(created, { status: 201, body: { key: 'dove-si-vota', enabled: true, linkUrl: null } }, 'key derived from the question');
  t.match(await admin('POST', '/entries', { body: { question: 'Dove si vota?', answer: 'x' } }), { status: 409, body: { code: 'QA_DUPLICATE_KEY' } });
  t.match(await admin('POST', '/entries', { body: { question: 'Link?', answer: 'x', linkUrl: 'ftp://x' } }), { status: 400, body: { code: 'QA_INVALID_ENTRY', message: /http\(s\) URL/ } });
  t.match(await admin('GET', '/entries/:id', { params: { id: 99999 } }), { status: 404, body: { code: 'QA_NOT_FOUND' } });
  const id = (created.body as { id: number }).id;
  t.match(await admin('PUT', '/entries/:id', { params: { id }, body: { question: 'Dove si vota?', answer: 'Nuovo seggio.', enabled: false } }), { status: 200, body: { answer: 'Nuovo seggio.', enabled: false, key: 'dove-si-vota' } });
  t.equal(((await admin('GET', '/entries', { query: { enabled: false } })).body as { total: number }).total, 1);
});

t.test('every route declares its schemas and a module permission', async (t) => {
  const { app } = await buildQaApp(t);
  const routes = app.modules.adminRoutes.filter((r) => r.module === 'qa').map((r) => r.route);
  t.equal(routes.length, 19); // with POST /entries/from-handoff
  const names = new Set(app.modules.permissions.map((p) => p.name));
  for (const route of routes) {
    t.ok(names.has(route.permission), `${route.method} ${route.path}: permission ${route.permission} is declared`);
    t.ok(Object.keys(route.schema.response).length > 0, `${route.method} ${route.path}: response schemas`);
    if (['POST', 'PUT'].includes(route.method) && !['/train'].includes(route.path) && !route.path.endsWith('/ignore') && !route.path.endsWith('/reopen') && !route.path.endsWith('/approve') && !route.path.endsWith('/dismiss')) {
      t.ok(route.schema.body, `${route.method} ${route.path}: body schema`);
    }
  }
});
