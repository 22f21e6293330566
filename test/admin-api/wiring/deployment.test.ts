import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { builtInChannels } from '../../../adapters/index.js';
import { memoryChannel } from '../../../adapters/memory/index.js';
import { DeploymentError, packageImporter, readDeploymentPlan, resolveDeployment, type PackageImporter } from '../../../admin-api/wiring/deployment.js';
import { allModules } from '../../../modules/index.js';

const builtIns = { channels: builtInChannels, modules: Object.fromEntries(allModules.map((m) => [m.name, m])) };
const defaults = { adapters: ['webchat', 'telegram', 'whatsapp'], modules: ['base', 'qa'] };

t.test('the plan: defaults, then campanile.config.json, then the variables', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-plan-'));
  t.same(await readDeploymentPlan({}, dir, defaults), { ...defaults, source: 'defaults' });
  writeFileSync(join(dir, 'campanile.config.json'), JSON.stringify({ adapters: ['webchat', 'campanile-adapter-echo'] }));
  t.same(await readDeploymentPlan({}, dir, defaults), { adapters: ['webchat', 'campanile-adapter-echo'], modules: defaults.modules, source: join(dir, 'campanile.config.json') });
  const both = await readDeploymentPlan({ CAMPANILE_ADAPTERS: ' memory , webchat', CAMPANILE_MODULES: 'base' }, dir, defaults);
  t.same([both.adapters, both.modules], [['memory', 'webchat'], ['base']], 'the variables win over the file');
  writeFileSync(join(dir, 'campanile.config.json'), '{ "adapters": "webchat" }');
  await t.rejects(readDeploymentPlan({}, dir, defaults), /"adapters" in .* must be a list of names/);
  await t.rejects(readDeploymentPlan({ CAMPANILE_CONFIG: join(dir, 'nope.json') }, dir, defaults), /nope\.json could not be read/);
});

t.test('entries resolve to built-ins or to the factory an npm package exports', async (t) => {
  const packages: Record<string, Record<string, unknown>> = {
    'campanile-adapter-echo': { default: { ...memoryChannel, channel: 'echo' } },
    'campanile-adapter-named': { echoTwo: { ...memoryChannel, channel: 'echo-two' }, VERSION: '1' },
  };
  const importer: PackageImporter = async (name) => {
    const found = packages[name];
    if (!found) throw Object.assign(new Error(`Cannot find package '${name}' imported from x`), { code: 'ERR_MODULE_NOT_FOUND' });
    return found;
  };
  const { channels, modules } = await resolveDeployment({ adapters: ['webchat', 'campanile-adapter-echo', 'campanile-adapter-named'], modules: ['base'] }, builtIns, importer);
  t.same(channels.map((f) => f.channel), ['webchat', 'echo', 'echo-two']);
  t.same(modules.map((m) => m.name), ['base']);
});

t.test('packages resolve from the deployment directory, not from Campanile\'s own tree', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-resolve-'));
  const install = (name: string, pkg: object, files: Record<string, string>) => {
    mkdirSync(join(dir, 'node_modules', name, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, type: 'module', ...pkg }));
    for (const [file, code] of Object.entries(files)) writeFileSync(join(dir, 'node_modules', name, file), code);
  };
  install('campanile-adapter-conditions', { exports: { '.': { types: './dist/index.d.ts', require: './dist/nope.cjs', import: './dist/index.js' } } }, { 'dist/index.js': 'export default { via: "import" };' });
  install('campanile-adapter-main', { main: './dist/main.js' }, { 'dist/main.js': 'export const via = "main";' });
  install('campanile-adapter-string', { exports: './dist/index.js' }, { 'dist/index.js': 'export const via = "string";' });
  // From a subdirectory too: node_modules is searched upwards, as Node does.
  mkdirSync(join(dir, 'sub'));
  const importer = packageImporter(join(dir, 'sub'));
  t.same((await importer('campanile-adapter-conditions')).default, { via: 'import' }, 'the "import" condition of exports["."]');
  t.equal((await importer('campanile-adapter-main')).via, 'main', 'main when there are no exports');
  t.equal((await importer('campanile-adapter-string')).via, 'string', 'exports as a plain string');
  await t.rejects(importer('tap'), { code: 'ERR_MODULE_NOT_FOUND' }, 'a package of Campanile\'s own tree is not the deployment\'s');
  const error = await resolveDeployment({ adapters: ['campanile-adapter-absent'], modules: [] }, builtIns, importer).catch((e: unknown) => e);
  t.match((error as DeploymentError).problems, [/adapter "campanile-adapter-absent" is neither built in .* nor an installed package: check the name or run npm install campanile-adapter-absent/]);
});

