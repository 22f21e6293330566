// Type tests: compiled by `npm run typecheck`; the runtime part only proves the file loads.
import t from 'tap';
import type { AdapterRuntime, AdapterStopReason, ChannelAdapter, DeliveryResult, FeatureModule, ModuleApi, OutboundMessage, TurnContext } from '../../core/internal.js';
import { delivery, plain } from '../../core/internal.js';

interface QaFlavor { qa: { answer(text: string): string } }

export const flavoredModule: FeatureModule = {
  name: 'typed',
  setup(api: ModuleApi<TurnContext>) {
    const qa = api.flavor<QaFlavor>(() => ({ qa: { answer: (text) => text } }));
    qa.onFreeText((ctx) => {
      const answer: string = ctx.qa.answer(ctx.message.text); // the flavor and the narrowed message are typed
      ctx.reply({ text: plain(answer) });
    });
    api.onFreeText((ctx) => {
      // @ts-expect-error a handler registered without the flavor cannot see it
      ctx.qa.answer('x');
    });
    api.button('typed:go', (ctx) => {
      const payload: string = ctx.message.payload;
      void payload;
      // @ts-expect-error a button message has no text
      void ctx.message.text;
    });
  },
};

export const adapter: ChannelAdapter = {
  channel: 'typed',
  account: 'default',
  capabilities: {
    maxTextLength: 100, maxCaptionLength: 0, maxChoiceButtons: 0, maxButtonLabel: 20, list: null, linkButtons: false,
    locationRequest: false, edit: false, delete: false, media: {}, inboundMedia: {}, canInitiate: false, replyWindowHours: null,
    rateLimits: { perAccount: { count: 1, perMs: 1000 }, perChat: { count: 1, perMs: 1000 } },
  },
  async send(_ref, message: OutboundMessage): Promise<DeliveryResult> {
    // @ts-expect-error outcomes are a closed set
    if (message.text === undefined) return { status: 'lost' };
    return delivery.delivered('1');
  },
};

// Backwards compatible: an adapter written before stop reasons (stop without parameters) still fits.
export const older: ChannelAdapter = { ...adapter, async stop() {} };
// One that undoes its channel-side registration only when detached, and uses the runtime's leases.
export const careful: ChannelAdapter = {
  ...adapter,
  async start(runtime: AdapterRuntime) {
    const lease = await runtime.leases.acquire('polling:1', 30_000);
    const renewed: boolean | undefined = await lease?.renew();
    void renewed;
    // @ts-expect-error a TTL is a number of ms
    await runtime.leases.acquire('polling:1', '30s');
  },
  async stop(reason: AdapterStopReason = 'shutdown') {
    if (reason === 'detach') return;
  },
};
// @ts-expect-error stop reasons are a closed set
void careful.stop?.('restart');

export const retainingModule: FeatureModule = {
  name: 'retaining',
  setup(api) {
    api.onRetention(async ({ tenant, locationBefore, batchSize }) => {
      const cutoff: Date = locationBefore;
      void cutoff;
      return { positions: tenant.id > 0 ? batchSize : 0 };
    });
    // @ts-expect-error a step reports counts, not text
    api.onRetention(async () => 'deleted');
  },
};

// Every part of the runtime is always there: adapters never branch on it.
export const runtimeIsWhole: undefined extends AdapterRuntime['onRetention'] | AdapterRuntime['storage'] | AdapterRuntime['leases'] | AdapterRuntime['signals'] | AdapterRuntime['media'] ? false : true = true;

// @ts-expect-error an adapter must declare its capabilities
export const incomplete: ChannelAdapter = { channel: 'x', account: 'y', send: async () => delivery.permanent('no') };

t.test('contract type tests compile', async (t) => {
  t.equal(flavoredModule.name, 'typed');
  t.same(await adapter.send({ tenant: 'a', channel: 'typed', account: 'default', chatId: '1' }, { text: plain('x') }), { status: 'delivered', messageId: '1' });
});
