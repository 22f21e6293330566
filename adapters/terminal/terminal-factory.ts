import { Type } from '@sinclair/typebox';
import { defineChannel } from '../../core/index.js';
import { TerminalAdapter } from './terminal-adapter.js';

/**
 * The terminal channel, when a deployment names it (`CAMPANILE_ADAPTERS=terminal`): one conversation with
 * the default comune on this process's stdin/stdout (`npm run chat` builds it by hand instead).
 *
 * @example
 * const { adapter, tenant } = terminalChannel.fromEnv(process.env, context)!;
 * tenant; // the default comune's slug
 */
export const terminalChannel = defineChannel({
  channel: 'terminal',
  title: 'Terminal',
  accountSchema: Type.Object({}),
  fromEnv: (_env, context) => ({ adapter: new TerminalAdapter({ tenant: context.defaultTenant.slug }), tenant: context.defaultTenant.slug }),
  identityKey: () => undefined,
});
