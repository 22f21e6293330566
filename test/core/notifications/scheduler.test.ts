import t from 'tap';
import { Delivery, NoticeError, utcToZoned, zonedToUtc } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';

t.test('local times in the tenant timezone become UTC across daylight saving', async (t) => {
  t.equal(zonedToUtc('2026-12-24T08:30', 'Europe/Rome').toISOString(), '2026-12-24T07:30:00.000Z');
  t.equal(zonedToUtc('2026-07-01T08:30', 'Europe/Rome').toISOString(), '2026-07-01T06:30:00.000Z');
  t.equal(utcToZoned(new Date('2026-07-01T06:30:00Z'), 'Europe/Rome'), '2026-07-01T08:30');
  t.throws(() => zonedToUtc('24/12/2026 8:30', 'Europe/Rome'), /YYYY-MM-DDTHH:mm/);
});

t.test('scheduled goes at its time; scheduled-then-cancelled never goes; due while down still goes', async (t) => {
  let offset = 0;
  const { app, memory } = await buildApp(t, { notifications: { clock: () => Date.now() + offset } });
  const tenant = app.defaultTenant;
  const notices = app.notifications.notices;
  const cat = await categories(app);
  await seed(app, { count: 5, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const inOneHour = utcToZoned(new Date(Date.now() + 3_600_000), tenant.timezone);

  const scheduled = await notices.create(tenant, { categoryKey: 'eventi', title: 'Programmato', text: 'x' });
  const atTime = await notices.schedule(tenant, scheduled.id, inOneHour);
  t.equal(atTime.scheduledAt?.toISOString(), zonedToUtc(inOneHour, tenant.timezone).toISOString(), 'stored in UTC');
  const cancelled = await notices.create(tenant, { categoryKey: 'eventi', title: 'Annullato', text: 'x' });
  await notices.schedule(tenant, cancelled.id, inOneHour);
  await notices.cancel(tenant, cancelled.id);

  await app.notifications.scheduler.tick();
  t.equal(memory.sent.length, 0, 'nothing goes before its time');
  const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === scheduled.id);
  offset = 3_600_000 + 60_000;
  await sent;
  t.equal(memory.sent.length, 5, 'the scheduled notice went to its 5 subscribers');
  const em = app.services.tenants.scopedEm(tenant.id);
  t.equal(await em.count(Delivery, { notice: cancelled.id }), 0, 'the cancelled notice never went');
  t.equal((await notices.get(tenant, cancelled.id)).status, 'cancelled');

  // Down at the due time: the scheduler is stopped, the time passes, it starts again.
  await app.notifications.scheduler.stop();
  const late = await notices.create(tenant, { categoryKey: 'eventi', title: 'In ritardo', text: 'x' });
  await notices.schedule(tenant, late.id, new Date(Date.now() + offset + 60_000));
  offset += 2 * 3_600_000;
  const lateSent = untilEvent(app, 'notice:sent', (e) => e.noticeId === late.id);
  await app.notifications.scheduler.start();
  await lateSent;
  t.equal(memory.sent.length, 10, 'a notice due while the process was down still goes');
});

t.test('notice validation errors are typed, with a code and a fix', async (t) => {
  const { app } = await buildApp(t);
  const tenant = app.defaultTenant;
  const notices = app.notifications.notices;
  const urgent = await notices.create(tenant, { categoryKey: 'protezione-civile', title: 'Allerta', text: 'x' });
  t.equal(urgent.priority, 'urgent', 'civil protection defaults to urgent');
  const normal = await notices.create(tenant, { categoryKey: 'eventi', title: 'Sagra', text: 'x' });
  t.equal(normal.priority, 'normal');
  const expectCode = async (promise: Promise<unknown>, code: string, field?: string) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    t.ok(error instanceof NoticeError, `${code} is a NoticeError`);
    t.match(error, { code, ...(field ? { field } : {}) }, code);
  };
  await expectCode(notices.create(tenant, { categoryKey: 'nope', title: 'a', text: 'b' }), 'CATEGORY_NOT_FOUND');
  await expectCode(notices.create(tenant, { categoryKey: 'eventi', title: ' ', text: 'b' }), 'NOTICE_INVALID', 'title');
  await expectCode(notices.create(tenant, { categoryKey: 'eventi', title: 'a', text: 'b', linkUrl: 'ftp://x' }), 'NOTICE_INVALID', 'linkUrl');
  await expectCode(notices.create(tenant, { categoryKey: 'eventi', title: 'a', text: 'b', imageMediaId: 'f'.repeat(64) }), 'MEDIA_NOT_FOUND', 'imageMediaId');
  await expectCode(notices.schedule(tenant, normal.id, '2020-01-01T10:00'), 'SCHEDULE_IN_PAST', 'scheduledAt');
  await expectCode(notices.schedule(tenant, normal.id, 'domani'), 'SCHEDULE_INVALID', 'scheduledAt');
  await expectCode(notices.get(tenant, 999_999), 'NOTICE_NOT_FOUND');
  await notices.send(tenant, normal.id);
  await expectCode(notices.cancel(tenant, normal.id), 'NOTICE_NOT_EDITABLE');
  await expectCode(notices.update(tenant, normal.id, { title: 'x' }), 'NOTICE_NOT_EDITABLE');
  const edited = await notices.update(tenant, urgent.id, { title: 'Allerta meteo', priority: 'normal' });
  t.match(edited, { title: 'Allerta meteo', priority: 'normal' }, 'a draft can be edited');
});
