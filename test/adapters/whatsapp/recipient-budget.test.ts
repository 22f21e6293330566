import t from 'tap';
import { RecipientBudget } from '../../../adapters/whatsapp/index.js';

t.test('unique recipients per rolling 24 h', async (t) => {
  let now = 0;
  const budget = new RecipientBudget({ limit: 2, now: () => now });
  t.ok(budget.tryConsume('a'));
  now = 1000;
  t.ok(budget.tryConsume('b'));
  t.ok(budget.tryConsume('a'), 'someone already counted costs nothing');
  t.notOk(budget.tryConsume('c'), 'a third person waits');
  t.equal(budget.remaining(), 0);
  t.equal(budget.retryAt().getTime(), 24 * 3_600_000, 'the oldest slot frees 24 h after it was taken');
  now = 24 * 3_600_000;
  t.ok(budget.tryConsume('c'), 'next window');
  t.equal(budget.remaining(), 0);
  const copy = new RecipientBudget({ limit: 2, now: () => now });
  copy.restore(budget.snapshot());
  t.notOk(copy.canSend('d'), 'a restored snapshot keeps the count');
  t.throws(() => new RecipientBudget({ limit: 0 }), /WHATSAPP_DAILY_RECIPIENTS/);
});
