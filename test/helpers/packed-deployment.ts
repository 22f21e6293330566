import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = join(import.meta.dirname, '../..');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
// Never reach the network or run scripts: everything npm needs is on disk.
const NPM_FLAGS = ['--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** Runs a command, failing with its output (tsc and npm print their errors on stdout). */
async function sh(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** `npm run build:types`: the declarations the exports map's "types" conditions point at (dist/types). */
export async function buildTypes(): Promise<void> {
  await sh(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.types.json')], repoRoot);
}

/**
 * A stand-in for the published `campanile` package: this checkout's package.json without its dependency
 * lists, and `core/` and `dist/` linked. Linking the repository itself (`file:<repo>`) would make npm
 * reify the repository's own dependencies through the link, and may prune the node_modules it shares.
 * Files resolve to their real paths, so an external package loads the very modules the server runs.
 */
export function campanileLink(dir: string): string {
  const root = join(dir, 'campanile');
  mkdirSync(root, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, type, exports } = pkg;
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version, type, exports }, null, 2));
  symlinkSync(join(repoRoot, 'core'), join(root, 'core'));
  symlinkSync(join(repoRoot, 'dist'), join(root, 'dist'));
  return root;
}

/**
 * Compiles a package's TypeScript against campanile's emitted declarations (`@types/node` linked from
 * this checkout, the only other types it uses) and packs it: the tarball's path.
 */
export async function buildAndPack(source: string, dir: string, campanile: string): Promise<string> {
  const name = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { name: string }).name;
  const work = join(dir, 'build', name);
  cpSync(source, work, { recursive: true, filter: (path) => !/\/(dist|node_modules)$/.test(path) });
  mkdirSync(join(work, 'node_modules/@types'), { recursive: true });
  symlinkSync(campanile, join(work, 'node_modules/campanile'));
  symlinkSync(join(repoRoot, 'node_modules/@types/node'), join(work, 'node_modules/@types/node'));
  if (readFileSync(join(work, 'package.json'), 'utf8').includes('"build"')) await sh(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], work);
  const out = await sh('npm', ['pack', '--json', '--pack-destination', dir, ...NPM_FLAGS], work);
  return join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
}

/** A deployment directory: `campanile` as a `file:` dependency, then `npm install <tarballs…>`. */
export async function installDeployment(dir: string, campanile: string, tarballs: readonly string[]): Promise<string> {
  const deployment = join(dir, 'deployment');
  mkdirSync(deployment, { recursive: true });
  writeFileSync(join(deployment, 'package.json'), JSON.stringify({ name: 'comune-deployment', private: true, dependencies: { campanile: `file:${campanile}` } }, null, 2));
  await sh('npm', ['install', ...NPM_FLAGS, ...tarballs], deployment);
  return deployment;
}
