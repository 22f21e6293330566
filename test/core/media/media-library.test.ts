import t from 'tap';
import { MediaError, MediaFile } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { jpeg, pdf } from './media-fixtures.js';

t.test('a tenant sees only its own media; shared bytes are stored once and deleted with their last user', async (t) => {
  const { app } = await buildApp(t, { modules: [] });
  const media = app.notifications.media;
  const a = app.defaultTenant;
  const b = await app.services.tenants.ensure({ slug: 'altro-comune', name: 'Comune di Altro', enabledModules: [] });
  const image = jpeg(3000);

  const first = await media.upload(a.id, image, 'image/jpeg', 'allerta.jpg');
  const again = await media.upload(a.id, Uint8Array.from(image), 'image/jpeg', 'allerta-copia.jpg');
  t.equal(again.id, first.id, 'same bytes, same id');
  const rows = await app.db.em.fork().find(MediaFile, { hash: first.id }, { filters: false });
  t.equal(rows.length, 1, 'one MediaFile row for the tenant, not one per upload');

  t.same(await media.get(a.id, first.id), { id: first.id, mimeType: 'image/jpeg', size: 3000, fileName: 'allerta.jpg' });
  t.equal(await media.get(b.id, first.id), null, 'another tenant cannot see it');
  const hidden = await media.require(b.id, first.id).then(() => null, (e: unknown) => e);
  t.ok(hidden instanceof MediaError && hidden.code === 'MEDIA_NOT_FOUND' && hidden.status === 404, 'require: MEDIA_NOT_FOUND for another tenant');
  await t.rejects(
    app.notifications.notices.create(b, { categoryKey: 'eventi', title: 'T', text: 'x', imageMediaId: first.id }),
    { code: 'MEDIA_NOT_FOUND' }, 'another tenant cannot attach it to a notice',
  );

  await media.upload(b.id, image, 'image/jpeg', 'stessa.jpg');
  t.ok(await media.get(b.id, first.id), 'the second tenant uploaded the same bytes: now it sees them');
  t.equal((await app.db.em.fork().find(MediaFile, { hash: first.id }, { filters: false })).length, 2, 'one row per tenant');

  await media.delete(a.id, first.id);
  t.equal(await media.get(a.id, first.id), null, 'forgotten by the first tenant');
  t.ok(await media.store.get(first.id), 'bytes kept: the other tenant still uses them');
  t.same(Buffer.from(await media.store.read(first.id)), Buffer.from(image));
  await media.delete(b.id, first.id);
  t.equal(await media.store.get(first.id), null, 'bytes removed with the last tenant');

  const refused = await media.upload(a.id, pdf(100), 'image/png', 'x.png').then(() => null, (e: unknown) => e);
  t.ok(refused instanceof MediaError && refused.code === 'MEDIA_TYPE_MISMATCH', 'validation errors reach the caller');
  t.equal(await app.db.em.fork().count(MediaFile, {}, { filters: false }), 0, 'no row for a refused upload');
});
