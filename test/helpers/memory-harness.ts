import { MemoryAdapter } from '../../adapters/memory/index.js';
import { delivery, toPlainText, type MediaKind } from '../../core/internal.js';
import type { ConformanceHarness, ReceivedMessage } from '../../core/testing/index.js';

type MemoryEvent = Parameters<MemoryAdapter['deliver']>[0];

/**
 * The conformance harness of the memory channel: the person's messages go straight to
 * `MemoryAdapter.deliver`, and what it "sent" is read back from `sent`. `adapter()` is the one the
 * factory made, for an `app` that hands it to `buildApp` as its memory adapter.
 *
 * @example
 * const memory = memoryHarness();
 * await runAdapterConformance(t, memoryChannel, memory); // the kit's own app
 */
export function memoryHarness(): ConformanceHarness<string, MemoryEvent> & { adapter(): MemoryAdapter } {
  let adapter: MemoryAdapter | undefined;
  let nextId = 1;
  return {
    adapter: () => adapter!,
    async setup(_t, factory, context) {
      const memory = factory.fromEnv({}, context)!.adapter as MemoryAdapter;
      adapter = memory;
      const tenant = context.defaultTenant.slug;
      // Ids of our own: the adapter's `press` and `say` count `in-<n>` from its own counter.
      const base = (chat: string) => memory.base(tenant, chat, { id: `conformance-${nextId++}` });
      const deliver = async (event: MemoryEvent) => {
        await memory.deliver(event);
        return event;
      };
      return {
        bound: { adapter: memory },
        person: async (index) => `m${index}`,
        pushText: (chat, text) => deliver({ ...base(chat), kind: 'text', text }),
        redeliver: async (event) => void (await memory.deliver(event)),
        pressButton: async (chat, message, index) => void (await memory.press(tenant, chat, message.buttons[index]!.data)),
        pushMedia: async (chat, kind: MediaKind) => void (await deliver({
          ...base(chat), kind: 'media',
          media: { kind, mimeType: memory.capabilities.inboundMedia[kind]!.mimeTypes[0]!, size: 3, fetch: async () => new Uint8Array([1, 2, 3]) },
        })),
        received: () => memory.sent.map((s): ReceivedMessage => ({
          chat: s.ref.chatId,
          text: toPlainText(s.message.text ?? s.message.attachment?.caption ?? []),
          buttons: (s.message.choices ?? []).map((c) => ({ label: c.label, data: c.payload })),
          ...(s.message.attachment ? { media: { kind: s.message.attachment.kind } } : {}),
        })),
        failNext: {
          'rate-limited': (ref) => memory.scriptResults(ref.chatId, delivery.rateLimited(1000)),
          transient: (ref) => memory.scriptResults(ref.chatId, delivery.transient('scripted')),
          permanent: (ref) => memory.scriptResults(ref.chatId, delivery.permanent('scripted')),
          'recipient-gone': (ref) => memory.scriptResults(ref.chatId, delivery.gone('blocked')),
        },
      };
    },
  };
}
