// The routes behind the conversation page's controls: whom a conversation can be transferred to
// (GET …/operators), canned replies with their placeholders filled in for the caller, and the bytes of
// a message's file (GET …/conversations/:id/messages/:messageId/media), each scoped to the comune.
import t from 'tap';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('a photo of a broken bench')]);
type Operator = { id: number; name: string; status: string };

t.test('transfer targets: the comune\'s users who can answer, with their presence; nobody else', async (t) => {
  const { call, injectAs, otherTenant } = await buildHandoffApp(t);
  t.equal((await call('PUT', '/presence', { status: 'online' })).statusCode, 200);
  await call('GET', '/presence', undefined, { role: 'mayor' });
  await (await injectAs('editor'))({ method: 'GET', url: '/api/v1/auth/me' });
  await call('GET', '/presence', undefined, { role: 'operator', tenant: otherTenant });
  const me = (await (await injectAs('operator'))({ method: 'GET', url: '/api/v1/auth/me' })).json() as { id: number; email: string };
  const mayor = (await (await injectAs('mayor'))({ method: 'GET', url: '/api/v1/auth/me' })).json() as { id: number; email: string };
  const listed = await call('GET', '/operators');
  t.equal(listed.statusCode, 200, listed.body);
  const items = (listed.json() as { items: Operator[] }).items;
  t.same(items.map((o) => [o.id, o.status]).sort(), [[me.id, 'online'], [mayor.id, 'offline']].sort(), 'the operator (online) and the mayor (offline); not the editor, not the other comune\'s operator');
  t.ok(items.every((o) => o.name.length > 0), 'each with a name to show');
});

t.test('canned replies come with their text filled in for the operator who asks', async (t) => {
  const { call, campanile, injectAs } = await buildHandoffApp(t);
  t.equal((await call('POST', '/canned-replies', { title: 'Saluti', text: 'Il {comune} la saluta. {operatore} {ignoto}' })).statusCode, 201);
  const me = (await (await injectAs('operator'))({ method: 'GET', url: '/api/v1/auth/me' })).json() as { displayName: string | null; email: string };
  const list = (await call('GET', '/canned-replies')).json() as { items: { title: string; text: string; filled: string }[] };
  t.same(list.items.map((c) => [c.title, c.text, c.filled]), [['Saluti', 'Il {comune} la saluta. {operatore} {ignoto}', `Il ${campanile.defaultTenant.name} la saluta. ${me.displayName ?? me.email} {ignoto}`]],
    'placeholders filled, an unknown one left as written');
});

t.test("a message's file: its bytes; 404 for a message without one and from another comune", async (t) => {
  const { memory, tenant, call, otherTenant } = await buildHandoffApp(t);
  const chat = '700';
  await call('PUT', '/presence', { status: 'online' });
  await memory.say(tenant, chat, '/operatore');
  await memory.say(tenant, chat, 'Una panchina rotta');
  await memory.deliver({ ...memory.base(tenant, chat), kind: 'media', caption: 'la panchina', media: { kind: 'photo', mimeType: 'image/png', fileName: 'panchina.png', fetch: async () => new Uint8Array(PNG) } });
  const id = ((await call('GET', '/conversations')).json() as { items: { id: number }[] }).items[0]?.id ?? 0;
  const messages = ((await call('GET', `/conversations/${id}`)).json() as { messages: { id: number; kind: string; mediaId: string | null }[] }).messages;
  const photo = messages.find((m) => m.kind === 'photo');
  const text = messages.find((m) => m.kind === 'text');
  t.ok(photo?.mediaId && text, 'a text and a photo in the conversation');

  const served = await call('GET', `/conversations/${id}/media/${photo?.mediaId}`);
  t.same([served.statusCode, served.headers['content-type'], Buffer.compare(served.rawPayload, PNG)], [200, 'image/png', 0], 'the photo, as sent');
  t.match((await call('GET', `/conversations/${id}/media/not-a-file-of-it`)).json(), { code: 'not-found', message: /holds no file/ }, 'a file the conversation does not hold: 404');
  t.equal((await call('GET', `/conversations/${id + 1}/media/${photo?.mediaId}`)).statusCode, 404, 'the file of another conversation: 404');
  t.equal((await call('GET', `/conversations/${id}/media/${photo?.mediaId}`, undefined, { tenant: otherTenant })).statusCode, 404, "another comune's operator: 404");
  t.equal((await call('GET', `/conversations/${id}/media/bad!id`)).statusCode, 400, 'a malformed id: 400');
});
