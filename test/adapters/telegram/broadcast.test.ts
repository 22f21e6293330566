import t from 'tap';
import { ChannelIdentity, Delivery } from '../../../core/internal.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';
import { telegramApp } from './telegram-app.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(30_000, 7)]);
const PDF = Buffer.from('%PDF-1.4\n% ordinanza n. 12\n%%EOF');

t.test('a notice with photo and PDF through the dispatcher: exactly the subscribers, 403 deactivates, 429 pauses the lane, file_id reused', async (t) => {
  // The fake enforces Telegram's limits (30/s per bot, 1/s per chat): each chat gets two messages, 1 s apart.
  const { fake, app } = await telegramApp(t, { fake: { acceptUnknownChats: true } });
  const tenant = app.defaultTenant;
  const cat = await categories(app);
  // 24 people on Telegram: even ones subscribe to eventi (12), odd ones to mobilità only.
  const { first } = await seed(app, {
    count: 24, channel: 'telegram',
    subscriptions: [{ categoryId: cat.eventi!, every: 2, offset: 0 }, { categoryId: cat.mobilita!, every: 2, offset: 1 }],
  });
  const subscribers = Array.from({ length: 12 }, (_, i) => first + 2 * i);
  const blocked = subscribers[3]!;
  fake.chats.add(blocked);
  fake.chats.block(blocked);
  // The first photo of the broadcast is refused with 429: the lane pauses for retry_after, then resumes.
  fake.failNext('sendPhoto', 1, { status: 429, description: 'Too Many Requests: retry after 1' });

  const image = await app.notifications.media.upload(tenant.id, JPEG, 'image/jpeg', 'allerta.jpg');
  const pdf = await app.notifications.media.upload(tenant.id, PDF, 'application/pdf', 'ordinanza.pdf');
  const notice = await app.notifications.notices.create(tenant, {
    categoryKey: 'eventi', title: 'Festa <di paese>', text: 'Sabato in piazza & dintorni.', imageMediaId: image.id, documentMediaId: pdf.id,
    linkUrl: 'https://example.org/festa',
  });
  const paused = untilEvent(app, 'lane:paused');
  const done = untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id, 30_000);
  await app.notifications.notices.send(tenant, notice.id);
  const [pause] = await paused;
  t.equal(pause.ms, 1000, 'the 429 paused the whole lane for retry_after');
  await done;

  const photos = fake.sentMessages.filter((m) => m.method === 'sendPhoto');
  const documents = fake.sentMessages.filter((m) => m.method === 'sendDocument');
  const reached = subscribers.filter((id) => id !== blocked);
  t.same(photos.map((m) => m.chatId).sort(), [...reached].sort(), 'every subscriber but the blocked one got the photo, once');
  t.same(documents.map((m) => m.chatId).sort(), [...reached].sort(), 'and the PDF, once');
  t.notOk(fake.sentMessages.some((m) => (m.chatId - first) % 2 === 1), 'nobody outside the category got anything');
  t.equal(photos[0]?.caption, 'Festa <di paese>\n\nSabato in piazza & dintorni.', 'title and text as the caption, escaped');
  t.match(photos[0]?.replyMarkup, { inline_keyboard: [[{ url: 'https://example.org/festa' }]] }, 'the link as a button');

  const stats = fake.stats();
  t.equal(stats.uploads, 2, 'photo and PDF uploaded once for the bot');
  t.equal(stats.fileIdReuses, 2 * reached.length - 2, 'every other send reused the file_id');
  t.equal(stats.count429, 1, 'only the injected 429: the lane never exceeded the limits itself');

  const em = app.services.tenants.scopedEm(tenant.id);
  const identity = await em.findOneOrFail(ChannelIdentity, { channel: 'telegram', externalId: String(blocked) });
  t.equal(identity.active, false, '403 blocked → identity deactivated');
  t.equal(identity.inactiveReason, 'blocked');
  const failed = await em.find(Delivery, { notice: notice.id, state: 'failed' });
  t.equal(failed.length, 1);
  t.match(failed[0], { outcome: 'gone', reason: 'blocked' });
  const result = await app.notifications.noticeStats(tenant, notice.id);
  t.same(result.byState, { pending: 0, sending: 0, sent: 11, failed: 1 }, 'stats add up to the audience');
  t.same(result.failedBy, { gone: 1 });

  // Per chat: the photo and the PDF at least ~1 s apart (the fake would have answered 429 otherwise).
  for (const id of reached) {
    const times = fake.sentMessages.filter((m) => m.chatId === id).map((m) => m.at);
    t.ok(times.length === 2 && times[1]! - times[0]! >= 990, `chat ${id}: two messages ≥ 1 s apart`);
  }
});
