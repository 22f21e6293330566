import t from 'tap';
import { askingPart, stripPoliteness } from '../../../modules/qa/nlp/message.js';
import { bandsFrom, decide } from '../../../modules/qa/nlp/calibration.js';

t.test('askingPart: greetings, fillers and sign-offs out; short messages whole; long ones keep the sentence that asks', async (t) => {
  t.equal(askingPart("Buongiorno, volevo sapere se per la carta d'identità serve la prenotazione, grazie"), "per la carta d'identità serve la prenotazione");
  t.equal(askingPart('Salve, orari anagrafe? Cordiali saluti'), 'orari anagrafe?');
  t.equal(askingPart('ciao scusate mi sapete dire quando passa il camion della carta'), 'quando passa il camion della carta');
  t.equal(askingPart('ho preso un cucciolo. il microchip dove lo faccio?'), 'ho preso un cucciolo. il microchip dove lo faccio?', 'a short message keeps its context sentence');
  const long = 'Gentile Comune, mi sono trasferito da poco in via Roma con tutta la famiglia e i bambini cominceranno la scuola a settembre, ' +
    'abbiamo già fatto tutti i documenti. Come faccio a iscriverli alla mensa? Grazie mille, cordiali saluti';
  t.equal(askingPart(long), 'Come faccio a iscriverli alla mensa?', 'a long message: the sentence with the question mark');
  t.equal(askingPart('grazie!'), 'grazie!', 'only politeness: kept as written');
  t.equal(askingPart('orari anagrafe'), 'orari anagrafe', 'a plain question is untouched');
  t.equal(stripPoliteness('Perché la TARI è aumentata? Grazie in anticipo'), 'Perché la TARI è aumentata?');
});

t.test('bandsFrom: the rule reads the bands off cross-validated scores; decide applies them', async (t) => {
  // 100 in-scope: 90 right with confidence 0.5–0.9, 10 wrong at 0.2–0.3; out-of-scope spread 0–0.45.
  const inScope = [
    ...Array.from({ length: 90 }, (_, i) => ({ confidence: 0.5 + (i / 90) * 0.4, top1: true, top3: true })),
    ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.2 + i * 0.01, top1: false, top3: true })),
  ];
  const oos = Array.from({ length: 100 }, (_, i) => (i / 100) * 0.45);
  const c = bandsFrom(inScope, oos, 3);
  t.equal(c.method, 'cross-validation');
  t.ok(c.answer > 0.3 && c.answer <= 0.5, `answer band ${c.answer} above the wrong answers, at most the right ones`);
  t.ok(c.clarify <= c.answer && c.clarify >= 0.15, `clarify band ${c.clarify}`);
  t.equal(decide(0.95, c), 'answer');
  t.equal(decide(0.01, c), 'fallback');
  t.equal(decide(c.clarify, c), c.clarify === c.answer ? 'answer' : 'clarify');
});
