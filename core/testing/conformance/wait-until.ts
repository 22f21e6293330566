/**
 * Resolves with the first truthy value of `probe`, checked every 10 ms, or rejects after `timeoutMs`
 * naming `what`. The kit watches fakes it does not own, so it cannot wait on their events.
 *
 * @example
 * const reply = await waitUntil(() => fake.received().find((m) => m.chat === '42'), 'a reply to chat 42');
 */
export async function waitUntil<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`conformance: waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
