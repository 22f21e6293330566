import t from 'tap';
import { Person } from '../../../core/internal.js';
import { Report } from '../../../modules/reports/index.js';
import { createReport } from '../../../modules/reports/service/report-service.js';
import { eraseReporter } from '../../../modules/reports/service/report-privacy.js';
import { reportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { build } from '../../helpers/app.js';
import { jpeg } from '../../helpers/report-inbound.js';

t.test("Open311 media_url: a published report's first photo is served; hidden, erased and guessed ids are 404", async (t) => {
  const app = await build(t);
  const tenant = app.campanile.defaultTenant;
  const em = app.campanile.services.tenants.scopedEm(tenant.id);
  const media = app.campanile.services.notifications.media;
  const settings = await reportSettings(em);
  const photo = async (seed: number) => {
    const stored = await media.upload(tenant.id, jpeg(seed), 'image/jpeg', `foto-${seed}.jpg`);
    return { id: stored.id, kind: 'photo' as const, mimeType: 'image/jpeg', size: stored.size };
  };
  const video = { id: (await media.upload(tenant.id, jpeg(99), 'image/jpeg', 'clip.jpg')).id, kind: 'video' as const, mimeType: 'video/mp4', size: 2048 };
  const [first, second, hiddenPhoto, erasedPhoto] = [await photo(1), await photo(2), await photo(3), await photo(4)];
  const person = (): Person => em.create(Person, { tenant: tenant.id, locale: 'it' });
  const reporter = person();
  const leaving = person();
  await em.flush();
  const make = (description: string, items: typeof first[] | (typeof first | typeof video)[], reporterId: number | null) =>
    createReport(em, tenant.id, settings, { category: 'strade', description, latitude: 45.07, longitude: 7.68, media: items, source: 'chat', reporterId, actor: 'citizen' });
  const published = await make('Buca con due foto', [video, first, second], reporter.id);
  const noPhoto = await make('Buca senza foto', [video], reporter.id);
  const hidden = await make('Buca con una targa in foto', [hiddenPhoto], reporter.id);
  const erased = await make('Buca di chi si è cancellato', [erasedPhoto], leaving.id);
  await em.flush();
  await eraseReporter(em, leaving);

  const operator = await app.injectAs('operator');
  const admin = `/api/v1/tenants/${app.tenant}/reports`;
  const hiding = await operator({ method: 'POST', url: `${admin}/reports/${hidden.id}/visibility`, payload: { hidden: true, note: 'Targa leggibile' } });
  t.equal(hiding.statusCode, 200, hiding.body);
  t.match(hiding.json(), { hidden: true, timeline: [{ kind: 'created' }, { kind: 'visibility', toStatus: 'hidden', note: 'Targa leggibile' }] }, 'hidden, on the timeline');
  t.equal((await app.injectAs('editor').then((editor) => editor({ method: 'POST', url: `${admin}/reports/${hidden.id}/visibility`, payload: { hidden: false } }))).statusCode, 403, 'an editor cannot publish');

  const base = `/open311/v2/${app.tenant}`;
  const get = (url: string, headers: Record<string, string> = {}) => app.fastify.inject({ method: 'GET', url: `${base}${url}`, headers });
  const listed = (await get('/requests.json', { host: 'campanile.comune.example.it', 'x-forwarded-proto': 'https' })).json() as { service_request_id: string; media_url: string | null }[];
  const urlOf = (code: string) => listed.find((r) => r.service_request_id === code)?.media_url;
  t.same(listed.map((r) => r.service_request_id).sort(), [published.code, noPhoto.code, erased.code].sort(), 'a hidden report is not listed');
  t.equal(urlOf(published.code), `https://campanile.comune.example.it${base}/media/${published.code}/${first.id}`, 'media_url: the first photo (not the video), at the address the client reached');
  t.equal(urlOf(noPhoto.code), null, 'no photo: null');
  t.equal(urlOf(erased.code), null, "an erased person's photo is not published");
  t.equal((await get(`/requests/${hidden.code}.json`)).statusCode, 404, 'a hidden report is not found by id');
  t.equal((await get(`/requests/${published.code}.json`, { host: 'campanile.comune.example.it' })).json()[0].media_url, `http://campanile.comune.example.it${base}/media/${published.code}/${first.id}`, 'the same in requests/{id}.json (plain HTTP without the proxy header)');

  const served = await get(`/media/${published.code}/${first.id}`);
  t.equal(served.statusCode, 200);
  t.equal(served.headers['content-type'], 'image/jpeg');
  t.same(new Uint8Array(served.rawPayload), jpeg(1), 'the bytes of the photo');

  for (const [what, url] of [
    ['the second photo (only the first is published)', `/media/${published.code}/${second.id}`],
    ['the video', `/media/${published.code}/${video.id}`],
    ["a hidden report's photo", `/media/${hidden.code}/${hiddenPhoto.id}`],
    ["an erased person's photo", `/media/${erased.code}/${erasedPhoto.id}`],
    ["another report's photo under this code", `/media/${noPhoto.code}/${first.id}`],
    ['an unknown report', `/media/S-1999-00001/${first.id}`],
  ] as const) {
    const refused = await get(url);
    t.equal(refused.statusCode, 404, `${what}: 404`);
    t.match(refused.json(), [{ code: 404, description: /No public photo/ }], 'in the spec\'s error shape');
  }
  t.equal((await app.fastify.inject({ method: 'GET', url: `/open311/v2/${app.otherTenant}/media/${published.code}/${first.id}` })).statusCode, 404, "not under another comune's path");

  await operator({ method: 'POST', url: `${admin}/reports/${hidden.id}/visibility`, payload: { hidden: false } });
  t.equal((await get(`/media/${hidden.code}/${hiddenPhoto.id}`)).statusCode, 200, 'published again: served');
  await media.delete(tenant.id, first.id);
  t.equal((await get(`/media/${published.code}/${first.id}`)).statusCode, 404, 'a file retention removed: 404, not a crash');
  t.equal((await em.fork().findOneOrFail(Report, { id: published.id })).media.length, 3, 'the report is untouched');
});
