import { createInterface, type Interface } from 'node:readline';
import {
  defaultChannelTexts, delivery, splitText, textLength, type SendContext, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities, type ConversationRef,
  type DeliveryResult, type OutboundMessage,
} from '../../core/index.js';
import { fromTerminal, toTerminal } from './mapping.js';

const DEFAULT_NUMBERED_HINT = defaultChannelTexts().numberedHint;

/** Options of the terminal chat. */
export interface TerminalAdapterOptions {
  /** Tenant slug to talk to. */
  readonly tenant: string;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** ANSI bold/italic (default: when output is a TTY). */
  readonly color?: boolean;
  /** Hint under numbered choices, in the bot's language. */
  readonly numberedHint?: string;
  /** Called when the input ends (Ctrl-D). */
  readonly onClose?: () => void;
}

const CAPABILITIES: ChannelCapabilities = {
  maxTextLength: 100_000, maxCaptionLength: 0, maxChoiceButtons: 0, maxButtonLabel: 200, list: null, linkButtons: false,
  locationRequest: false, edit: false, delete: false, media: {}, inboundMedia: {}, canInitiate: true, replyWindowHours: null,
  rateLimits: { perAccount: { count: 1000, perMs: 1000 }, perChat: { count: 1000, perMs: 1000 } },
};

/**
 * A developer's channel: talk to the bot from a shell (`npm run chat`). One conversation, chat id
 * `terminal`; `/comandi` work as on Telegram, numbers answer numbered choices, "posizione <lat> <lon>"
 * sends a location.
 *
 * @example
 * const terminal = new TerminalAdapter({ tenant: 'esempio' });
 * await createCampanile({ …, adapters: [{ adapter: terminal }] });
 */
export class TerminalAdapter implements ChannelAdapter {
  readonly channel = 'terminal';
  readonly account = 'default';
  readonly capabilities = CAPABILITIES;
  private readline: Interface | undefined;
  private nextId = 1;

  constructor(private readonly options: TerminalAdapterOptions) {
    if (!options.tenant) throw new Error('TerminalAdapter needs `tenant`: the slug of the comune to talk to.');
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    const readline = createInterface({ input: this.options.input ?? process.stdin, terminal: false });
    this.readline = readline;
    const ref: ConversationRef = { tenant: this.options.tenant, channel: this.channel, account: this.account, chatId: 'terminal' };
    readline.on('line', (line) => {
      const event = fromTerminal(line, { id: `t-${process.pid}-${Date.now()}-${this.nextId++}`, ref, receivedAt: new Date() });
      runtime.deliver(event).catch((error: unknown) => runtime.log.error({ err: error }, 'terminal message failed'));
    });
    readline.on('close', () => this.options.onClose?.());
  }

  async stop(): Promise<void> {
    this.readline?.close();
  }

  async send(_ref: ConversationRef, message: OutboundMessage, _signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult> {
    const output = this.options.output ?? process.stdout;
    const color = this.options.color ?? Boolean((output as { isTTY?: boolean }).isTTY);
    const numberedHint = context?.texts?.numberedHint ?? this.options.numberedHint ?? DEFAULT_NUMBERED_HINT;
    // A text beyond the declared length goes as several messages; the choices follow the last one.
    const max = this.capabilities.maxTextLength;
    const parts = message.text && textLength(message.text) > max ? splitText(message.text, max) : [message.text];
    let id = '';
    for (const [index, text] of parts.entries()) {
      const last = index === parts.length - 1;
      const { choices: _choices, ...rest } = message;
      output.write(`\n${toTerminal(last ? { ...message, ...(text ? { text } : {}) } : { ...rest, ...(text ? { text } : {}) }, { color, numberedHint })}\n> `);
      id = `terminal-${this.nextId++}`;
    }
    return delivery.delivered(id);
  }
}
