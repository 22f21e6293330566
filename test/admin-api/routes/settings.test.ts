import t from 'tap';
import { Tenant } from '../../../core/internal.js';
import { build, expectProblem, expectValidationError } from '../../helpers/app.js';

t.test('retention settings: read the defaults, change some, validated, audited, per comune', async (t) => {
  const app = await build(t, { modules: [] });
  const { tenant, otherTenant } = app;
  const url = (slug: string) => `/api/v1/tenants/${slug}/settings/retention`;
  const mayor = await app.injectAs('mayor');

  const initial = await mayor({ method: 'GET', url: url(tenant) });
  t.equal(initial.statusCode, 200, initial.body);
  t.same(initial.json(), { conversationDays: 180, inboundMediaDays: 30, locationDays: 30 }, 'the defaults');

  const changed = await mayor({ method: 'PATCH', url: url(tenant), payload: { locationDays: 7, inboundMediaDays: 14 } });
  t.equal(changed.statusCode, 200, changed.body);
  t.same(changed.json(), { conversationDays: 180, inboundMediaDays: 14, locationDays: 7 });
  t.same((await mayor({ method: 'GET', url: url(tenant) })).json(), changed.json(), 'saved');
  const row = await app.campanile.db.em.fork().findOneOrFail(Tenant, { slug: tenant });
  t.same(row.settings.retention, { inboundMediaDays: 14, locationDays: 7 }, 'only the chosen values are stored: the rest follows the defaults');

  for (const [payload, field] of [
    [{ conversationDays: 0 }, 'conversationDays'],
    [{ conversationDays: 731 }, 'conversationDays'],
    [{ inboundMediaDays: 366 }, 'inboundMediaDays'],
    [{ locationDays: 1.5 }, 'locationDays'],
    [{ locationDays: 'sempre' }, 'locationDays'],
  ] as const) {
    expectValidationError(t, await mayor({ method: 'PATCH', url: url(tenant), payload }), field);
  }
  const tooLong = await mayor({ method: 'PATCH', url: url(tenant), payload: { inboundMediaDays: 400 } });
  t.match(tooLong.json().message, /inboundMediaDays must be <= 365/, 'the message says the limit');
  expectValidationError(t, await mayor({ method: 'PATCH', url: url(tenant), payload: {} }), 'body');
  const typo = await mayor({ method: 'PATCH', url: url(tenant), payload: { locationdays: 1 } });
  expectValidationError(t, typo, 'body');
  t.match(typo.json().message, /send conversationDays, inboundMediaDays and\/or locationDays/, 'a body of unknown fields is refused with the accepted names');
  t.same((await mayor({ method: 'GET', url: url(tenant) })).json(), { conversationDays: 180, inboundMediaDays: 14, locationDays: 7 }, 'refused changes wrote nothing');

  // Roles: operators read, only the mayor (and superadmins) change; editors neither.
  const operator = await app.injectAs('operator');
  t.equal((await operator({ method: 'GET', url: url(tenant) })).statusCode, 200, 'an operator reads');
  expectProblem(t, await operator({ method: 'PATCH', url: url(tenant), payload: { locationDays: 1 } }), 403, 'forbidden');
  const editor = await app.injectAs('editor');
  expectProblem(t, await editor({ method: 'GET', url: url(tenant) }), 403, 'forbidden');
  expectProblem(t, await editor({ method: 'PATCH', url: url(tenant), payload: { locationDays: 1 } }), 403, 'forbidden');

  // Tenants: another comune's mayor cannot see or change this one; each comune has its own values.
  const otherMayor = await app.injectAs('mayor', otherTenant);
  expectProblem(t, await otherMayor({ method: 'PATCH', url: url(tenant), payload: { locationDays: 1 } }), 404, 'not-found');
  expectProblem(t, await otherMayor({ method: 'GET', url: url(tenant) }), 404, 'not-found');
  t.same((await otherMayor({ method: 'GET', url: url(otherTenant) })).json(), { conversationDays: 180, inboundMediaDays: 30, locationDays: 30 }, 'the other comune keeps the defaults');
  const superadmin = await app.injectAs('superadmin');
  t.equal((await superadmin({ method: 'PATCH', url: url(otherTenant), payload: { conversationDays: 90 } })).json().conversationDays, 90, 'a superadmin changes any comune');
  t.equal((await mayor({ method: 'GET', url: url(tenant) })).json().conversationDays, 180, 'without touching this one');

  const audit = (await mayor({ method: 'GET', url: `/api/v1/tenants/${tenant}/audit` })).json() as { action: string; target: string }[];
  t.equal(audit.filter((e) => e.action === 'update' && e.target === 'retention').length, 1, 'the change is audited, the refusals are not');

  // The job reads what the API saved.
  const report = await app.campanile.services.retention.runOnce(new Date('2031-01-01T00:00:00Z'));
  t.ok(report.ran);
});
