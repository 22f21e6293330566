import { truncateLabel } from '../../../channel/fallbacks.js';
import { plain } from '../../../channel/formatted-text.js';
import type { ChoiceButton } from '../../../channel/outbound.js';
import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';

/**
 * Choices within `maxChoiceButtons` arrive as buttons and a press comes back as the original payload;
 * more than the channel shows (buttons, or list rows where it has a list) arrive as a numbered list.
 *
 * @example
 * await choiceChecks(t, session);
 */
export async function choiceChecks(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  const { capabilities } = session.adapter;
  const choices = (count: number): ChoiceButton[] => Array.from({ length: count }, (_, i) => ({
    label: truncateLabel(`Scelta ${i + 1}`, capabilities.maxButtonLabel), payload: `conformance:choice:${i + 1}`,
  }));

  const noButtons = capabilities.maxChoiceButtons === 0 ? 'the channel declares no choice buttons (every choice is numbered)' : undefined;
  await session.check(t, 'buttons', async (t) => {
    const person = await session.meet();
    const before = session.receivedBy(person.ref.chatId).length;
    const sent = choices(Math.min(capabilities.maxChoiceButtons, 3));
    const result = await session.send(person.ref, { text: plain('Scegli'), choices: sent });
    t.equal(result.status, 'delivered');
    const [message] = (await session.waitReceived(person.ref.chatId, before + 1)).slice(before);
    t.same(message?.buttons.map((b) => b.label), sent.map((c) => c.label), `${sent.length} buttons, labels kept`);
    if (!session.fake.pressButton) return void t.fail('the harness has no pressButton: give one, or declare cannot.buttons with the reason');
    const turns = session.echo.turns.length;
    await session.fake.pressButton(person.chat, message!, sent.length - 1);
    const press = await session.waitTurn((m) => m.kind === 'button', 'the button turn', turns);
    t.match(press, { kind: 'button', payload: sent.at(-1)!.payload, ref: { chatId: person.ref.chatId } }, 'the press comes back as the payload sent');
  }, noButtons);

  await session.check(t, 'numbered fallback', async (t) => {
    const count = Math.max(capabilities.maxChoiceButtons, capabilities.list?.maxRows ?? 0) + 1;
    const person = await session.meet();
    const before = session.receivedBy(person.ref.chatId).length;
    const sent = choices(count);
    const result = await session.send(person.ref, { text: plain('Scegli'), choices: sent });
    t.equal(result.status, 'delivered', `${count} choices (buttons ${capabilities.maxChoiceButtons}, list rows ${capabilities.list?.maxRows ?? 0})`);
    const got = (await session.waitReceived(person.ref.chatId, before + 1)).slice(before);
    t.same(got.flatMap((m) => m.buttons), [], 'no buttons');
    const text = got.map((m) => m.text).join('\n');
    t.ok(sent.every((choice, i) => text.includes(`${i + 1}. ${choice.label}`)), 'every choice numbered in the text');
  });
}
