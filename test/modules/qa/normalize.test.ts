import t from 'tap';
import { foldAccents, normalizeForMatch, normalizeText, tokenize } from '../../../modules/qa/nlp/index.js';

t.test('typographic apostrophes become straight ones and split elisions', async (t) => {
  t.equal(normalizeText('Dov’è l‘Anagrafe`'), "dov'è l'anagrafe'");
  t.equal(normalizeForMatch('Dov’è l’anagrafe?'), 'dov e l anagrafe');
  t.equal(normalizeForMatch("dell'ufficio"), normalizeForMatch('dell’ufficio'));
  t.same(tokenize("l'orario dell’anagrafe"), ['l', 'orario', 'dell', 'anagrafe']);
});

t.test('accents are folded for matching, typed-apostrophe accents too', async (t) => {
  t.equal(foldAccents('è già lì, perché città'), 'e gia li, perche citta');
  t.equal(normalizeForMatch("perche' la citta' e' chiusa"), 'perche la citta e chiusa');
  t.equal(normalizeForMatch('Perché la città è chiusa'), 'perche la citta e chiusa');
  t.equal(normalizeForMatch('PERCHÉ'), 'perche');
});

t.test('punctuation, whitespace and stretched letters', async (t) => {
  t.equal(normalizeForMatch('  Orari   ANAGRAFE???!!  '), 'orari anagrafe');
  t.equal(normalizeForMatch('grazieeee!!! ciaooo'), 'grazie ciao');
  t.equal(normalizeForMatch('TARI: 2a rata, 16/12.'), 'tari 2a rata 16 12');
  t.equal(normalizeForMatch('…'), '');
  t.same(tokenize('  ?! '), []);
});
