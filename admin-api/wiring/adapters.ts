import { ConfigError, type BoundAdapter, type CampanileConfig, type ChannelFactory, type ChannelFactoryContext, type ConfigProblem, type FactoryEnv } from '../../core/internal.js';

/**
 * What the channel factories are told about this deployment: the environment, the default comune, the
 * data and media folders.
 *
 * @example
 * const context = factoryContext(config, process.env);
 * const bound = telegramChannel.fromEnv(process.env, context);
 */
export function factoryContext(
  config: Pick<CampanileConfig, 'dataDir' | 'mediaDir' | 'defaultTenant'>,
  env: FactoryEnv,
): ChannelFactoryContext {
  return {
    env,
    defaultTenant: { slug: config.defaultTenant.slug, name: config.defaultTenant.name },
    dataDir: config.dataDir,
    mediaDir: config.mediaDir,
  };
}

/**
 * The channel adapters this process runs from its environment: each registered factory's `fromEnv`, in
 * order (the web chat always; Telegram when a token is set; WhatsApp when its credentials are set; a
 * third-party channel as it decides). Further comuni's bots come from stored channel accounts
 * (wiring/stored-accounts.ts). Every factory that refuses its variables is reported, not only the first:
 * a `ConfigError` naming the variable the factory's message names (its value hidden: it may be a token).
 *
 * @example
 * const adapters = configuredAdapters(defaultChannels, factoryContext(config, process.env));
 */
export function configuredAdapters(channels: readonly ChannelFactory[], context: ChannelFactoryContext): BoundAdapter[] {
  const adapters: BoundAdapter[] = [];
  const problems: ConfigProblem[] = [];
  for (const factory of channels) {
    try {
      const bound = factory.fromEnv(context.env, context);
      if (bound) adapters.push(bound);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const variable = variableNamed(reason, context.env) ?? `${factory.channel.toUpperCase()}_*`;
      problems.push({ variable, value: context.env[variable] === undefined ? '' : '(hidden)', fix: `the ${factory.channel} channel is misconfigured: ${reason}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return adapters;
}

/** The first variable of the environment a factory's message names (`set WHATSAPP_TOKEN…`). */
function variableNamed(message: string, env: FactoryEnv): string | undefined {
  const names = message.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? [];
  return names.find((name) => env[name] !== undefined) ?? names[0];
}
