import t from 'tap';
import { ChatSpacing } from '../../../core/outbox/chat-spacing.js';

t.test('count 1: plain spacing, one send per interval per chat', async (t) => {
  const spacing = new ChatSpacing({ count: 1, perMs: 1000 });
  t.equal(spacing.take('a', 0), 0, 'the first send goes');
  t.equal(spacing.take('a', 10), 990, 'the second waits for the interval');
  t.equal(spacing.take('b', 10), 0, 'another chat is not held');
  t.equal(spacing.take('a', 1000), 0);
});

t.test('a burst within count goes at once, then the chat pays it back one interval per send', async (t) => {
  // WhatsApp's declaration: 4 per 24 s, i.e. 1 per 6 s in the long run.
  const spacing = new ChatSpacing({ count: 4, perMs: 24_000 });
  t.same([0, 1, 2, 3].map((i) => spacing.take('p', i)), [0, 0, 0, 0], "a turn's replies go together");
  t.equal(spacing.take('p', 4), 6_000 - 4, 'the fifth waits one interval from the start of the burst');
  t.equal(spacing.peek('p', 4), 6_000 - 4, 'peek says the same without taking');
  t.equal(spacing.take('p', 6_000), 0);
  t.equal(spacing.take('p', 6_001), 5_999, 'then one per interval');
  // Over any long stretch the chat never gets more than one per interval plus the burst.
  let sent = 0;
  for (let now = 12_000; now < 12_000 + 60_000; now += 100) if (spacing.take('p', now) === 0) sent += 1;
  t.ok(sent <= 60_000 / 6_000 + 1, `${sent} sends in 60 s`);
  t.equal(spacing.take('q', 4), 0, 'other chats have their own bucket');
});

t.test('a send counted when it completes pushes the next slot one interval past its arrival', async (t) => {
  const spacing = new ChatSpacing({ count: 1, perMs: 1000 });
  spacing.take('a', 0);
  spacing.extend('a', 700); // the photo reached the channel 700 ms after its slot
  t.equal(spacing.take('a', 1000), 700, 'the next waits until 1 s after the arrival');
  const burst = new ChatSpacing({ count: 3, perMs: 3000 });
  burst.take('b', 0);
  burst.extend('b', 50);
  t.equal(burst.take('b', 60), 0, 'within a burst, a late arrival costs nothing extra');
});

t.test('memory stays bounded: chats whose bucket is full again are forgotten', async (t) => {
  const spacing = new ChatSpacing({ count: 1, perMs: 1000 });
  for (let i = 0; i < 1000; i++) spacing.take(`chat-${i}`, i * 10);
  t.ok(spacing.size <= 200, `${spacing.size} chats remembered after 1,000 chats over 10 s (at most two intervals' worth)`);
});
