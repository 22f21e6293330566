import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
// tap's own YAML dependency (tap-yaml): a test-only use, no dependency added for it.
import { parse } from 'yaml';

// Issue 21 "Operations", item 4: the deployment files say what the code does.
const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const run = promisify(execFile);

/** `docker compose` (the plugin) or `docker-compose`, whichever answers; undefined when neither does. */
async function composeCommand(): Promise<string[] | undefined> {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      await run(command[0]!, [...command.slice(1), 'version'], { timeout: 10_000 });
      return command;
    } catch {
      // not installed: try the next
    }
  }
  return undefined;
}

const compose = await composeCommand();

t.test('docker compose config accepts compose.yaml', { skip: !compose && 'docker compose is not installed here (neither the docker CLI plugin nor docker-compose)' }, async (t) => {
  const [bin, ...args] = compose!;
  const env = { ...process.env, POSTGRES_PASSWORD: 'x', WEBCHAT_SECRET: 'y'.repeat(32), PUBLIC_URL: 'https://campanile.example.it' };
  const { stdout } = await run(bin!, [...args, '-f', join(root, 'compose.yaml'), 'config', '--format', 'json'], { env, timeout: 20_000 });
  const config = JSON.parse(stdout) as { services: Record<string, { environment?: Record<string, string> }> };
  t.same(Object.keys(config.services).sort(), ['campanile-1', 'campanile-2', 'postgres']);
  t.match(config.services['campanile-1']?.environment?.DATABASE_URL, /^postgres:\/\/campanile:x@postgres:5432\/campanile$/);
});

t.test('the Dockerfile and compose.yaml name what exists', async (t) => {
  const dockerfile = read('Dockerfile');
  t.match(dockerfile, /FROM [^\n]+ AS build[\s\S]*FROM [^\n]+ AS runtime/, 'multi-stage');
  t.match(dockerfile, /\nUSER node\n/, 'runs as the unprivileged node user');
  const health = /HEALTHCHECK[^\n]*\\\n[^\n]*'\/(\w+)'/.exec(dockerfile)?.[1];
  t.ok(health, 'has a HEALTHCHECK on a route');
  t.match(read('admin-api/routes/health/index.ts'), new RegExp(`fastify\\.get\\('/${health}'`), `/${health} is a route of the admin API`);
  t.match(dockerfile, /CMD \["node", "--max-old-space-size=1024", "--import", "tsx", "admin-api\/server\.ts"\]/, 'starts what npm start starts');
  t.ok(existsSync(join(root, 'admin-api/server.ts')));
  const yaml = read('compose.yaml');
  for (const service of ['postgres:', 'campanile-1:', 'campanile-2:']) t.match(yaml, new RegExp(`\\n  ${service}\\n`), `service ${service}`);
  t.match(yaml, /stop_grace_period: 15s/, 'Docker waits longer than SHUTDOWN_TIMEOUT_MS before SIGKILL');
  // Every variable compose sets is one Campanile reads (a typo would be silently ignored).
  const known = new Set([...read('README.md').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
  for (const file of ['adapters/telegram/README.md', 'admin-api/plugins/external/env.ts']) for (const m of read(file).matchAll(/([A-Z][A-Z0-9_]{3,})/g)) known.add(m[1]);
  const set = [...yaml.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!).filter((v) => !v.startsWith('POSTGRES_'));
  t.same(set.filter((v) => !known.has(v)), [], `compose sets only documented variables (${set.length})`);
});

t.test('compose.yaml, parsed (what docker compose config checks, where docker is absent)', async (t) => {
  type Service = { build?: string; image?: string; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; stop_grace_period?: string };
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  t.same(Object.keys(compose.services).sort(), ['campanile-1', 'campanile-2', 'postgres']);
  t.match(compose.services.postgres?.image, /^postgres:15/);
  for (const name of ['campanile-1', 'campanile-2']) {
    const service = compose.services[name]!;
    t.equal(service.build, '.', `${name} builds the Dockerfile`);
    t.same(service.depends_on, { postgres: { condition: 'service_healthy' } }, `${name} waits for PostgreSQL`);
    t.match(service.environment?.DATABASE_URL, /^postgres:\/\/campanile:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/campanile$/);
    t.ok(service.environment?.WEBCHAT_SECRET, `${name} shares WEBCHAT_SECRET`);
    t.same(service.volumes, ['campanile-data:/var/lib/campanile'], `${name} shares the media folder`);
    t.equal(service.stop_grace_period, '15s');
  }
  t.notSame(compose.services['campanile-1']?.ports, compose.services['campanile-2']?.ports, 'one host port each');
  t.same(Object.keys(compose.volumes).sort(), ['campanile-data', 'pgdata']);
});

t.test('docs/deployment.md covers what the README promises', async (t) => {
  const doc = read('docs/deployment.md');
  for (const heading of ['Single process on SQLite', 'Several processes on PostgreSQL', 'Reverse proxy', 'Sizing', 'Upgrades', 'Backup and restore', 'Shutdown', 'systemd']) {
    t.match(doc, new RegExp(`^##+ .*${heading}`, 'm'), `a section on ${heading}`);
  }
});
