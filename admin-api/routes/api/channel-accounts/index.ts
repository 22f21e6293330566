import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChannelAccount } from '../../../../core/internal.js';
import { badRequest, conflict, notFound } from '../../../errors.js';
import {
  channelAccountSchemas, ChannelAccountCheck, ChannelAccountReply, ChannelKind, channelKinds, responses, tenantAnd, TenantParams,
  type ChannelAccountCreate, type ChannelAccountUpdate,
} from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

/** The API view of an account: settings and, per secret, only whether it is set. */
function view(kinds: ReadonlyMap<string, ChannelKind>, row: ChannelAccount, status?: { running: boolean; problem?: string }) {
  const fields = kinds.get(row.channel);
  const config = row.config;
  const settings: Record<string, string> = {};
  const secrets: Record<string, { configured: boolean }> = {};
  for (const key of fields?.settings ?? []) if (typeof config[key] === 'string') settings[key] = config[key] as string;
  for (const key of fields?.secrets ?? []) secrets[key] = { configured: typeof config[key] === 'string' && (config[key] as string).length > 0 };
  const configured = (fields?.required ?? []).filter((key) => fields?.secrets.includes(key)).every((key) => secrets[key]?.configured);
  return { id: row.id, channel: row.channel, name: row.name, active: row.active, settings, secrets, configured, createdAt: row.createdAt, ...status };
}

/** Rejects fields that belong to another channel (a WhatsApp app secret on a Telegram account). */
function checkFields(fields: ChannelKind | undefined, channel: string, settings: object | undefined, secrets: object | undefined): void {
  if (!fields) throw badRequest('channel', `the ${channel} channel is not registered in this deployment`);
  for (const key of Object.keys(settings ?? {})) if (!fields.settings.includes(key)) throw badRequest(`settings.${key}`, `is not a ${channel} setting (accepted: ${fields.settings.join(', ')})`);
  for (const key of Object.keys(secrets ?? {})) if (!fields.secrets.includes(key)) throw badRequest(`secrets.${key}`, `is not a ${channel} secret (accepted: ${fields.secrets.join(', ')})`);
}

/**
 * A comune's channel accounts (its Telegram bot, its WhatsApp number). Secrets are write-only: the
 * answer says `configured: true` per secret, never the value (the response schema has no field for
 * it, so it cannot leak by accident). A new, changed, deactivated or deleted account takes effect at
 * once in the process that answered (`LiveAccounts.sync`) and within 10 s in the others; the answer says
 * whether the account runs (`running`) and, if not, why (`problem`).
 *
 * @example
 * POST /api/v1/tenants/esempio/channel-accounts {"channel":"telegram","name":"default","secrets":{"token":"123:ABC"}}
 */
const RESTART = 'Takes effect without a restart: the bot or number starts (at `/webhooks/<channel>/<tenant>[/<account>]`), stops or picks up new credentials at once in the process that answers and within 10 s in the others. `running` says whether it runs; `problem` says why not (a wrong token, a clash with another account).';

