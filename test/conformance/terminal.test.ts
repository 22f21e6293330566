import { PassThrough, Writable } from 'node:stream';
import t from 'tap';
import { TerminalAdapter, terminalChannel } from '../../adapters/terminal/index.js';
import { runAdapterConformance, type ReceivedMessage } from '../../core/testing/index.js';
import { conformanceTestApp } from '../helpers/conformance-app.js';

// The terminal is one local conversation on stdin/stdout: nothing between the bot and the person can
// refuse, throttle or repeat a line.
const LOCAL = 'the terminal writes to a local stream: nothing can refuse or throttle it';

await runAdapterConformance(t, terminalChannel, {
  async setup(_t, _factory, context) {
    // The factory's adapter talks on this process's stdin/stdout; the harness gives it streams instead.
    const input = new PassThrough();
    const received: ReceivedMessage[] = [];
    // One write per send: "\n<text>\n> ".
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push({ chat: 'terminal', text: chunk.toString('utf8').replace(/^\n/, '').replace(/\n> $/, ''), buttons: [] });
        done();
      },
    });
    const tenant = context.defaultTenant.slug;
    return {
      bound: { adapter: new TerminalAdapter({ tenant, input, output, color: false }), tenant },
      person: async () => 'terminal',
      pushText: async (_chat, text) => void input.write(`${text}\n`),
      received: () => received,
      failNext: {},
      cannot: {
        'rate-limited': LOCAL, transient: LOCAL, permanent: LOCAL, 'recipient-gone': LOCAL,
        'redelivered once': 'a typed line has no channel id to deliver again: every line is a new message',
      },
    };
  },
  app: conformanceTestApp(t),
});
