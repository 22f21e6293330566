import t from 'tap';
import { Report } from '../../../modules/reports/index.js';
import { build } from '../../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

t.test('Open311 GeoReport v2: services, POST with the comune\'s api_key, requests round-trip, spec errors', async (t) => {
  const app = await build(t);
  const operator = await app.injectAs('operator');
  const admin = `/api/v1/tenants/${app.tenant}/reports`;
  const base = `/open311/v2/${app.tenant}`;
  const get = (url: string) => app.fastify.inject({ method: 'GET', url: `${base}${url}` });

  const services = await get('/services.json');
  t.equal(services.statusCode, 200);
  t.match(services.headers['content-type'], /application\/json/);
  t.same(services.json()[0], { service_code: 'strade', service_name: 'Strade e marciapiedi', description: 'Strade e marciapiedi', metadata: false, type: 'realtime', keywords: '', group: '' }, 'the spec\'s service fields');
  t.equal(services.json().length, 7);
  t.same((await get('/services/strade.json')).json(), { service_code: 'strade', attributes: [] });
  t.same((await get('/services/nope.json')).json(), [{ code: 404, description: 'No service "nope": list services with services.json.' }], 'an unknown service: the spec\'s error shape');
  t.equal((await get('/services/strade.xml')).statusCode, 400, 'JSON only');

  const { apiKey } = (await operator({ method: 'POST', url: `${admin}/open311-keys`, payload: { label: 'App civica' } })).json();
  // The spec's example request (its service code replaced by one of the comune's).
  const example = 'jurisdiction_id=city.gov&service_code=strade&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Fexample.com%2Fimage.jpg';
  const wrong = await app.fastify.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: `api_key=not-a-key&${example}` });
  t.equal(wrong.statusCode, 403, 'a wrong api_key: 403');
  t.match(wrong.json(), [{ code: 403, description: /api_key/ }]);
  t.equal((await app.fastify.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: example })).statusCode, 403, 'no api_key: 403');
  for (const [lat, long] of [['abc', '7.68'], ['45.07', '7,68'], ['91', '7.68'], ['45.07', '']]) {
    const malformed = await app.fastify.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: `api_key=${apiKey}&service_code=strade&description=Buca+grande&lat=${lat}&long=${long}` });
    t.equal(malformed.statusCode, 400, `malformed lat/long ${lat}/${long}: 400`);
    t.match(malformed.json(), [{ code: 400, description: /lat|long/ }], 'with the spec\'s error shape');
  }
  t.equal(await app.campanile.services.tenants.scopedEm(app.campanile.defaultTenant.id).count(Report, {}), 0, 'nothing written by refused posts');

  const posted = await app.fastify.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: `api_key=${apiKey}&${example}` });
  t.equal(posted.statusCode, 200, posted.body);
  const [created] = posted.json() as { service_request_id: string; service_notice: null; account_id: null }[];
  t.match(created, { service_request_id: /^S-\d{4}-00001$/, service_notice: null, account_id: null }, 'the spec\'s POST response');
  const id = created!.service_request_id;

  // The same report the chat makes: visible and workable in the admin API.
  const listed = (await operator({ method: 'GET', url: `${admin}/reports` })).json();
  t.match(listed.items, [{ code: id, source: 'open311', category: 'strade', latitude: 37.76524078, longitude: -122.4212043, address: '1234 5th street' }]);
  const reportId = listed.items[0].id;

  const one = await get(`/requests/${id}.json`);
  t.equal(one.statusCode, 200);
  t.same(Object.keys(one.json()[0]).sort(), ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'], 'the spec\'s request fields');
  t.match(one.json()[0], { service_request_id: id, status: 'open', service_code: 'strade', description: 'A large sinkhole is destroying the street', lat: 37.76524078, long: -122.4212043, status_notes: null });
  t.notMatch(one.body, /smit333|john|111111111/, 'personal data is not published');

  await operator({ method: 'POST', url: `${admin}/reports/${reportId}/status`, payload: { status: 'resolved', message: 'Voragine chiusa.' } });
  const closed = (await get(`/requests/${id}.json`)).json()[0];
  t.match(closed, { status: 'closed', status_notes: 'Voragine chiusa.' }, 'closed with the message as status_notes');
  t.same((await get('/requests.json?status=closed')).json().map((r: { service_request_id: string }) => r.service_request_id), [id], 'filter: status');
  t.same((await get('/requests.json?status=open')).json(), [], 'filter: status open');
  t.same((await get(`/requests.json?service_request_id=${id},S-1999-00001`)).json().length, 1, 'filter: ids');
  t.same((await get('/requests.json?service_code=illuminazione')).json(), [], 'filter: service_code');
  t.same((await get('/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z')).json(), [], 'filter: dates');
  t.match((await get('/requests.json?start_date=yesterday')).json(), [{ code: 400, description: /start_date/ }]);
  t.match((await get('/requests/S-1999-00001.json')).json(), [{ code: 404 }]);
  t.equal((await app.fastify.inject({ method: 'GET', url: '/open311/v2/nessuno/services.json' })).statusCode, 404, 'an unknown comune');
  const otherKey = await app.fastify.inject({ method: 'POST', url: `/open311/v2/${app.otherTenant}/requests.json`, headers: FORM, payload: `api_key=${apiKey}&${example}` });
  t.equal(otherKey.statusCode, 403, "one comune's key is not another's");
  t.same((await app.fastify.inject({ method: 'GET', url: `/open311/v2/${app.otherTenant}/requests.json` })).json(), [], "and its requests are its own");
});
