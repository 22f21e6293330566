// MAP_TILE_URL and MAP_TILE_ATTRIBUTION: OpenStreetMap by default, a wrong template or an HTML
// attribution stops the start, and the tile server's origin is what the admin UI's CSP adds to img-src.
import t from 'tap';
import { ConfigError, loadConfig, tileUrlOrigin } from '../../core/internal.js';
import { contentSecurityPolicy } from '../../admin-api/routes/admin-ui/index.js';

t.test('defaults to OpenStreetMap with its attribution', async (t) => {
  t.same(loadConfig({}).map, { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', tileAttribution: '© OpenStreetMap contributors' });
  t.same(loadConfig({ MAP_TILE_URL: 'https://{s}.tiles.example.it/base/{z}/{x}/{y}{r}.png?key=k', MAP_TILE_ATTRIBUTION: '© Regione Esempio' }).map,
    { tileUrl: 'https://{s}.tiles.example.it/base/{z}/{x}/{y}{r}.png?key=k', tileAttribution: '© Regione Esempio' });
});

t.test('a wrong template or attribution is refused, naming both', async (t) => {
  const error = t.throws(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.it/{z}/{x}.png', MAP_TILE_ATTRIBUTION: '<script>x</script>' })) as ConfigError;
  t.ok(error instanceof ConfigError);
  t.same(error.problems.map((p) => p.variable).sort(), ['MAP_TILE_ATTRIBUTION', 'MAP_TILE_URL']);
  for (const bad of ['ftp://a.example/{z}/{x}/{y}', 'https://{s}x.example/{z}/{x}/{y}', 'https://a.example/{z}/{x}/{y}/{token}', 'https://user:pw@a.example/{z}/{x}/{y}']) {
    t.throws(() => loadConfig({ MAP_TILE_URL: bad }), ConfigError, bad);
  }
});

t.test('the tile origin, with {s} as a CSP wildcard, goes into img-src only', async (t) => {
  t.equal(tileUrlOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png'), 'https://tile.openstreetmap.org');
  t.equal(tileUrlOrigin('https://{s}.tiles.example.it/{z}/{x}/{y}.png'), 'https://*.tiles.example.it');
  t.equal(tileUrlOrigin('http://127.0.0.1:8080/tms/{z}/{x}/{-y}.png'), 'http://127.0.0.1:8080');
  t.match(contentSecurityPolicy('https://{s}.tiles.example.it/{z}/{x}/{y}.png'), /script-src 'self'; style-src 'self'; img-src 'self' blob: data: https:\/\/\*\.tiles\.example\.it; connect-src 'self'/);
});
