import type { ChannelAdapter } from './channel-adapter.js';
import type { ConversationRef } from './conversation-ref.js';

/**
 * The running adapters, found by the conversation they serve. An adapter bound to one tenant (a comune's
 * own bot) wins over one serving every tenant (the web chat, the test channel).
 *
 * @example
 * registry.add(telegram, { tenant: 'esempio' });
 * const adapter = registry.forRef(ref);
 */
export class AdapterRegistry {
  private readonly byKey = new Map<string, ChannelAdapter>();

  add(adapter: ChannelAdapter, options: { tenant?: string } = {}): void {
    const key = this.key(options.tenant ?? '*', adapter.channel, adapter.account);
    if (this.byKey.has(key)) throw new Error(`An adapter for ${key} is already registered: give the second account another name.`);
    this.byKey.set(key, adapter);
  }

  /** Unregisters the adapter of `channel`/`account` bound to `tenant` (or serving every tenant); returns it. */
  remove(channel: string, account: string, tenant?: string): ChannelAdapter | undefined {
    const key = this.key(tenant ?? '*', channel, account);
    const adapter = this.byKey.get(key);
    this.byKey.delete(key);
    return adapter;
  }

  forRef(ref: Pick<ConversationRef, 'tenant' | 'channel' | 'account'>): ChannelAdapter | undefined {
    return this.byKey.get(this.key(ref.tenant, ref.channel, ref.account)) ?? this.byKey.get(this.key('*', ref.channel, ref.account));
  }

  all(): ChannelAdapter[] {
    return [...new Set(this.byKey.values())];
  }

  /** Every registration: the adapter and the tenant it is bound to (none: every tenant). */
  bindings(): { adapter: ChannelAdapter; tenant?: string }[] {
    return [...this.byKey].map(([key, adapter]) => {
      const tenant = key.slice(0, key.length - adapter.channel.length - adapter.account.length - 2);
      return tenant === '*' ? { adapter } : { adapter, tenant };
    });
  }

  private key(tenant: string, channel: string, account: string): string {
    return `${tenant}/${channel}/${account}`;
  }
}
