import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';

const root = join(import.meta.dirname, '../..');
const guide = readFileSync(join(root, 'docs/adapter-guide.md'), 'utf8');

/** The guide's TypeScript blocks, each with the file its `// file:` line names. */
function blocks(): { file: string; code: string }[] {
  return [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => {
    const code = match[1]!;
    const file = /^\/\/ file: (\S+)/.exec(code)?.[1];
    if (!file) throw new Error(`block ${index + 1} of docs/adapter-guide.md has no "// file: <name>.ts" first line`);
    return { file, code };
  });
}

t.test('every code block of docs/adapter-guide.md compiles against campanile (strict)', async (t) => {
  const found = blocks();
  t.ok(found.length >= 6, `the guide has its blocks (${found.length})`);
  // Inside the package (under .tap/, ignored), so `import … from 'campanile'` resolves to this checkout.
  const dir = join(root, '.tap', 'adapter-guide');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { file, code } of found) writeFileSync(join(dir, file), code);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts', '../../types'] }));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { cwd: dir, timeout: 120_000 })
    .then(() => ({ ok: true, out: '' }), (error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
  t.ok(result.ok, result.out || 'tsc passed');
});
