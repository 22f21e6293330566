import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A spawned `npm start` (admin-api/server.ts under tsx): its process, when it is running, when it exits. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Resolves on the "Campanile is running" log line; rejects when the process exits first. */
  readonly running: Promise<void>;
  /** Exit code (signal: -1). */
  readonly exited: Promise<number>;
  /** Every stdout/stderr line so far. */
  readonly lines: string[];
}

/**
 * Spawns the real entry point with only `env` (plus PATH and HOME), as `npm start` would run it.
 *
 * @example
 * const server = spawnServer({ DATABASE_URL: url, PORT: String(await freePort()) });
 * await server.running;
 * server.child.kill('SIGTERM');
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'admin-api/server.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  const running = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('Campanile is running')) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`the server exited (${code}) before running:\n${lines.slice(-20).join('\n')}`)));
  });
  running.catch(() => undefined);
  return { child, running, exited, lines };
}
