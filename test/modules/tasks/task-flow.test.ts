import t from 'tap';
import { textOf } from '../../helpers/campanile.js';
import { buildStaffApp } from '../../helpers/staff-app.js';
import { tasksModule } from '../../../modules/tasks/index.js';
import { Delivery, DELIVERY_PRIORITY } from '../../../core/internal.js';

type Created = { task: { id: number; state: string }; notified: number; warning: string | null };
type Detail = { state: string; assignee: { name: string } | null; etaMinutes: number | null; timeline: { kind: string; toState: string | null; actor: string; note: string | null; mediaKind: string | null; latitude: number | null }[] };

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

t.test('a task reaches its squad with the image, the first take wins, material is attached, done with a note, the timeline tells it', async (t) => {
  const { app, memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasksModule] });
  const { groupId, chats } = await squad('Squadra manutenzioni', ['Anna', 'Bruno', 'Carla']);
  const image = await app.services.notifications.media.upload(app.defaultTenant.id, PNG, 'image/png', 'buca.png');
  const sentBefore = memory.sent.length;
  const created = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Buca in via Roma', description: 'Transennare', priority: 'urgent', address: 'Via Roma 3', attachments: [image.id], groupIds: [groupId] } })).body as Created;
  t.equal(created.notified, 3, 'three linked members notified');
  t.equal(created.warning, null);
  const sent = memory.sent.slice(sentBefore);
  for (const chat of chats) {
    const mine = sent.filter((s) => s.ref.chatId === chat);
    t.equal(mine.filter((s) => s.message.attachment?.kind === 'image').length, 1, `${chat}: the image once`);
    t.ok(mine.some((s) => s.message.choices?.some((c) => c.payload === `tasks:take:${created.task.id}`)), `${chat}: Prendo io / Non posso`);
  }
  const rows = await app.services.db.em.fork().find(Delivery, { kind: 'direct' }, { filters: false });
  t.ok(rows.length > 0 && rows.filter((r) => r.priority === DELIVERY_PRIORITY.urgent).length >= 6, 'an urgent task goes out with the urgent priority, ahead of routine notices');

  const [anna, bruno, carla] = chats as [string, string, string];
  const eta = await memory.press(tenant, anna, `tasks:take:${created.task.id}`);
  t.same(eta.at(-1)?.choices?.map((c) => c.payload), ['15', '30', '60', 'other'].map((m) => `tasks:eta:${created.task.id}:${m}`), 'ETA choice 15/30/60/other');
  const before = memory.sent.length;
  t.match(textOf(await memory.press(tenant, anna, `tasks:eta:${created.task.id}:30`)), /è tuo.*30 min/s, 'the first take wins');
  const updates = memory.sent.slice(before).filter((s) => s.ref.chatId !== anna);
  t.same(updates.map((s) => s.ref.chatId).sort(), [bruno, carla], 'the others are told');
  t.ok(updates.every((s) => s.message.replaceMessageId && /preso da Anna/.test(textOf([s.message]))), 'their task message is edited to "preso da Anna"');
  t.match(textOf(await memory.press(tenant, bruno, `tasks:eta:${created.task.id}:15`)), /già stato preso da Anna/, 'a later take is told who has it');

  // Refusal with a reason, from Carla.
  await memory.press(tenant, carla, `tasks:refuse:${created.task.id}`);
  t.match(textOf(await memory.say(tenant, carla, 'Sono in ferie')), /registrato il motivo/);

  // Anna: in corso, material (photo, position), done with a note.
  t.match(textOf(await memory.press(tenant, anna, `tasks:start:${created.task.id}`)), /in corso/);
  const photo = await memory.deliver({ ...memory.base(tenant, anna), kind: 'media', media: { kind: 'photo', mimeType: 'image/png', size: PNG.byteLength, fileName: 'foto.png', fetch: async () => PNG } });
  t.match(textOf(photo), /Allegato al compito/, 'a photo is attached');
  await memory.deliver({ ...memory.base(tenant, anna), kind: 'location', latitude: 44.41, longitude: 8.93 });
  const big = await memory.deliver({ ...memory.base(tenant, anna), kind: 'media', media: { kind: 'document', mimeType: 'application/pdf', size: 30 * 1024 * 1024, fetch: async () => new Uint8Array(0) } });
  t.match(textOf(big), /troppo grande/, 'an attachment too big is refused clearly');
  await memory.press(tenant, anna, `tasks:done:${created.task.id}`);
  t.match(textOf(await memory.say(tenant, anna, 'Transennata, serve asfaltatura')), /completato/);

  const detail = (await admin('tasks', 'GET', '/tasks/:id', { params: { id: created.task.id } })).body as Detail;
  t.match(detail, { state: 'completato', assignee: { name: 'Anna' }, etaMinutes: 30 });
  t.same(detail.timeline.filter((e) => e.kind === 'state').map((e) => [e.toState, e.actor]), [
    ['nuovo', 'responsabile@example.org'], ['notificato', 'responsabile@example.org'], ['preso_in_carico', 'Anna'], ['in_corso', 'Anna'], ['completato', 'Anna'],
  ], 'every transition stamped with who');
  t.match(detail.timeline.find((e) => e.kind === 'refused'), { actor: 'Carla', note: 'Sono in ferie' });
  t.same(detail.timeline.filter((e) => e.kind === 'material').map((e) => e.mediaKind), ['photo', 'position'], 'material on the timeline');
  t.match(detail.timeline.at(-1), { note: 'Transennata, serve asfaltatura' });

  // Erasing Anna keeps the task, with "ex membro" as actor.
  const annaId = ((await admin('staff', 'GET', '/members', { query: {} })).body as { items: { id: number; name: string }[] }).items.find((m) => m.name === 'Anna')?.id;
  await admin('staff', 'DELETE', '/members/:id', { params: { id: annaId } });
  const after = (await admin('tasks', 'GET', '/tasks/:id', { params: { id: created.task.id } })).body as Detail;
  t.equal(after.assignee, null);
  t.ok(after.timeline.filter((e) => e.toState === 'completato').every((e) => e.actor === 'ex membro'), 'an erased member is "ex membro"');
});