const channelAccounts: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['channel-accounts'];
  const live = fastify.channelAccounts;
  /** What runs for the account now (nothing when this server does not run channels). */
  const statusOf = (id: number) => (live ? { running: false, ...live.status(id) } : undefined);
  /** After a write: the accounts follow the table; a failure here leaves the write stored and is logged. */
  const follow = async (request: { log: { error(obj: unknown, msg: string): void } }) => {
    await live?.sync().catch((error: unknown) => request.log.error({ err: error }, 'channel accounts not synchronised'));
  };
  const AccountParams = tenantAnd('accountId');
  // The channels are the registered factories': a third-party channel's fields appear here and in OpenAPI.
  const kindList = channelKinds(fastify.campanile.channels);
  const kinds = new Map(kindList.map((kind) => [kind.channel, kind]));
  const { Create, Update } = channelAccountSchemas(fastify.campanile.channels);

  fastify.get('/tenants/:tenant/channel-kinds', {
    schema: { tags, summary: 'The channels accounts can be stored for, with their settings and write-only secrets', 'x-permission': 'channels.read', params: TenantParams, response: responses({ 200: Type.Array(ChannelKind) }) },
  }, async () => kindList);

  fastify.get('/tenants/:tenant/channel-accounts', {
    schema: { tags, summary: 'List channel accounts (secrets never shown)', 'x-permission': 'channels.read', params: TenantParams, response: responses({ 200: Type.Array(ChannelAccountReply) }) },
  }, async (request) => (await scopeOf(request).em.find(ChannelAccount, {}, { orderBy: { id: 'asc' } })).map((row) => view(kinds, row, statusOf(row.id))));

  fastify.post('/tenants/:tenant/channel-accounts', {
    schema: { tags, summary: 'Add a channel account with its credentials', description: RESTART, 'x-permission': 'channels.write', params: TenantParams, body: Create, response: responses({ 201: ChannelAccountReply }, [400, 409, 415]) },
  }, async (request, reply) => {
    const { em, tenant } = scopeOf(request);
    const { channel, name, active, settings, secrets } = request.body as ChannelAccountCreate;
    checkFields(kinds.get(channel), channel, settings, secrets);
    if (await em.count(ChannelAccount, { channel, name })) throw conflict(`A ${channel} account named "${name}" exists: pick another name or change that one.`, 'name');
    const row = em.create(ChannelAccount, { tenant: tenant.id, channel, name, active: active ?? true, config: { ...settings, ...secrets } });
    await em.flush();
    await follow(request);
    return reply.code(201).send(view(kinds, row, statusOf(row.id)));
  });

  fastify.get('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Read a channel account (secrets never shown)', 'x-permission': 'channels.read', params: AccountParams, response: responses({ 200: ChannelAccountReply }) },
  }, async (request) => {
    const row = await scopeOf(request).em.findOne(ChannelAccount, { id: request.params.accountId });
    if (!row) throw notFound(`Channel account ${request.params.accountId}`);
    return view(kinds, row, statusOf(row.id));
  });

  fastify.patch('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Change settings or replace secrets of a channel account', description: RESTART, 'x-permission': 'channels.write', params: AccountParams, body: Update, response: responses({ 200: ChannelAccountReply }, [400, 415]) },
  }, async (request) => {
    const { em } = scopeOf(request);
    const row = await em.findOne(ChannelAccount, { id: request.params.accountId });
    if (!row) throw notFound(`Channel account ${request.params.accountId}`);
    const { active, settings, secrets } = request.body as ChannelAccountUpdate;
    checkFields(kinds.get(row.channel), row.channel, settings, secrets);
    if (active !== undefined) row.active = active;
    if (settings || secrets) row.config = { ...row.config, ...settings, ...secrets };
    await em.flush();
    await follow(request);
    return view(kinds, row, statusOf(row.id));
  });

  fastify.post('/tenants/:tenant/channel-accounts/:accountId/check', {
    schema: {
      tags, summary: 'Ask the channel whether the account works (Telegram getMe, the Graph API page or number, a Bot Framework token)',
      description: 'One call to the channel with the stored credentials, answered within 10 s. Nothing is stored or sent to anyone.',
      'x-permission': 'channels.write', params: AccountParams, response: responses({ 200: ChannelAccountCheck }, [409]),
    },
  }, async (request) => {
    const row = await scopeOf(request).em.findOne(ChannelAccount, { id: request.params.accountId });
    if (!row) throw notFound(`Channel account ${request.params.accountId}`);
    if (!live) throw conflict('This server does not run channel accounts: ask the process that serves the webhooks.');
    if (!row.active) return { running: false, problem: 'The account is not active: activate it to check it.' };
    await follow(request);
    return (await live.check(row.id)) ?? { running: false, problem: 'not started' };
  });

  fastify.delete('/tenants/:tenant/channel-accounts/:accountId', {
    schema: { tags, summary: 'Remove a channel account and its credentials', description: RESTART, 'x-permission': 'channels.write', params: AccountParams, response: responses({ 204: Type.Null() }) },
  }, async (request, reply) => {
    const deleted = await scopeOf(request).em.nativeDelete(ChannelAccount, { id: request.params.accountId });
    if (deleted === 0) throw notFound(`Channel account ${request.params.accountId}`);
    await follow(request);
    return reply.code(204).send();
  });
};

export default channelAccounts;
