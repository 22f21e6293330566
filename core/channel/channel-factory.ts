import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ChannelAdapter } from './channel-adapter.js';

/** The process environment, as a factory reads it. */
export type FactoryEnv = Readonly<Record<string, string | undefined>>;

/** What the composition root tells a factory about the deployment. */
export interface ChannelFactoryContext {
  readonly env: FactoryEnv;
  /** The comune created at first start: environment-configured bots serve it. */
  readonly defaultTenant: { readonly slug: string; readonly name: string };
  readonly dataDir: string;
  readonly mediaDir: string;
}

/** One stored channel account (a row of `channel_account`), its config already checked against `accountSchema`. */
export interface ChannelAccountInput {
  readonly tenant: string;
  readonly name: string;
  /** Flat settings and secrets, trimmed; only the keys `accountSchema` declares. */
  readonly config: Readonly<Record<string, string>>;
}

/** An adapter and the tenant it is bound to (none: it serves every tenant, as the web chat does). */
export interface BoundAdapter {
  readonly adapter: ChannelAdapter;
  readonly tenant?: string;
}

/**
 * How a channel is built: the one thing a channel folder or npm package exports. Campanile loops over
 * the registered factories for `npm start` (`fromEnv`), for stored channel accounts (`fromAccount`,
 * validated by `accountSchema`), for the account schemas in OpenAPI and for the admin UI's channel form,
 * so adding a channel touches only its own folder or package.
 *
 * `accountSchema` is a TypeBox object of string fields, flat as stored: secrets carry `writeOnly: true`
 * (the API accepts them and never returns them), everything else is a setting; `required` lists what an
 * account needs to run.
 *
 * @example
 * export const echoChannel = defineChannel({
 *   channel: 'echo', accountSchema: Type.Object({ token: Type.String({ writeOnly: true }) }),
 *   fromEnv: () => undefined, fromAccount: (account) => new EchoAdapter(account), identityKey: (a) => (a as EchoAdapter).token,
 * });
 */
export interface ChannelFactory {
  /** The channel id, the same as its adapters' `channel`. */
  readonly channel: string;
  /** Human name (the admin UI shows it when it has no translation of its own). */
  readonly title?: string;
  /** What a stored account holds; secrets `writeOnly: true`. An empty object: the channel has no stored accounts' fields. */
  readonly accountSchema: TObject;
  /** The adapter the environment configures, or none (not configured). Throws with the fix on a wrong value. */
  fromEnv(env: FactoryEnv, context: ChannelFactoryContext): BoundAdapter | undefined;
  /**
   * One adapter for a stored account, bound by the caller to `account.tenant`. Absent: the channel has no
   * stored accounts (the web chat serves every comune). Throws with the fix on a wrong value.
   */
  fromAccount?(account: ChannelAccountInput, context: ChannelFactoryContext): ChannelAdapter;
  /**
   * What must not run twice (a Telegram bot id, a WhatsApp phone number id), never a secret: two
   * adapters with the same key clash, and the later one is skipped. Undefined: no such identity.
   */
  identityKey(adapter: ChannelAdapter): string | undefined;
  /** What the identity is called in the clash warning ("bot", "phone number id"); default "account". */
  readonly identityLabel?: string;
  /** Tables the channel keeps for itself, created at start (before any of its adapters runs). */
  readonly entities?: readonly EntitySchema[];
  readonly migrations?: readonly MigrationObject[];
}

/**
 * Declares a channel factory (an identity function that checks the shape at compile time).
 *
 * @example
 * export const memoryChannel = defineChannel({ channel: 'memory', accountSchema: Type.Object({}),
 *   fromEnv: () => ({ adapter: new MemoryAdapter() }), identityKey: () => undefined });
 */
export function defineChannel<F extends ChannelFactory>(factory: F): F {
  return factory;
}

/** The fields of an account schema, split as the admin API shows them. */
export interface AccountFields {
  readonly settings: readonly string[];
  readonly secrets: readonly string[];
  /** Fields an account needs to run (secrets and settings). */
  readonly required: readonly string[];
}

/**
 * Splits an account schema into settings, write-only secrets and required fields.
 *
 * @example
 * accountFields(telegramChannel.accountSchema); // { settings: ['username'], secrets: ['token', 'webhookSecret'], required: ['token'] }
 */
export function accountFields(schema: TObject): AccountFields {
  const entries = Object.entries(schema.properties as Record<string, TSchema>);
  return {
    settings: entries.filter(([, s]) => s.writeOnly !== true).map(([k]) => k),
    secrets: entries.filter(([, s]) => s.writeOnly === true).map(([k]) => k),
    required: [...(schema.required ?? [])],
  };
}

/**
 * Checks a stored account's config against the factory's schema: the trimmed, non-empty string values
 * of the declared keys, or why the account cannot run (a missing secret, a value of the wrong shape).
 *
 * @example
 * const checked = checkAccountConfig(telegramChannel, { token: ' 123:ABC ' });
 * if ('problem' in checked) log.warn({}, checked.problem); else telegramChannel.fromAccount?.({ tenant, name, config: checked.config }, context);
 */
export function checkAccountConfig(factory: Pick<ChannelFactory, 'accountSchema'>, raw: Readonly<Record<string, unknown>>): { config: Record<string, string> } | { problem: string } {
  const fields = accountFields(factory.accountSchema);
  const config: Record<string, string> = {};
  for (const key of [...fields.settings, ...fields.secrets]) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim()) config[key] = value.trim();
  }
  const missing = fields.required.filter((key) => !(key in config));
  if (missing.length === 1 && fields.secrets.includes(missing[0]!)) return { problem: `the secret "${missing[0]}" is not set` };
  if (missing.length) return { problem: `missing ${missing.map((key) => `"${key}"`).join(', ')}` };
  const error = Value.Errors(factory.accountSchema, config).First();
  if (error) return { problem: `"${error.path.replace(/^\//, '')}" ${error.message.toLowerCase()}` };
  return { config };
}
