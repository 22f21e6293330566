import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import t from 'tap';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports: static, dynamic, re-exports. */
function imports(file: string, options: { skipComments?: boolean } = {}): string[] {
  const source = readFileSync(file, 'utf8');
  // JSDoc examples show imports (`import t from 'tap'`) that are not the file's own.
  const text = options.skipComments ? source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '') : source;
  const found: string[] = [];
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec) found.push(spec);
  }
  return found;
}

/** The top-level folder a relative import of `file` lands in. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(root, resolve(file, '..', spec)).split('/')[0];
}

const rules: Record<string, readonly string[]> = {
  core: ['adapters', 'modules', 'admin-api'],
  adapters: ['modules', 'admin-api'],
  modules: ['adapters', 'admin-api'],
};

for (const [layer, forbidden] of Object.entries(rules)) {
  t.test(`${layer}/ imports nothing from ${forbidden.join(', ')}`, async (t) => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, layer))) {
      for (const spec of imports(file)) {
        const folder = target(file, spec);
        if (folder && forbidden.includes(folder)) offenders.push(`${relative(root, file)} → ${spec}`);
      }
    }
    t.same(offenders, [], 'no forbidden imports');
  });
}

t.test('the import scanner sees static, dynamic and re-export forms', async (t) => {
  const probe = join(root, 'test/core/architecture.test.ts');
  t.ok(imports(probe).includes('node:fs'));
  t.equal(target(join(root, 'core/a/b.ts'), '../../adapters/x.js'), 'adapters');
});

t.test('only the bot framework adapter may depend on botbuilder', async (t) => {
  const offenders = ['core', 'modules', 'admin-api', 'adapters']
    .flatMap((layer) => sourceFiles(join(root, layer)))
    .filter((file) => !relative(root, file).startsWith('adapters/botframework/'))
    .filter((file) => imports(file).some((spec) => spec.startsWith('botbuilder') || spec.startsWith('botframework-')));
  t.same(offenders.map((f) => relative(root, f)), []);
});

t.test('an adapter imports only core\'s public entry point and its own folder: never another adapter, never core internals', async (t) => {
  const offenders: string[] = [];
  for (const file of sourceFiles(join(root, 'adapters'))) {
    const rel = relative(root, file);
    const own = rel.split('/').slice(0, 2).join('/');
    if (!rel.includes('/', 'adapters/'.length)) continue; // adapters/index.ts: the registry of the built-in ones
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const path = relative(root, resolve(file, '..', spec));
      if (path === 'core/index.js' || path.startsWith(`${own}/`)) continue;
      offenders.push(`${rel} → ${spec}`);
    }
  }
  t.same(offenders, [], 'adapters go through `campanile` (core/index.ts) only');
});

t.test('an adapter that is its own package (adapters/<x>/package.json) imports only campanile, campanile/testing, node: and its own files', async (t) => {
  const packaged = readdirSync(join(root, 'adapters')).filter((name) => existsSync(join(root, 'adapters', name, 'package.json')));
  t.ok(packaged.includes('messenger'), 'adapters/messenger is a package');
  const offenders: string[] = [];
  for (const name of packaged) {
    const own = join(root, 'adapters', name);
    for (const file of sourceFiles(own)) {
      for (const spec of imports(file, { skipComments: true })) {
        if (spec === 'campanile' || spec === 'campanile/testing' || spec.startsWith('node:')) continue;
        if (spec.startsWith('.') && resolve(file, '..', spec).startsWith(`${own}/`)) continue;
        offenders.push(`${relative(root, file)} → ${spec}`);
      }
    }
  }
  t.same(offenders, [], 'built and installed the way an external package is: nothing else resolves there');
});

t.test('the authors\' surface (`campanile`) stays small; `campanile/testing` is separate', async (t) => {
  const ts = (await import('typescript')).default;
  const entries = ['core/index.ts', 'core/testing/index.ts'].map((f) => join(root, f));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const names = (file: string) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!).map((s) => s.name);
  const surface = names(entries[0]!);
  // "About 60": the contracts, message types, results, capabilities and the helpers an author needs.
  t.ok(surface.length <= 66, `core/index.ts exports ${surface.length} names (at most 66)`);
  for (const internal of ['Engine', 'DeliveryWorker', 'TenantService', 'openDatabase', 'createCampanile']) t.notOk(surface.includes(internal), `${internal} is internal`);
  t.ok(names(entries[1]!).includes('testRuntime'), 'campanile/testing gives testRuntime');
});
