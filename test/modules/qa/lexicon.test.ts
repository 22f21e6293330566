import t from 'tap';
import { spread } from '../../../modules/qa/nlp/calibration.js';
import { trainClassifier } from '../../../modules/qa/nlp/index.js';
import { italianLexicon, lemmatize, towardsLibrary } from '../../../modules/qa/nlp/lexicon.js';
import { UnseenWords } from '../../../modules/qa/nlp/unseen-words.js';

t.test('the vendored lexicon lemmatises verb forms and plurals, leaves unknown words alone', async (t) => {
  t.equal(lemmatize('devo rinnovare le carte'), 'dovere rinnovare le carta');
  t.equal(lemmatize('vado xyzzy'), 'andare xyzzy');
  t.equal(lemmatize(''), '');
  // Idempotent: a lemma is never a key (stored models can be lemmatised again on load).
  const { lemmas } = italianLexicon();
  t.same([...lemmas.values()].filter((lemma) => lemmas.has(lemma)), []);
});

t.test('the thesaurus maps a word the library never uses onto its one library synonym', async (t) => {
  const map = towardsLibrary(['come pagare la tari', 'orari del cimitero']);
  t.equal(map.get('saldare'), 'pagare');
  t.equal(map.get('camposanto'), 'cimitero');
  t.equal(map.has('pagare'), false, 'library words are not remapped');
});

t.test('unseen topic words count words of other entries the top entry never uses', async (t) => {
  const unseen = new UnseenWords([
    { entryId: 'orari', phrasings: ['orari anagrafe'] },
    { entryId: 'tari', phrasings: ['pagare tari'] },
  ]);
  t.equal(unseen.count('orari anagrafe', 'orari'), 0);
  t.equal(unseen.count('orari pagare', 'orari'), 1);
  t.equal(unseen.count('orari meteo', 'orari'), 0, 'a word no entry uses is not a topic word');
});

t.test('calibration samples are spread evenly and deterministically', async (t) => {
  t.same(spread([1, 2, 3, 4], 2), [1, 3]);
  t.same(spread([1, 2], 5), [1, 2]);
});

t.test('lemmas and the thesaurus as options still classify the library (shipped off)', async (t) => {
  const entries = [
    { entryId: 'tari', phrasings: ['come pago la tari', 'pagamento della tari', 'scadenza tari'] },
    { entryId: 'anagrafe', phrasings: ["orari dell'anagrafe", 'quando apre l anagrafe', 'anagrafe aperta sabato'] },
  ];
  for (const options of [{}, { lemmas: true, thesaurus: true, unseenPenalty: 0.05 }]) {
    const classifier = await trainClassifier(entries, { ...options, calibrate: false });
    const r = await classifier.classify('come pagare la tari?');
    t.equal(r.candidates[0]?.entryId, 'tari', JSON.stringify(options));
  }
});
