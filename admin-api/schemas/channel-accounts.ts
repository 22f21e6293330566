import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { accountFields, type ChannelFactory } from '../../core/internal.js';
import { DateTime } from './common.js';

export const ChannelAccountReply = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.String()),
  /** Per secret field: whether it is set. Never the value. */
  secrets: Type.Record(Type.String(), Type.Object({ configured: Type.Boolean() })),
  configured: Type.Boolean({ description: 'Every required secret is set' }),
  createdAt: DateTime,
  running: Type.Optional(Type.Boolean({ description: 'The bot or number runs now in the process that answered (absent when this server does not run channels)' })),
  problem: Type.Optional(Type.String({ description: 'Why an active account does not run (a wrong token, a clash with another account): fix it and save again' })),
});
export type ChannelAccountReply = Static<typeof ChannelAccountReply>;

/** What the channel answered when asked whether the account's credentials work. */
export const ChannelAccountCheck = Type.Object({
  running: Type.Boolean({ description: 'The bot or number runs now in the process that answered' }),
  reachable: Type.Optional(Type.Boolean({ description: 'The channel accepted the credentials just now (absent: the channel has nothing to ask, or the account does not run)' })),
  identity: Type.Optional(Type.String({ description: 'What the channel calls the account: @bot_username, the page or business name' })),
  problem: Type.Optional(Type.String({ description: 'What to fix: why the account does not run, or what the channel refused' })),
});
export type ChannelAccountCheck = Static<typeof ChannelAccountCheck>;

/** One channel that has stored accounts, with its fields, as the admin UI's channel form draws it. */
export const ChannelKind = Type.Object({
  channel: Type.String(),
  title: Type.String(),
  settings: Type.Array(Type.String()),
  secrets: Type.Array(Type.String({ description: 'Write-only: never returned' })),
  required: Type.Array(Type.String()),
});
export type ChannelKind = Static<typeof ChannelKind>;

/** Channels whose factory builds stored accounts. */
export function accountChannels(channels: readonly ChannelFactory[]): ChannelFactory[] {
  return channels.filter((factory) => factory.fromAccount);
}

/**
 * The channel kinds of a deployment, from its registered factories.
 *
 * @example
 * channelKinds(defaultChannels)[0]; // { channel: 'telegram', title: 'Telegram', settings: ['username'], secrets: ['token', 'webhookSecret'], required: ['token'] }
 */
export function channelKinds(channels: readonly ChannelFactory[]): ChannelKind[] {
  return accountChannels(channels).map((factory) => ({ channel: factory.channel, title: factory.title ?? factory.channel, ...copy(accountFields(factory.accountSchema)) }));
}

function copy(fields: ReturnType<typeof accountFields>) {
  return { settings: [...fields.settings], secrets: [...fields.secrets], required: [...fields.required] };
}

/**
 * The request schemas of the channel-accounts routes, built from the registered factories: `channel` is
 * one of theirs, `settings` and `secrets` accept the union of their fields (each optional here: an
 * account may be stored before its secrets are known; the route rejects another channel's field, and the
 * account runs once its factory's `required` fields are set). Secrets keep `writeOnly` from the factory.
 *
 * @example
 * const { Create, Update } = channelAccountSchemas(campanile.channels);
 * fastify.post('/tenants/:tenant/channel-accounts', { schema: { body: Create } }, handler);
 */
export function channelAccountSchemas(channels: readonly ChannelFactory[]) {
  const settings: Record<string, TSchema> = {};
  const secrets: Record<string, TSchema> = {};
  for (const factory of accountChannels(channels)) {
    for (const [key, schema] of Object.entries(factory.accountSchema.properties as Record<string, TSchema>)) {
      const target = schema.writeOnly === true ? secrets : settings;
      target[key] ??= Type.Optional({ ...schema });
    }
  }
  const Secrets = Type.Object(secrets, { additionalProperties: false, description: 'Write-only: never returned' });
  const Settings = Type.Object(settings, { additionalProperties: false });
  const literals = accountChannels(channels).map((factory) => Type.Literal(factory.channel));
  const Channel = literals.length === 0 ? Type.Never() : literals.length === 1 ? literals[0]! : Type.Union(literals);
  const Create = Type.Object({
    channel: Channel,
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', maxLength: 64, examples: ['default'] }),
    active: Type.Optional(Type.Boolean()),
    settings: Type.Optional(Settings),
    secrets: Secrets,
  }, { additionalProperties: false });
  const Update = Type.Object({
    active: Type.Optional(Type.Boolean()),
    settings: Type.Optional(Settings),
    secrets: Type.Optional(Secrets),
  }, { additionalProperties: false });
  return { Create, Update, Settings, Secrets };
}

/** A stored account's create body (its channel one of the registered factories'). */
export interface ChannelAccountCreate {
  channel: string;
  name: string;
  active?: boolean;
  settings?: Record<string, string>;
  secrets: Record<string, string>;
}
/** A stored account's update body. */
export interface ChannelAccountUpdate {
  active?: boolean;
  settings?: Record<string, string>;
  secrets?: Record<string, string>;
}