t.test('bad input and citizens: clear errors, nothing half-written, every task payload is "non ho capito" for a citizen', async (t) => {
  const { memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasksModule] });
  const noGroup = await admin('tasks', 'POST', '/tasks', { body: { title: 'Senza gruppo', groupIds: [] } });
  t.match(noGroup, { status: 400, body: { code: 'TASK_INVALID' } }, 'no group: 400');
  const badMedia = await admin('tasks', 'POST', '/tasks', { body: { title: 'X', groupIds: [1], attachments: ['nope'] } });
  t.equal(badMedia.status, 400, 'an unknown attachment or group: 400');
  t.same((await admin('tasks', 'GET', '/tasks', { query: {} })).body, { items: [] }, 'nothing half-written');

  const empty = (await admin('staff', 'POST', '/groups', { body: { name: 'Vuoto' } })).body as { id: number };
  const lonely = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Nessuno collegato', groupIds: [empty.id] } })).body as Created;
  t.equal(lonely.notified, 0);
  t.match(lonely.warning, /no-linked-members/, 'a group with no linked members: created, the manager told');
  t.equal(lonely.task.state, 'nuovo');

  const { groupId } = await squad('Polizia locale', ['Dario']);
  const task = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Controllo', groupIds: [groupId] } })).body as Created;
  // Past their first contact (which answers anything with the welcome), as citizens who already use the bot.
  for (const citizen of ['citizen-0', 'citizen-1', 'citizen-2']) await memory.say(tenant, citizen, '/start');
  const ordinary = textOf(await memory.press(tenant, 'citizen-0', 'qualcosa:di:ignoto'));
  for (const payload of ['take', 'eta', 'refuse', 'open', 'start', 'done', 'fail'].map((a) => `tasks:${a}:${task.task.id}${a === 'eta' ? ':15' : ''}`).concat(['tasks:mine'])) {
    t.same(textOf(await memory.press(tenant, 'citizen-1', payload)), ordinary, `${payload} as a citizen: the ordinary answer`);
  }
  t.match(textOf(await memory.say(tenant, 'citizen-1', '/compiti')), /compiti/, '/compiti as a citizen: the unknown-command answer');
  t.same(textOf(await memory.say(tenant, 'citizen-1', '/compiti')), textOf(await memory.say(tenant, 'citizen-2', '/nonesiste')).replace('nonesiste', 'compiti'), 'exactly what an unknown command gets');
  t.match(textOf(await memory.press(tenant, 'chat-0', 'tasks:take:99999')), /non esiste/, 'staff pressing another comune\'s or an unknown task: clear reply');
  const detail = (await admin('tasks', 'GET', '/tasks/:id', { params: { id: task.task.id } })).body as Detail;
  t.equal(detail.state, 'notificato', 'citizens changed nothing');
});
