/**
 * The task form's attachments and escalation group over the real admin API: the staff manager (who
 * cannot write notices, so not POST /media) uploads through POST /tasks/attachments (multipart), then creates the
 * task with the file and a backup group; bad files are refused with the fix, nothing stored.
 */
import t from 'tap';
import { MediaFile } from '../../../core/internal.js';
import { baseModule } from '../../../modules/base/index.js';
import { staffModule } from '../../../modules/staff/index.js';
import { tasksModule } from '../../../modules/tasks/index.js';
import { build, expectProblem } from '../../helpers/app.js';
import { MULTIPART_HEADERS, multipartFieldsOnly, multipartForm } from '../../helpers/multipart.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

t.test('the staff manager attaches an image and a PDF and names an escalation group', async (t) => {
  const app = await build(t, { modules: [baseModule, staffModule, tasksModule] });
  const manager = await app.injectAs('staff-manager');
  const base = `/api/v1/tenants/${app.tenant}`;
  const upload = (fileName: string, bytes: Buffer, type: string) => manager({ method: 'POST', url: `${base}/tasks/attachments`, payload: multipartForm(bytes, type, fileName), headers: MULTIPART_HEADERS });

  t.equal((await manager({ method: 'POST', url: `${base}/media`, payload: { x: 1 } })).statusCode, 403, 'POST /media is for notice writers: not the staff manager');
  const image = await upload('frana.png', PNG, 'image/png');
  t.equal(image.statusCode, 201, image.body);
  t.match(image.json(), { mimeType: 'image/png', size: PNG.byteLength, fileName: 'frana.png' });
  const pdf = await upload('piano.pdf', PDF, 'application/pdf');
  t.match(pdf.json(), { mimeType: 'application/pdf', fileName: 'piano.pdf' });

  const squad = (await manager({ method: 'POST', url: `${base}/staff/groups`, payload: { name: 'Squadra' } })).json() as { id: number };
  const backup = (await manager({ method: 'POST', url: `${base}/staff/groups`, payload: { name: 'Riserva' } })).json() as { id: number };
  const ids = [(image.json() as { id: string }).id, (pdf.json() as { id: string }).id];
  const created = await manager({ method: 'POST', url: `${base}/tasks/tasks`, payload: { title: 'Frana', groupIds: [squad.id], attachments: ids, escalationGroupId: backup.id } });
  t.equal(created.statusCode, 201, created.body);
  const { task } = created.json() as { task: { id: number; attachments: string[]; escalationGroupId: number } };
  t.same(task.attachments, ids, 'both files on the task');
  t.equal(task.escalationGroupId, backup.id, 'the escalation group is kept');
  const bytes = await manager({ method: 'GET', url: `${base}/tasks/tasks/${task.id}/media/${ids[0]}` });
  t.equal(bytes.statusCode, 200);
  t.same(Buffer.from(bytes.rawPayload), PNG, 'the image reads back as uploaded');
  t.equal(bytes.headers['content-type'], 'image/png');
});

t.test('bad attachments: refused with the fix, nothing stored', async (t) => {
  const app = await build(t, { modules: [baseModule, staffModule, tasksModule] });
  const manager = await app.injectAs('staff-manager');
  const url = `/api/v1/tenants/${app.tenant}/tasks/attachments`;
  const files = async () => app.campanile.services.db.em.fork().count(MediaFile, {}, { filters: false });
  const before = await files();

  const send = (as: typeof manager, payload: Buffer, to = url) => as({ method: 'POST', url: to, payload, headers: MULTIPART_HEADERS });
  const text = await send(manager, multipartForm(Buffer.from('MZ this is not an image at all'), 'application/x-msdownload', 'virus.exe'));
  expectProblem(t, text, 415, 'unsupported-media-type');
  t.match(text.json(), { message: /jpeg.*png.*pdf/i }, 'the message names what is accepted');
  const renamed = await send(manager, multipartForm(Buffer.from('MZ this is not an image at all'), 'image/png', 'virus.png'));
  expectProblem(t, renamed, 415, 'unsupported-media-type');
  t.match(renamed.json(), { message: /renamed/ }, 'a renamed file: the message says so');
  const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
  const tooBig = await send(manager, multipartForm(big, 'image/png', 'enorme.png'));
  expectProblem(t, tooBig, 413, 'payload-too-large');
  t.match(tooBig.json(), { message: /at most 10\.0 MB/ }, 'too big: the limit is said');
  t.equal((await send(manager, multipartFieldsOnly({ note: 'x' }))).statusCode, 400, 'a form without a file: 400');
  t.equal((await manager({ method: 'POST', url, payload: { fileName: 'x.png', data: PNG.toString('base64') } })).statusCode, 415, 'JSON instead of multipart: 415');
  const editor = await app.injectAs('editor');
  t.equal((await send(editor, multipartForm(PNG, 'image/png', 'x.png'))).statusCode, 403, 'a role without tasks.write cannot upload');
  t.equal(await files(), before, 'nothing stored');

  // Another comune's file is not this comune's attachment.
  const other = await (await app.injectAs('staff-manager', app.otherTenant))({ method: 'POST', url: `/api/v1/tenants/${app.otherTenant}/tasks/attachments`, payload: multipartForm(PNG, 'image/png', 'altro.png'), headers: MULTIPART_HEADERS });
  const group = (await manager({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/staff/groups`, payload: { name: 'Squadra' } })).json() as { id: number };
  const foreign = await manager({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/tasks/tasks`, payload: { title: 'X', groupIds: [group.id], attachments: [(other.json() as { id: string }).id] } });
  t.equal(foreign.statusCode, 400, 'another comune\'s upload: 400');
  t.match(foreign.json(), { message: /not uploaded for this comune/ });
  const unknownBackup = await manager({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/tasks/tasks`, payload: { title: 'X', groupIds: [group.id], escalationGroupId: 99999 } });
  t.match(unknownBackup.json(), { status: 400, message: /Unknown escalation group 99999/ }, 'an unknown escalation group: 400');
});
