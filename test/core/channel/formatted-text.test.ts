import t from 'tap';
import { markup, numberedChoices, parseCommandText, plain, splitText, textLength, toPlainText, truncateLabel } from '../../../core/internal.js';

t.test('markup parses bold, italic and links, then fills variables without parsing them', async (t) => {
  t.same(markup('Ciao *{name}*, vedi [il sito](https://comune.example.it)', { name: '*Mario*' }), [
    { text: 'Ciao ' },
    { text: '*Mario*', bold: true },
    { text: ', vedi ' },
    { text: 'il sito', href: 'https://comune.example.it' },
  ]);
  t.same(markup('_nota_ e {missing}'), [{ text: 'nota', italic: true }, { text: ' e {missing}' }], 'an unknown variable stays visible');
  t.same(markup('[x](javascript:alert(1))'), [{ text: '[x](javascript:alert(1))' }], 'only http(s) links become links');
});

t.test('splitText keeps every character, respects the limit and prefers paragraph breaks', async (t) => {
  const text = plain(`${'a'.repeat(30)}\n\n${'b'.repeat(30)} ${'c'.repeat(30)}`);
  const parts = splitText(text, 40);
  t.ok(parts.every((p) => textLength(p) <= 40), 'each part fits');
  t.equal(toPlainText(parts[0] ?? []), 'a'.repeat(30), 'the first part ends at the paragraph');
  t.equal(parts.map(toPlainText).join('').replace(/\s/g, ''), toPlainText(text).replace(/\s/g, ''), 'nothing lost');
  const emoji = plain('😀'.repeat(10));
  const cut = splitText(emoji, 5);
  t.ok(cut.every((p) => !/[\ud800-\udbff]$/.test(toPlainText(p))), 'never splits a surrogate pair');
  t.throws(() => splitText(text, 0), RangeError);
});

t.test('fallback helpers', async (t) => {
  t.equal(
    toPlainText(numberedChoices(plain('Scegli:'), [{ label: 'Eventi', payload: 'a', selected: true }, { label: 'Sanità', payload: 'b' }], 'Rispondi col numero.')),
    'Scegli:\n\n1. ✅ Eventi\n2. Sanità\n\nRispondi col numero.',
  );
  t.equal(truncateLabel('Mobilità e parcheggi', 10), 'Mobilità…');
  t.same(parseCommandText('/start cat_eventi'), { command: 'start', argument: 'cat_eventi' });
  t.same(parseCommandText('/Aiuto@ComuneBot'), { command: 'aiuto', argument: '' });
  t.equal(parseCommandText('ciao /start'), undefined);
});
