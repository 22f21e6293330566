import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { LexicalIndex, CentroidIndex } from '../../../modules/qa/nlp/lexical-index.js';
import { loadClassifier, trainClassifier, trainModel } from '../../../modules/qa/nlp/index.js';
import { readRows, toEntries } from '../../../scripts/lib/qa-data.js';

// The whole starter library: loading it takes a few hundred ms of CPU, in many slices.
const library = toEntries(readRows(new URL('../../../nlp-models/starter/it.json', import.meta.url).pathname));

t.test('an HTTP request is answered while a model loads', async (t) => {
  const model = await trainModel(library, { calibrate: false });
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;

  const order: string[] = [];
  const loading = loadClassifier(JSON.stringify(model)).then((classifier) => {
    order.push('model loaded');
    return classifier;
  });
  const answered = fetch(`http://127.0.0.1:${port}/`).then(async (res) => {
    order.push(`request answered: ${await res.text()}`);
  });
  const [classifier] = await Promise.all([loading, answered]);
  t.same(order, ['request answered: ok', 'model loaded'], 'the load gave the event loop back to the request');
  t.equal((await classifier.classify("quando apre l'anagrafe?")).entryId, 'orari-anagrafe');
});

t.test('indexes built in slices equal the ones built at once', async (t) => {
  const question = 'dove pago la tari della seconda casa';
  t.same((await LexicalIndex.build(library)).scores(question), new LexicalIndex(library).scores(question));
  t.same((await CentroidIndex.build(library)).scores(question), new CentroidIndex(library).scores(question));
});

t.test('a loaded model answers like the trained one', async (t) => {
  const small = library.slice(0, 8).map((e) => ({ entryId: e.entryId, phrasings: e.phrasings.slice(0, 10) }));
  const trained = await trainClassifier(small, { calibrate: false });
  const loaded = await loadClassifier(trained.serialize());
  for (const text of ['orari anagrafe', 'come pago la tari', 'che tempo fa domani']) {
    t.same(await loaded.classify(text), await trained.classify(text), text);
  }
});
