import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChannelAccount } from '../../../../core/index.js';
import { badRequest, conflict, notFound } from '../../../errors.js';
import {
  CHANNEL_FIELDS, ChannelAccountCreate, ChannelAccountReply, ChannelAccountUpdate, responses, tenantAnd, TenantParams, type ChannelKind,
} from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/** The API view of an account: settings and, per secret, only whether it is set. */
function view(row: ChannelAccount) {
  const fields = CHANNEL_FIELDS[row.channel as ChannelKind];
  const config = row.config;
  const settings: Record<string, string> = {};
  const secrets: Record<string, { configured: boolean }> = {};
  for (const key of fields?.settings ?? []) if (typeof config[key] === 'string') settings[key] = config[key] as string;
  for (const key of fields?.secrets ?? []) secrets[key] = { configured: typeof config[key] === 'string' && (config[key] as string).length > 0 };
  const configured = (fields?.required ?? []).every((key) => secrets[key]?.configured);
  return { id: row.id, channel: row.channel, name: row.name, active: row.active, settings, secrets, configured, createdAt: row.createdAt };
}

/** Rejects fields that belong to another channel (a WhatsApp app secret on a Telegram account). */
function checkFields(channel: ChannelKind, settings: object | undefined, secrets: object | undefined): void {
  const fields = CHANNEL_FIELDS[channel];
  for (const key of Object.keys(settings ?? {})) if (!(fields.settings as readonly string[]).includes(key)) throw badRequest(`settings.${key}`, `is not a ${channel} setting (accepted: ${fields.settings.join(', ')})`);
  for (const key of Object.keys(secrets ?? {})) if (!(fields.secrets as readonly string[]).includes(key)) throw badRequest(`secrets.${key}`, `is not a ${channel} secret (accepted: ${fields.secrets.join(', ')})`);
}

/**
 * A comune's channel accounts (its Telegram bot, its WhatsApp number). Secrets are write-only: the
 * answer says `configured: true` per secret, never the value (the response schema has no field for
 * it, so it cannot leak by accident). Accounts are read when Campanile starts: a new, changed or
 * deactivated account takes effect at the next restart.
 *
 * @example
 * POST /api/v1/tenants/esempio/channel-accounts {"channel":"telegram","name":"default","secrets":{"token":"123:ABC"}}
 */
const RESTART = 'Channel accounts are read when Campanile starts: the bot or number runs (at `/webhooks/<channel>/<tenant>[/<account>]`), stops or picks up new credentials at the next restart.';

const channelAccounts: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['channel-accounts'];
  const AccountParams = tenantAnd('accountId');

  fastify.get('/tenants/:tenant/channel-accounts', {
    schema: { tags, summary: 'List channel accounts (secrets never shown)', 'x-permission': 'channels.read', params: TenantParams, response: responses({ 200: Type.Array(ChannelAccountReply) }) },
  }, async (request) => (await scopeOf(request).em.find(ChannelAccount, {}, { orderBy: { id: 'asc' } })).map(view));

  fastify.post('/tenants/:tenant/channel-accounts', {
    schema: { tags, summary: 'Add a channel account with its credentials', description: RESTART, 'x-permission': 'channels.write', params: TenantParams, body: ChannelAccountCreate, response: responses({ 201: ChannelAccountReply }, [400, 409, 415]) },
  }, async (request, reply) => {
    const { em, tenant } = scopeOf(request);
    const { channel, name, active, settings, secrets } = request.body;
    checkFields(channel, settings, secrets);
    if (await em.count(ChannelAccount, { channel, name })) throw conflict(`A ${channel} account named "${name}" exists: pick another name or change that one.`, 'name');
    const row = em.create(ChannelAccount, { tenant: tenant.id, channel, name, active: active ?? true, config: { ...settings, ...secrets } });
    await em.flush();
    return reply.code(201).send(view(row));
  });

  fastify.get('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Read a channel account (secrets never shown)', 'x-permission': 'channels.read', params: AccountParams, response: responses({ 200: ChannelAccountReply }) },
  }, async (request) => {
    const row = await scopeOf(request).em.findOne(ChannelAccount, { id: request.params.accountId });
    if (!row) throw notFound(`Channel account ${request.params.accountId}`);
    return view(row);
  });

  fastify.patch('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Change settings or replace secrets of a channel account', description: RESTART, 'x-permission': 'channels.write', params: AccountParams, body: ChannelAccountUpdate, response: responses({ 200: ChannelAccountReply }, [400, 415]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const row = await em.findOne(ChannelAccount, { id: request.params.accountId });
    if (!row) throw notFound(`Channel account ${request.params.accountId}`);
    const { active, settings, secrets } = request.body;
    checkFields(row.channel as ChannelKind, settings, secrets);
    if (active !== undefined) row.active = active;
    if (settings || secrets) row.config = { ...row.config, ...settings, ...secrets };
    await em.flush();
    return view(row);
  });

  fastify.delete('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Remove a channel account and its credentials', description: RESTART, 'x-permission': 'channels.write', params: AccountParams, response: responses({ 204: Type.Null() }) },
  }, async (request, reply) => {
    const deleted = await scopeOf(request).em.nativeDelete(ChannelAccount, { id: request.params.accountId });
    if (deleted === 0) throw notFound(`Channel account ${request.params.accountId}`);
    return reply.code(204).send();
  });
};

export default channelAccounts;
