import t from 'tap';
import { MemoryAdapter, memoryChannel } from '../../adapters/memory/index.js';
import { delivery, toPlainText, type MediaKind } from '../../core/index.js';
import { runAdapterConformance, type ConformanceFake, type ReceivedMessage } from '../../core/testing/index.js';
import { buildApp } from '../helpers/campanile.js';

// The memory channel records the normalized message as given and renders nothing: the engine's tests
// read exactly what a module sent. So it splits no text, numbers no choices and refuses no file.
const RENDERS_NOTHING = 'the memory channel records the normalized message as given: it renders no fallback and checks no size';

let adapter: MemoryAdapter;
let tenant = '';
let nextId = 1;

await runAdapterConformance(t, memoryChannel, {
  async setup(_t, factory, context) {
    adapter = factory.fromEnv({}, context)!.adapter as MemoryAdapter;
    tenant = context.defaultTenant.slug;
    const deliver = async (event: Parameters<MemoryAdapter['deliver']>[0]) => {
      await adapter.deliver(event);
      return event;
    };
    const fake: ConformanceFake<string, Parameters<MemoryAdapter['deliver']>[0]> = {
      bound: { adapter },
      person: async (index) => `m${index}`,
      pushText: (chat, text) => deliver({ ...adapter.base(tenant, chat, { id: `conformance-${nextId++}` }), kind: 'text', text }),
      redeliver: async (event) => void (await adapter.deliver(event)),
      pressButton: async (chat, message, index) => void (await adapter.press(tenant, chat, message.buttons[index]!.data)),
      pushMedia: async (chat, kind: MediaKind) => void (await deliver({
        ...adapter.base(tenant, chat, { id: `conformance-${nextId++}` }), kind: 'media',
        media: { kind, mimeType: adapter.capabilities.inboundMedia[kind]!.mimeTypes[0]!, size: 3, fetch: async () => new Uint8Array([1, 2, 3]) },
      })),
      received: () => adapter.sent.map((s): ReceivedMessage => ({
        chat: s.ref.chatId,
        text: toPlainText(s.message.text ?? s.message.attachment?.caption ?? []),
        buttons: (s.message.choices ?? []).map((c) => ({ label: c.label, data: c.payload })),
        ...(s.message.attachment ? { media: { kind: s.message.attachment.kind } } : {}),
      })),
      failNext: {
        'rate-limited': (ref) => adapter.scriptResults(ref.chatId, delivery.rateLimited(1000)),
        transient: (ref) => adapter.scriptResults(ref.chatId, delivery.transient('scripted')),
        permanent: (ref) => adapter.scriptResults(ref.chatId, delivery.permanent('scripted')),
        'recipient-gone': (ref) => adapter.scriptResults(ref.chatId, delivery.gone('blocked')),
      },
      knownGaps: { 'long text split': RENDERS_NOTHING, 'numbered fallback': RENDERS_NOTHING, 'media beyond limits': RENDERS_NOTHING },
    };
    return fake;
  },
  // buildApp's own memory adapter is this one: one memory channel, on the current test database.
  app: async (_t, options) => (await buildApp(t, { modules: options.modules, memory: adapter })).app,
});
