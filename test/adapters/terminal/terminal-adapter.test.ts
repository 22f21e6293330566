import { PassThrough } from 'node:stream';
import t from 'tap';
import { TerminalAdapter, parseLocation, toTerminal } from '../../../adapters/terminal/index.js';
import { markup } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';

t.test('the terminal renders choices as a numbered list and links as lines', async (t) => {
  const rendered = toTerminal(
    { text: markup('Scegli *bene*'), choices: [{ label: 'Eventi', payload: 'x', selected: true }], links: [{ label: 'Sito', url: 'https://e.it' }] },
    { color: false, numberedHint: 'Rispondi con il numero.' },
  );
  t.equal(rendered, 'Scegli bene\n\n1. ✅ Eventi\n\nRispondi con il numero.\n→ Sito: https://e.it');
  t.same(parseLocation('posizione 46.07 11.12'), { latitude: 46.07, longitude: 11.12 });
  t.equal(parseLocation('posizione 200 11'), undefined);
});

t.test('a shell conversation: /start, then a number picks a category', async (t) => {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk) => { screen += String(chunk); });
  const terminal = new TerminalAdapter({ tenant: 'esempio', input, output, color: false });
  const { app } = await buildApp(t, { adapters: [{ adapter: terminal }] });
  const turn = () => app.engine.events.once('turn:done');
  let done = turn();
  input.write('/start\n');
  await done;
  t.match(screen, /Comune di Esempio/);
  t.match(screen, /1\. Eventi/);
  done = turn();
  input.write('1\n');
  await done;
  t.match(screen, /Iscrizione a Eventi attivata/, 'the number answered the first choice');
});
