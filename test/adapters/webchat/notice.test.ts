import t from 'tap';
import { Category, ChannelIdentity, Subscription } from '../../../core/internal.js';
import { untilEvent } from '../../helpers/notifications.js';
import { frameText, startWebchat, WebchatClient, type WebchatServer } from '../../helpers/webchat.js';

/** Opens a session, says /start, and subscribes its person to `categoryKey`. */
async function subscriber(server: WebchatServer, categoryKey: string) {
  const client = await WebchatClient.open(server, server.tenant);
  const { token, session } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  await client.next('ack');
  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  const identity = await em.findOneOrFail(ChannelIdentity, { channel: 'webchat', externalId: session });
  const category = await em.findOneOrFail(Category, { key: categoryKey });
  em.create(Subscription, { tenant: server.app.defaultTenant.id, person: identity.person, category, createdAt: new Date() });
  await em.flush();
  return { client, token };
}

t.test('a notice sent through the dispatcher appears live in an open session and waits in the history of a closed one', async (t) => {
  const server = await startWebchat(t);
  const open = await subscriber(server, 'eventi');
  const closed = await subscriber(server, 'eventi');
  const other = await subscriber(server, 'mobilita');
  closed.client.close();
  await closed.client.closed();

  const tenant = server.app.defaultTenant;
  const notice = await server.app.notifications.notices.create(tenant, {
    categoryKey: 'eventi', title: 'Sagra della castagna', text: 'Domenica in piazza.', linkUrl: 'https://example.org/sagra',
  });
  const sent = untilEvent(server.app, 'notice:sent', (e) => e.noticeId === notice.id);
  await server.app.notifications.notices.send(tenant, notice.id);
  const live = await open.client.next('message', (f) => frameText(f).includes('Sagra della castagna'));
  t.match(frameText(live), /Sagra della castagna[\s\S]*Domenica in piazza\./, 'title and text, live in the open tab');
  t.same(live.entry.body.links, [{ label: 'Apri il link', url: 'https://example.org/sagra' }], 'the link as a button');
  await sent;

  const stats = await server.app.notifications.noticeStats(tenant, notice.id);
  t.same(stats.byState, { pending: 0, sending: 0, sent: 2, failed: 0 }, 'a closed tab counts as delivered: the history keeps it');

  const back = await WebchatClient.open(server, server.tenant);
  const { history } = await back.hello(closed.token);
  const texts = history.map((e) => (e.body.text ?? []).map((s) => s.text).join(''));
  t.ok(texts.some((text) => text.includes('Sagra della castagna')), 'the notice waits in the history for the next visit');
  back.close();

  await new Promise((resolve) => setTimeout(resolve, 100));
  t.notOk(other.client.frames.some((f) => f.t === 'message' && frameText(f).includes('Sagra')), 'nobody outside the category gets it');
  open.client.close();
  other.client.close();
});
