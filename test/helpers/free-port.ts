import { createServer } from 'node:net';

/**
 * A loopback port free right now, for a server a test must know the address of before it starts
 * (e.g. a webhook URL registered with a fake Bot API).
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
