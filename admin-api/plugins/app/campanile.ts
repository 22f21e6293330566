import fp from 'fastify-plugin';
import type { Campanile } from '../../../core/internal.js';
import { LiveAccounts, type LiveAccountsOptions } from '../../wiring/live-accounts.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The running engine, its database and services. */
    campanile: Campanile;
    /** Stored channel accounts kept running as the table says; null when the app does not run them. */
    channelAccounts: LiveAccounts | null;
  }
}

export interface CampanilePluginOptions {
  readonly campanile: Campanile;
  /**
   * Run the stored channel accounts (`npm start` passes the environment and the inbound media sink):
   * attached when the server is ready, followed after every write through the API and every 10 s,
   * detached on close. Without it the accounts are only stored (tests that do not start channels).
   */
  readonly channelAccounts?: LiveAccountsOptions;
}

/**
 * Makes the running Campanile available to every route as `fastify.campanile`, and the live channel
 * accounts as `fastify.channelAccounts`.
 *
 * @example
 * await fastify.register(campanilePlugin, { campanile, channelAccounts: { env: process.env, log } });
 * fastify.campanile.engine.handle(event);
 */
export default fp<CampanilePluginOptions>(
  async (fastify, options) => {
    fastify.decorate('campanile', options.campanile);
    const live = options.channelAccounts ? new LiveAccounts(options.campanile, options.channelAccounts) : null;
    fastify.decorate('channelAccounts', live);
    if (live) {
      fastify.addHook('onReady', () => live.start());
      fastify.addHook('onClose', () => live.stop());
    }
  },
  { name: 'campanile' },
);