t.test('a missing, misnamed, broken or factory-less package: one error naming each', async (t) => {
  const importer: PackageImporter = async (name) => {
    if (name === 'campanile-adapter-broken') throw new TypeError('boom at import');
    if (name === 'campanile-adapter-empty') return { helper: () => 1 };
    if (name === 'campanile-adapter-bad') return { default: { channel: 'Bad Name', accountSchema: {}, fromEnv: () => undefined } };
    throw Object.assign(new Error(`Cannot find package '${name}' imported from x`), { code: 'ERR_MODULE_NOT_FOUND' });
  };
  const error = await resolveDeployment(
    { adapters: ['webchat', 'telegarm', 'campanile-adapter-broken', 'campanile-adapter-empty', 'campanile-adapter-bad', 'webchat'], modules: ['qa', 'nope'] },
    builtIns, importer,
  ).catch((e: unknown) => e);
  t.ok(error instanceof DeploymentError);
  const problems = (error as DeploymentError).problems;
  t.equal(problems.length, 6, problems.join('\n'));
  t.match(problems[0], /adapter "telegarm" is neither built in \(webchat, telegram, whatsapp, botframework, memory, terminal\) nor an installed package: check the name or run npm install telegarm/);
  t.match(problems[1], /adapter package "campanile-adapter-broken" failed to load: boom at import/);
  t.match(problems[2], /adapter package "campanile-adapter-empty" exports nothing usable; it must export a ChannelFactory/);
  t.match(problems[3], /adapter package "campanile-adapter-bad" its export is not valid: "channel" must be a lowercase id.*"accountSchema" must be a TypeBox.*"identityKey" must be a function/);
  t.match(problems[4], /module "nope" is neither built in/);
  t.match(problems[5], /the webchat channel is named 2 times/);
});

t.test('npm start with a package that is not installed: exits 1 naming it, nothing opened or listening', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-start-'));
  const run = promisify(execFile);
  const result = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '../../../admin-api/server.ts')], {
    cwd: dir,
    env: { ...process.env, DATA_DIR: join(dir, 'data'), CAMPANILE_ADAPTERS: 'webchat,campanile-adapter-missing', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '' },
    timeout: 60_000,
  }).then(() => ({ code: 0, out: '' }), (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code, out: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
  t.equal(result.code, 1, 'the process exits with 1');
  t.match(result.out, /adapter \\?"campanile-adapter-missing\\?" is neither built in .* nor an installed package/, 'the log names the package and the fix');
  t.notOk(existsSync(join(dir, 'data')) && readdirSync(join(dir, 'data')).some((f) => f.endsWith('.sqlite')), 'no database was opened');
});

t.test('a path entry names a module file, relative to the deployment directory or absolute', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-paths-'));
  writeFileSync(join(dir, 'local-channel.mjs'), 'export default { marker: "local" };\n');
  const importer = packageImporter(dir);
  t.same(await importer('./local-channel.mjs'), { default: { marker: 'local' } }, 'relative to the deployment directory');
  t.same(await importer(join(dir, 'local-channel.mjs')), { default: { marker: 'local' } }, 'absolute');
  await t.rejects(importer('./missing.mjs'), { code: 'ERR_MODULE_NOT_FOUND', message: /Cannot find module '\.\/missing\.mjs'/ }, 'a missing file is "not found"');
  const { channels } = await resolveDeployment({ adapters: ['webchat'], modules: [] }, { channels: builtInChannels, modules: {} }, importer);
  t.equal(channels.length, 1);
});
