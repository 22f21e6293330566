import t from 'tap';
import type { Test } from 'tap';
import { build } from '../../helpers/app.js';

// ical.js is not in node_modules: a strict line-level RFC 5545 check instead (CRLF, 75-octet folding,
// content-line grammar, balanced components, required properties and their value formats).
function parseIcs(t: Test, body: string): { calendar: Map<string, string[]>; events: Map<string, string[]>[] } {
  t.ok(body.endsWith('\r\n'), 'ends with CRLF');
  t.notOk(/[^\r]\n|\r[^\n]/.test(body), 'every line ends with CRLF');
  const physical = body.slice(0, -2).split('\r\n');
  t.ok(physical.every((line) => Buffer.byteLength(line, 'utf8') <= 75), 'no line longer than 75 octets');
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  const stack: string[] = [];
  const calendar = new Map<string, string[]>();
  const events: Map<string, string[]>[] = [];
  for (const line of logical) {
    const match = /^([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^:;]*)*):(.*)$/.exec(line);
    if (!match) { t.fail(`not a content line: ${line}`); continue; }
    const [, name, , value] = match as unknown as [string, string, string, string];
    if (name === 'BEGIN') { stack.push(value); if (value === 'VEVENT') events.push(new Map()); continue; }
    if (name === 'END') { t.equal(stack.pop(), value, `END:${value} closes its BEGIN`); continue; }
    const props = stack.at(-1) === 'VEVENT' ? (events.at(-1) as Map<string, string[]>) : calendar;
    props.set(name, [...(props.get(name) ?? []), value]);
  }
  t.equal(stack.length, 0, 'components balanced');
  t.equal(logical[0], 'BEGIN:VCALENDAR');
  t.same(calendar.get('VERSION'), ['2.0']);
  t.equal(calendar.get('PRODID')?.length, 1, 'one PRODID');
  for (const event of events) {
    for (const required of ['UID', 'DTSTAMP', 'DTSTART']) t.equal(event.get(required)?.length, 1, `VEVENT has one ${required}`);
    t.match(event.get('DTSTART')?.[0], /^\d{8}T\d{6}Z$/, 'UTC date-time');
  }
  return { calendar, events };
}

const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

t.test('iCal feeds per comune and per group behind revocable secret URLs; GeoJSON of open tasks', async (t) => {
  const { fastify, tenant, injectAs } = await build(t);
  const manager = await injectAs('staff-manager');
  const api = `/api/v1/tenants/${tenant}`;
  const groupA = (await manager({ method: 'POST', url: `${api}/staff/groups`, payload: { name: 'Manutenzioni' } })).json().id as number;
  const groupB = (await manager({ method: 'POST', url: `${api}/staff/groups`, payload: { name: 'Verde pubblico' } })).json().id as number;
  const title = 'Riparare lampione, via Garibaldi; lato mare — poi verificare l’illuminazione della piazzetta è tutto?';
  const due = '2026-12-10T08:30:00.000Z';
  const created = await manager({ method: 'POST', url: `${api}/tasks/tasks`, payload: { title, description: 'Riga uno\nRiga due, con virgola', address: 'Via Garibaldi 4, Genova', latitude: 44.4107, longitude: 8.9327, dueAt: due, priority: 'urgent', groupIds: [groupA] } });
  t.equal(created.statusCode, 201, created.body);
  await manager({ method: 'POST', url: `${api}/tasks/tasks`, payload: { title: 'Potatura', dueAt: '2026-12-11T09:00:00.000Z', groupIds: [groupB] } });
  await manager({ method: 'POST', url: `${api}/tasks/tasks`, payload: { title: 'Senza scadenza', groupIds: [groupB], latitude: 44.4, longitude: 8.9 } });

  const comuneFeed = (await manager({ method: 'POST', url: `${api}/tasks/feeds`, payload: {} })).json() as { id: number; url: string };
  const groupFeed = (await manager({ method: 'POST', url: `${api}/tasks/feeds`, payload: { groupId: groupA } })).json() as { id: number; url: string };
  const response = await fastify.inject({ method: 'GET', url: comuneFeed.url });
  t.equal(response.statusCode, 200, 'no session needed: the token is the key');
  t.match(response.headers['content-type'], /^text\/calendar/);
  const { events } = parseIcs(t, response.body);
  t.equal(events.length, 2, 'the tasks with a due date');
  const first = events[0] as Map<string, string[]>;
  t.equal(unescape(first.get('SUMMARY')?.[0] ?? ''), `[URGENTE] ${title}`, 'the title survives escaping and folding');
  t.equal(unescape(first.get('DESCRIPTION')?.[0] ?? ''), 'Riga uno\nRiga due, con virgola');
  t.same(first.get('DTSTART'), ['20261210T083000Z'], 'its due date');
  t.same(first.get('GEO'), ['44.410700;8.932700']);
  t.same(first.get('PRIORITY'), ['1']);

  const groupOnly = parseIcs(t, (await fastify.inject({ method: 'GET', url: groupFeed.url })).body);
  t.same(groupOnly.events.map((e) => unescape(e.get('SUMMARY')?.[0] ?? '')), [`[URGENTE] ${title}`], 'the group feed lists only its group\'s tasks');

  t.equal((await fastify.inject({ method: 'GET', url: comuneFeed.url.replace(/[^/]+\/calendar\.ics$/, 'AAAAAAAAAAAAAAAAAAAAAAAA/calendar.ics') })).statusCode, 404, 'a wrong token: 404');
  t.equal((await manager({ method: 'POST', url: `${api}/tasks/feeds/${comuneFeed.id}/revoke` })).statusCode, 200);
  t.equal((await fastify.inject({ method: 'GET', url: comuneFeed.url })).statusCode, 404, 'revoked: 404 at once');
  t.equal((await fastify.inject({ method: 'GET', url: groupFeed.url })).statusCode, 200, 'the other feed still works');
  t.equal((await fastify.inject({ method: 'GET', url: groupFeed.url.replace(`/tasks/${tenant}/`, '/tasks/altro/') })).statusCode, 404, 'another comune\'s URL with this token: 404');

  const geo = (await manager({ method: 'GET', url: `${api}/tasks/geojson` })).json() as { type: string; features: { type: string; geometry: { type: string; coordinates: number[] }; properties: { title: string } }[] };
  t.equal(geo.type, 'FeatureCollection');
  t.equal(geo.features.length, 2, 'open tasks with a position');
  for (const f of geo.features) {
    t.equal(f.type, 'Feature');
    t.equal(f.geometry.type, 'Point');
    const [lon, lat] = f.geometry.coordinates as [number, number];
    t.ok(f.geometry.coordinates.length === 2 && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, 'RFC 7946 position, longitude first');
  }
  t.same(geo.features[0]?.geometry.coordinates, [8.9327, 44.4107]);
  t.equal((await (await injectAs('editor'))({ method: 'GET', url: `${api}/tasks/geojson` })).statusCode, 403, 'GeoJSON needs tasks.read');
});
