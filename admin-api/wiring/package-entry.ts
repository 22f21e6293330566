import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The conditions Node's ESM loader matches for `import()` (without user --conditions), in its order of preference.
const CONDITIONS = ['node', 'import', 'default'];

type ExportTarget = string | null | readonly ExportTarget[] | { readonly [condition: string]: ExportTarget };

/** The first target of an `exports` entry whose condition Node's `import()` would take. */
function pickTarget(target: ExportTarget | undefined): string | undefined {
  if (typeof target === 'string') return target;
  if (!target) return undefined;
  if (Array.isArray(target)) return target.map(pickTarget).find(Boolean);
  for (const [condition, value] of Object.entries(target as Record<string, ExportTarget>)) {
    if (CONDITIONS.includes(condition)) {
      const picked = pickTarget(value);
      if (picked) return picked;
    }
  }
  return undefined;
}

/**
 * The file `import(name)` would load if it were written in a module inside `cwd`: the package found by
 * walking up `node_modules` from there, then its `exports["."]` (the import conditions), else `main`,
 * else `index.js`. Node 20 cannot resolve a bare name from another directory without a flag
 * (`import.meta.resolve`'s parent argument), and `require.resolve` would match "require" instead of
 * "import", so this reads the package.json itself. Undefined: no such package is installed.
 *
 * @example
 * const file = packageEntry('campanile-adapter-echo', process.cwd()); // …/node_modules/campanile-adapter-echo/dist/index.js
 */
export function packageEntry(name: string, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    if (existsSync(join(root, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: ExportTarget; main?: string };
      const exports = pkg.exports;
      // `exports` is either the root target itself or a map of subpaths ("." and "./…").
      const isSubpathMap = exports && typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
      const target = exports === undefined ? undefined : pickTarget(isSubpathMap ? (exports as Record<string, ExportTarget>)['.'] : exports);
      if (exports !== undefined && !target) throw new Error(`package "${name}" exports no entry for import (check "exports" in ${join(root, 'package.json')})`);
      return join(root, target ?? pkg.main ?? 'index.js');
    }
    if (dirname(dir) === dir) return undefined;
  }
}
