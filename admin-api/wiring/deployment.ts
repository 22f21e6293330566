import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChannelFactory, FactoryEnv, FeatureModule } from '../../core/internal.js';
import { packageEntry } from './package-entry.js';

/** What a deployment names: its channels and its modules, each a built-in name or an npm package name. */
export interface DeploymentPlan {
  readonly adapters: readonly string[];
  readonly modules: readonly string[];
  /** Where the lists came from, for the start-up log line. */
  readonly source: string;
}

/** A deployment that cannot start: every wrong entry named, with the fix. */
export class DeploymentError extends Error {
  override readonly name = 'DeploymentError';
  constructor(readonly problems: readonly string[]) {
    super(`Campanile cannot start: ${problems.join('; ')}`);
  }
}

const list = (value: string | undefined) => (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);

/**
 * Reads which channels and modules this deployment runs: `campanile.config.json` in the working
 * directory (or the file `CAMPANILE_CONFIG` names) with `{ "adapters": [...], "modules": [...] }`, then
 * `CAMPANILE_ADAPTERS` / `CAMPANILE_MODULES` (comma-separated), which win over the file. A list left out
 * everywhere takes the defaults given (the shipped channels and modules).
 *
 * @example
 * const plan = await readDeploymentPlan(process.env, process.cwd(), { adapters: ['webchat', 'telegram', 'whatsapp'], modules: ['base', 'qa'] });
 * plan.adapters; // ['webchat', 'campanile-adapter-echo'] with CAMPANILE_ADAPTERS=webchat,campanile-adapter-echo
 */
export async function readDeploymentPlan(
  env: FactoryEnv,
  cwd: string,
  defaults: { adapters: readonly string[]; modules: readonly string[] },
): Promise<DeploymentPlan> {
  const path = env.CAMPANILE_CONFIG?.trim() || join(cwd, 'campanile.config.json');
  let file: { adapters?: unknown; modules?: unknown } = {};
  let source = 'defaults';
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as typeof file;
    source = path;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // No file is the ordinary case (then the defaults or the variables); a file named explicitly must exist.
    if (code !== 'ENOENT' || env.CAMPANILE_CONFIG) {
      throw new DeploymentError([`${path} could not be read (${error instanceof Error ? error.message : String(error)}): fix the JSON or remove the file`]);
    }
  }
  const problems: string[] = [];
  const fromFile = (key: 'adapters' | 'modules'): readonly string[] | undefined => {
    const value = file[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry.trim())) {
      problems.push(`"${key}" in ${path} must be a list of names, e.g. ["webchat", "telegram"]`);
      return undefined;
    }
    return value.map((entry: string) => entry.trim());
  };
  const adaptersFile = fromFile('adapters');
  const modulesFile = fromFile('modules');
  if (problems.length) throw new DeploymentError(problems);
  const adapters = env.CAMPANILE_ADAPTERS !== undefined ? list(env.CAMPANILE_ADAPTERS) : adaptersFile ?? defaults.adapters;
  const modules = env.CAMPANILE_MODULES !== undefined ? list(env.CAMPANILE_MODULES) : modulesFile ?? defaults.modules;
  if (env.CAMPANILE_ADAPTERS !== undefined || env.CAMPANILE_MODULES !== undefined) source = source === 'defaults' ? 'environment' : `${source} and environment`;
  return { adapters, modules, source };
}

/** Loads a package by name; tests pass their own. */
export type PackageImporter = (name: string) => Promise<Record<string, unknown>>;

/**
 * Imports packages as the deployment directory sees them: a package `npm install`ed next to the
 * deployment's `package.json` lives in its node_modules, which a plain `import(name)` from this file
 * (inside Campanile's own tree) would never search.
 *
 * @example
 * const exports = await packageImporter(process.cwd())('campanile-adapter-echo');
 */
export function packageImporter(cwd: string): PackageImporter {
  return async (name) => {
    // A path (absolute, or relative to the deployment directory) names a module file: a channel or module
    // under development, or one kept beside the deployment rather than packaged.
    if (isAbsolute(name) || name.startsWith('./') || name.startsWith('../')) {
      const file = resolve(cwd, name);
      if (!existsSync(file)) throw Object.assign(new Error(`Cannot find module '${name}' (${file})`), { code: 'ERR_MODULE_NOT_FOUND' });
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    }
    const entry = packageEntry(name, cwd);
    // Same shape as the loader's own error, so resolveAll names the package as not installed.
    if (!entry) throw Object.assign(new Error(`Cannot find package '${name}' from ${cwd}`), { code: 'ERR_MODULE_NOT_FOUND' });
    return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  };
}

