import t from 'tap';
import { advanceReceipt, receiptAdvances, templateFor, type ReceiptState } from '../../../core/internal.js';

t.test('receipts never move a delivery backwards', async (t) => {
  const apply = (states: ReceiptState[]) => states.reduce<ReceiptState | null>((current, next) => advanceReceipt(current, next), null);
  t.equal(apply(['sent', 'delivered', 'read']), 'read');
  t.equal(apply(['read', 'delivered', 'sent']), 'read', 'reverse order ends at the most advanced state');
  t.equal(apply(['delivered', 'sent']), 'delivered');
  t.equal(apply(['sent', 'failed', 'delivered', 'read']), 'failed', 'failed is terminal');
  t.equal(apply(['delivered', 'failed']), 'delivered', 'a failure after a receipt from the phone is ignored');
  t.equal(apply(['failed']), 'failed');
  t.equal(receiptAdvances('read', 'delivered'), false);
  t.equal(receiptAdvances(null, 'sent'), true);
  // Every permutation of the three receipts ends at read.
  const all: ReceiptState[][] = [['sent', 'delivered', 'read'], ['sent', 'read', 'delivered'], ['delivered', 'sent', 'read'], ['delivered', 'read', 'sent'], ['read', 'sent', 'delivered'], ['read', 'delivered', 'sent']];
  for (const order of all) t.equal(apply(order), 'read', order.join(' → '));
});

t.test('per-tenant template mapping', async (t) => {
  const settings = {
    templates: {
      whatsapp: {
        categories: { 'protezione-civile': { name: 'allerta', language: 'it', variables: ['{title}'] } },
        fallback: { name: 'nuovo_avviso', language: 'it', variables: ['{comune}', '{category}', '{title}'] },
        replyWaiting: { name: 'risposta_in_attesa', language: 'it', variables: ['{comune}'] },
      },
    },
  };
  const values = { comune: 'Comune di Esempio', category: 'Eventi', title: 'Sagra' };
  t.same(templateFor(settings, 'whatsapp', { kind: 'notice', category: 'protezione-civile' }, values), { name: 'allerta', language: 'it', variables: ['Sagra'] });
  t.same(templateFor(settings, 'whatsapp', { kind: 'notice', category: 'eventi' }, values), { name: 'nuovo_avviso', language: 'it', variables: ['Comune di Esempio', 'Eventi', 'Sagra'] });
  t.same(templateFor(settings, 'whatsapp', { kind: 'reply-waiting' }, values)?.name, 'risposta_in_attesa');
  t.equal(templateFor({}, 'whatsapp', { kind: 'reply-waiting' }, values), undefined);
  t.equal(templateFor({ templates: { whatsapp: { fallback: { name: 1 } } } }, 'whatsapp', { kind: 'notice', category: 'x' }, values), undefined, 'malformed entries count as absent');
});
