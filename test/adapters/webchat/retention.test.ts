import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { WebchatMessage } from '../../../adapters/webchat/index.js';
import { plain, Tenant } from '../../../core/internal.js';
import { startWebchat, WebchatClient, type WebchatServer } from '../../helpers/webchat.js';

const DAY = 24 * 60 * 60 * 1000;

/** A session that wrote text, shared a position and uploaded two photos. */
async function busySession(server: WebchatServer) {
  // Uploads are answered before their turn runs: wait for all five turns, so no reply lands later.
  let turns = 0;
  const allTurns = new Promise<void>((resolve) => {
    server.app.engine.events.on('turn:done', () => { if (++turns === 5) resolve(); });
  });
  const client = await WebchatClient.open(server, server.tenant);
  const { token, session } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  await client.next('ack', (f) => f.id === 'start0001');
  client.send({ t: 'msg', id: 'hello0001', text: 'Buongiorno' });
  await client.next('ack', (f) => f.id === 'hello0001');
  client.send({ t: 'location', id: 'where0001', latitude: 46.0664, longitude: 11.1257 });
  await client.next('ack', (f) => f.id === 'where0001');
  for (const id of ['photo0001', 'photo0002']) {
    const response = await fetch(`${server.base}/chat/${server.tenant}/upload`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-client-id': id }, body: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, id.length, 2, 3, 4]),
    });
    t.equal(response.status, 200, `upload ${id}`);
  }
  await allTurns;
  client.close();
  return session;
}

async function rows(server: WebchatServer, session: string) {
  return server.app.services.tenants.scopedEm(server.app.defaultTenant.id).find(WebchatMessage, { session }, { orderBy: { id: 'asc' } });
}

/** Dates an inbound bubble (and its uploaded file) `days` before `now`; returns the file's path, if any. */
async function age(server: WebchatServer, session: string, clientId: string, now: Date, days: number): Promise<string | undefined> {
  const at = new Date(now.getTime() - days * DAY);
  const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
  await em.nativeUpdate(WebchatMessage, { session, clientId }, { createdAt: at });
  const row = await em.findOneOrFail(WebchatMessage, { session, clientId });
  const key = row.body.attachment ? new URL(row.body.attachment.url, 'http://x').searchParams.get('k') : null;
  if (!key) return undefined;
  const path = join(server.mediaDir, key);
  utimesSync(path, at, at);
  return path;
}

t.test('the web chat history follows the tenant\'s retention: conversation, positions, uploads', async (t) => {
  const server = await startWebchat(t);
  await server.app.services.retention.idle();
  const session = await busySession(server);
  // The clock the job gets: the rows just written are "now"; the ones aged below are older.
  const now = new Date();
  await age(server, session, 'start0001', now, 181);
  await age(server, session, 'hello0001', now, 40);
  await age(server, session, 'where0001', now, 31);
  const oldFile = await age(server, session, 'photo0001', now, 31);
  const newFile = await age(server, session, 'photo0002', now, 29);
  const outbound = (await rows(server, session)).filter((r) => r.direction === 'out').length;

  const report = await server.app.services.retention.runOnce(now);
  const deleted = report.tenants.find((r) => r.tenant === server.tenant)?.deleted['adapter:webchat:default'];
  t.same(deleted, { messages: 1, positions: 1, uploads: 1, files: 1 });
  const left = await rows(server, session);
  t.same(left.filter((r) => r.direction === 'in').map((r) => r.clientId), ['hello0001', 'photo0002'], 'the 181-day-old message, the 31-day-old position and photo are gone');
  t.equal(left.filter((r) => r.direction === 'out').length, outbound, 'the replies, all recent, stay');
  t.notOk(oldFile && existsSync(oldFile), 'the old upload\'s file is deleted');
  t.ok(newFile && existsSync(newFile), 'the recent one\'s stays');

  // A comune with a shorter conversation retention.
  const em = server.app.db.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { id: server.app.defaultTenant.id });
  tenant.settings = { ...tenant.settings, retention: { conversationDays: 30 } };
  await em.flush();
  await server.app.services.retention.runOnce(now);
  t.same((await rows(server, session)).filter((r) => r.direction === 'in').map((r) => r.clientId), ['photo0002'], 'the 40-day-old message goes at 30 days');
});

t.test('a subscriber whose every message is past retention still gets notices', async (t) => {
  const server = await startWebchat(t);
  await server.app.services.retention.idle();
  const client = await WebchatClient.open(server, server.tenant);
  const { session } = await client.hello();
  client.send({ t: 'msg', id: 'start0001', text: '/start' });
  await client.next('ack');
  client.close();
  const now = new Date();
  await age(server, session, 'start0001', now, 365);
  await server.app.services.retention.runOnce(now);
  t.equal((await rows(server, session)).filter((r) => r.direction === 'in').length, 0, 'no inbound bubble left');

  const ref = { tenant: server.tenant, channel: 'webchat', account: 'default', chatId: session };
  const result = await server.webchat.send(ref, { text: plain('Avviso: strada chiusa') });
  t.equal(result.status, 'delivered', 'the session is known by its identity');
  const unknown = await server.webchat.send({ ...ref, chatId: 'AAAAAAAAAAAAAAAAAAAAAA' }, { text: plain('x') });
  t.equal(unknown.status, 'recipient-gone', 'a session that never wrote is still refused');
});
