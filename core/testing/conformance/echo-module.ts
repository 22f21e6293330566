import { plain } from '../../channel/formatted-text.js';
import type { InboundMessage } from '../../channel/inbound.js';
import type { FeatureModule } from '../../module/feature-module.js';

/** The kit's module and the turns it saw. */
export interface EchoModule {
  readonly module: FeatureModule;
  /** Every message a turn handled, in order: a redelivered event must not appear twice. */
  readonly turns: InboundMessage[];
}

/**
 * The only module the kit's Campanile runs: it records every turn and answers each but a button press
 * with one reply (`echo: <text>`, `media: <kind>`), so "one turn, one reply" is countable.
 *
 * @example
 * const echo = echoModule();
 * await app(t, { modules: [echo.module], … });
 * echo.turns.filter((m) => m.kind === 'text').length;
 */
export function echoModule(): EchoModule {
  const turns: InboundMessage[] = [];
  const module: FeatureModule = {
    name: 'conformance',
    setup(api) {
      api.use(async (ctx) => {
        turns.push(ctx.message);
        // A press gets no reply: it would be the chat's second message, held by the channel's per-chat
        // rate (WhatsApp: 6 s) in front of every later reply of the lane.
        if (ctx.message.kind !== 'button') ctx.reply({ text: plain(answerTo(ctx.message)) });
      });
    },
  };
  return { module, turns };
}

function answerTo(message: InboundMessage): string {
  switch (message.kind) {
    case 'text': return `echo: ${message.text}`;
    case 'command': return `echo: /${message.command} ${message.argument}`.trimEnd();
    case 'media': return `media: ${message.media.kind}`;
    default: return `seen: ${message.kind}`;
  }
}
