import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import type { ConversationRef, DeliveryResult, OutboundMessage } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';

/** A memory channel whose sends wait until the test opens the gate (a slow or rate-limited channel). */
class GatedAdapter extends MemoryAdapter {
  private open: () => void = () => undefined;
  private gate = new Promise<void>((resolve) => { this.open = resolve; });
  release(): void {
    this.open();
  }
  override async send(ref: ConversationRef, message: OutboundMessage): Promise<DeliveryResult> {
    await this.gate;
    return super.send(ref, message);
  }
}

t.test('accept resolves once the turn is durable, before its replies reach the channel; handle waits for them', async (t) => {
  const memory = new GatedAdapter();
  const { app, tenant } = await buildApp(t, { memory });
  const start = { ...memory.base(tenant, 'p1'), kind: 'command' as const, command: 'start', argument: '' };
  let accepted = false;
  await app.engine.accept(start).then(() => { accepted = true; });
  t.ok(accepted, 'accepted while the channel still holds every send');
  t.equal(memory.sent.length, 0, 'nothing reached the channel yet');

  let handled = false;
  const second = app.engine.handle({ ...memory.base(tenant, 'p2'), kind: 'command', command: 'start', argument: '' }).then(() => { handled = true; });
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.notOk(handled, 'handle is still waiting for its replies');

  memory.release();
  await second;
  await app.engine.drain();
  t.ok(memory.sent.some((s) => s.ref.chatId === 'p1'), 'the accepted turn’s replies went out from the outbox');
  t.ok(memory.sent.some((s) => s.ref.chatId === 'p2'), 'and the handled one’s');
});

t.test('a redelivered event is accepted at once and answered once', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const event = { ...memory.base(tenant, 'p3', { id: 'same-update' }), kind: 'command' as const, command: 'start', argument: '' };
  await app.engine.accept(event);
  await app.engine.accept(event);
  await app.engine.drain();
  const welcomes = memory.sent.filter((s) => s.ref.chatId === 'p3').length;
  t.ok(welcomes > 0, 'answered');
  await app.engine.accept(event);
  await app.engine.drain();
  t.equal(memory.sent.filter((s) => s.ref.chatId === 'p3').length, welcomes, 'the redelivery added nothing');
});
