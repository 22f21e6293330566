import t from 'tap';
import { trainClassifier } from '../../../modules/qa/nlp/index.js';
import { ProperNames } from '../../../modules/qa/nlp/proper-names.js';
import { Speller } from '../../../modules/qa/nlp/spelling.js';

const phrasings = ['orari cimitero', 'quando apre il cimitero', 'ricordami di pagare la tari', 'scadenza tari'];
const names = new ProperNames(phrasings, { camposanto: 'cimitero' }, new Speller(phrasings));

t.test('unknown capitalised words after the first are left out', async (t) => {
  t.equal(names.strip('Orari del cimitero di Borgoverde'), 'Orari del cimitero di');
  t.equal(names.strip('ricordami di pagare la tari per Lisa e Marco'), 'ricordami di pagare la tari per e');
});

t.test('known words, synonyms, typos of known words, acronyms and the first word stay', async (t) => {
  t.equal(names.strip('Quando apre il Cimitero?'), 'Quando apre il Cimitero?');
  t.equal(names.strip('orari del Camposanto'), 'orari del Camposanto');
  t.equal(names.strip('orari del Cimiterro'), 'orari del Cimiterro');
  t.equal(names.strip('scadenza della TARI e della IMU'), 'scadenza della TARI e della IMU');
  t.equal(names.strip('Borgoverde orari'), 'Borgoverde orari');
  t.equal(names.strip('  '), '');
});

t.test('a question that names a person or a place is still understood', async (t) => {
  const entries = [
    { entryId: 'cimitero', phrasings: ['orari cimitero', 'quando apre il cimitero', 'il cimitero è aperto la domenica', 'orario visite cimitero'] },
    { entryId: 'tari', phrasings: ['come pago la tari', 'scadenza tari', 'pagamento tassa rifiuti', 'bollettino tari'] },
    { entryId: 'anagrafe', phrasings: ['orari anagrafe', 'quando apre anagrafe', 'anagrafe aperta sabato', 'sportello anagrafe'] },
  ];
  const withNames = await trainClassifier(entries, { dropNames: false });
  const withoutNames = await trainClassifier(entries);
  const question = 'quando apre il cimitero di San Rocco Vecchio Borgoverde';
  const kept = await withNames.classify(question);
  const dropped = await withoutNames.classify(question);
  t.equal(dropped.entryId, 'cimitero');
  t.ok(dropped.confidence > kept.confidence, `names left out: ${dropped.confidence} > ${kept.confidence}`);
  // An off-topic question is not helped: its words are lower-case and unknown.
  t.equal((await withoutNames.classify('che tempo fa domani a Trento')).entryId, null);
});