/** Why a value is not a channel factory (empty: it is one). */
export function factoryProblems(value: unknown): string[] {
  const f = value as Partial<ChannelFactory> | null;
  if (!f || typeof f !== 'object') return ['not an object'];
  const problems: string[] = [];
  if (typeof f.channel !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(f.channel)) problems.push('"channel" must be a lowercase id such as "echo"');
  const schema = f.accountSchema as { type?: unknown; properties?: unknown } | undefined;
  if (!schema || schema.type !== 'object' || typeof schema.properties !== 'object') problems.push('"accountSchema" must be a TypeBox Type.Object(...)');
  if (typeof f.fromEnv !== 'function') problems.push('"fromEnv" must be a function');
  if (f.fromAccount !== undefined && typeof f.fromAccount !== 'function') problems.push('"fromAccount" must be a function when given');
  if (typeof f.identityKey !== 'function') problems.push('"identityKey" must be a function');
  return problems;
}

function moduleProblems(value: unknown): string[] {
  const m = value as Partial<FeatureModule> | null;
  if (!m || typeof m !== 'object') return ['not an object'];
  const problems: string[] = [];
  if (typeof m.name !== 'string' || !m.name) problems.push('"name" must be a non-empty string');
  if (typeof m.setup !== 'function') problems.push('"setup" must be a function');
  return problems;
}

/** The one export of a package that passes `check`: `default`, else the only named export that does. */
function pick(exports: Record<string, unknown>, check: (value: unknown) => string[]): { value?: unknown; problem?: string } {
  if (exports.default !== undefined && check(exports.default).length === 0) return { value: exports.default };
  const candidates = Object.entries(exports).filter(([key, value]) => key !== 'default' && check(value).length === 0);
  if (candidates.length === 1) return { value: candidates[0]![1] };
  if (candidates.length > 1) return { problem: `exports several (${candidates.map(([key]) => key).join(', ')}): export the one as default` };
  const shaped = exports.default ?? Object.values(exports).find((value) => value && typeof value === 'object');
  return { problem: shaped ? `its export is not valid: ${check(shaped).join(', ')}` : 'exports nothing usable' };
}

async function resolveAll<T>(
  kind: 'adapter' | 'module',
  names: readonly string[],
  builtIns: Readonly<Record<string, T>>,
  check: (value: unknown) => string[],
  importer: PackageImporter,
): Promise<{ values: T[]; problems: string[] }> {
  const values: T[] = [];
  const problems: string[] = [];
  const fix = kind === 'adapter' ? 'a ChannelFactory (defineChannel from "campanile")' : 'a FeatureModule';
  for (const name of names) {
    if (Object.hasOwn(builtIns, name)) {
      values.push(builtIns[name]!);
      continue;
    }
    let exports: Record<string, unknown>;
    try {
      exports = await importer(name);
    } catch (error) {
      const code = (error as { code?: string }).code;
      problems.push(code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${name}'`)
        ? `${kind} "${name}" is neither built in (${Object.keys(builtIns).join(', ')}) nor an installed package: check the name or run npm install ${name}`
        : `${kind} package "${name}" failed to load: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const { value, problem } = pick(exports, check);
    if (problem) problems.push(`${kind} package "${name}" ${problem}; it must export ${fix}`);
    else values.push(value as T);
  }
  return { values, problems };
}

/**
 * Resolves a deployment plan into channel factories and modules: built-in names first, else the npm
 * package of that name installed in the deployment directory (`packageImporter`), whose default export (or only matching named export) must be a
 * `ChannelFactory` / `FeatureModule`. Every wrong entry (missing, misnamed, failing to load, exporting no
 * factory or a malformed one, two factories for one channel) is collected and thrown together as one
 * `DeploymentError` before anything starts.
 *
 * @example
 * const { channels, modules } = await resolveDeployment(plan, { channels: builtInChannels, modules: { base: baseModule } });
 * await createCampanile({ config, log, channels, modules, adapters: configuredAdapters(channels, context) });
 */
export async function resolveDeployment(
  plan: Pick<DeploymentPlan, 'adapters' | 'modules'>,
  builtIns: { channels: Readonly<Record<string, ChannelFactory>>; modules: Readonly<Record<string, FeatureModule>> },
  importer: PackageImporter = packageImporter(process.cwd()),
): Promise<{ channels: ChannelFactory[]; modules: FeatureModule[] }> {
  const channels = await resolveAll('adapter', plan.adapters, builtIns.channels, factoryProblems, importer);
  const modules = await resolveAll('module', plan.modules, builtIns.modules, moduleProblems, importer);
  const problems = [...channels.problems, ...modules.problems];
  const seen = new Map<string, number>();
  for (const factory of channels.values) seen.set(factory.channel, (seen.get(factory.channel) ?? 0) + 1);
  for (const [channel, count] of seen) if (count > 1) problems.push(`the ${channel} channel is named ${count} times: keep one entry`);
  if (problems.length) throw new DeploymentError(problems);
  return { channels: channels.values, modules: modules.values };
}
