import { Type } from '@sinclair/typebox';
import { defineChannel } from '../../core/index.js';
import { MemoryAdapter } from './memory-adapter.js';

/**
 * The in-memory test channel, when a deployment names it (`CAMPANILE_ADAPTERS=memory`): one adapter
 * serving every comune, and one per stored account (no fields: the account name is all it needs).
 *
 * @example
 * const { adapter } = memoryChannel.fromEnv({}, context)!;
 * const replies = await (adapter as MemoryAdapter).say('esempio', '1', '/start');
 */
export const memoryChannel = defineChannel({
  channel: 'memory',
  title: 'Test channel',
  accountSchema: Type.Object({}),
  fromEnv: () => ({ adapter: new MemoryAdapter() }),
  fromAccount: (account) => new MemoryAdapter({ account: account.name }),
  identityKey: () => undefined,
});
