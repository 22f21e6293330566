import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { retentionOf, Tenant } from '../../../../core/internal.js';
import { badRequest } from '../../../errors.js';
import { publicSettingsOf } from '../../../public/public-settings.js';
import { PublicSettingsBody, PublicSettingsUpdate, responses, RetentionSettings, RetentionUpdate, TenantParams } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/**
 * A comune's own settings. Retention: how many days conversations, files people sent and shared
 * positions are kept before core's retention job deletes them (defaults 180/30/30 days).
 *
 * @example
 * PATCH /api/v1/tenants/esempio/settings/retention {"locationDays":7}
 */
const settings: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['settings'];

  fastify.get('/tenants/:tenant/settings/retention', {
    schema: { tags, summary: 'Read how long the comune keeps conversations, media and positions', 'x-permission': 'retention.read', params: TenantParams, response: responses({ 200: RetentionSettings }) },
  }, async (request) => {
    const row = await fastify.campanile.db.em.fork().findOneOrFail(Tenant, { id: scopeOf(request).tenant.id });
    return retentionOf(row.settings);
  });

  fastify.patch('/tenants/:tenant/settings/retention', {
    config: { audit: { action: 'update', target: 'retention' } },
    schema: {
      tags, summary: 'Change how long the comune keeps conversations, media and positions',
      description: 'Only the fields sent change. Shorter periods take effect at the next hourly run: data already older is deleted then, and cannot be recovered.',
      'x-permission': 'retention.write', params: TenantParams, body: RetentionUpdate, response: responses({ 200: RetentionSettings }, [400, 415]),
    },
  }, async (request) => {
    const { tenant } = scopeOf(request);
    // Unknown fields are stripped by the validator (as on every route): a body of only typos arrives empty.
    if (Object.keys(request.body).length === 0) throw badRequest('body', 'changes nothing: send conversationDays, inboundMediaDays and/or locationDays (whole days)');
    const em = fastify.campanile.db.em.fork();
    const row = await em.findOneOrFail(Tenant, { id: tenant.id });
    // Only what the comune chose is stored: the others follow the defaults, should those change.
    row.settings = { ...row.settings, retention: { ...row.settings.retention, ...request.body } };
    await em.flush();
    fastify.campanile.services.tenants.invalidate(tenant.slug);
    return retentionOf(row.settings);
  });

  fastify.get('/tenants/:tenant/settings/public', {
    schema: { tags, summary: 'Read the public archive settings: on/off, colour, logo', 'x-permission': 'public.read', params: TenantParams, response: responses({ 200: PublicSettingsBody }) },
  }, async (request) => {
    const row = await fastify.campanile.db.em.fork().findOneOrFail(Tenant, { id: scopeOf(request).tenant.id });
    return publicSettingsOf(row.settings);
  });

  fastify.patch('/tenants/:tenant/settings/public', {
    config: { audit: { action: 'update', target: 'public-settings' } },
    schema: {
      tags, summary: 'Switch the public archive, feeds and widget on or off; set the colour and logo of the public pages',
      description: 'Only the fields sent change. With `archive: false` every /public/<comune> address answers 404 at once.',
      'x-permission': 'public.write', params: TenantParams, body: PublicSettingsUpdate, response: responses({ 200: PublicSettingsBody }, [400, 415]),
    },
  }, async (request) => {
    const { tenant } = scopeOf(request);
    if (Object.keys(request.body).length === 0) throw badRequest('body', 'changes nothing: send archive (true/false), colour (#rrggbb) and/or logoUrl (https address or null)');
    const em = fastify.campanile.db.em.fork();
    const row = await em.findOneOrFail(Tenant, { id: tenant.id });
    row.settings = { ...row.settings, public: { ...publicSettingsOf(row.settings), ...request.body } };
    await em.flush();
    return publicSettingsOf(row.settings);
  });
};

export default settings;
