import type { BoundAdapter, CampanileConfig, ChannelFactory, ChannelFactoryContext, FactoryEnv } from '../../core/internal.js';

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
 * (wiring/stored-accounts.ts). A factory that throws stops the start with its message and the channel named.
 *
 * @example
 * const adapters = configuredAdapters(defaultChannels, factoryContext(config, process.env));
 */
export function configuredAdapters(channels: readonly ChannelFactory[], context: ChannelFactoryContext): BoundAdapter[] {
  const adapters: BoundAdapter[] = [];
  for (const factory of channels) {
    let bound: BoundAdapter | undefined;
    try {
      bound = factory.fromEnv(context.env, context);
    } catch (error) {
      throw new Error(`The ${factory.channel} channel is misconfigured: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (bound) adapters.push(bound);
  }
  return adapters;
}
