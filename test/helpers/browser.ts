import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

type Page = import('playwright-core').Page;
type BrowserContext = import('playwright-core').BrowserContext;
type LaunchOptions = Parameters<typeof import('playwright-core').chromium.launchPersistentContext>[1];
type ContextOptions = Parameters<import('playwright-core').Browser['newContext']>[0];

/** Debian's Chromium, installed by .ci/run; browser tests skip (with this hint) only when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const NO_CHROMIUM = `browser tests skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`;
export const hasChromium = (): boolean => existsSync(CHROMIUM);

// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const AXE = join(process.cwd(), 'node_modules/axe-core/axe.min.js');

/**
 * A headless Chromium with a fresh profile (empty user-data-dir), Italian locale, closed when the test ends.
 *
 * @example
 * const page = await (await launchBrowser(t)).newPage();
 */
export async function launchBrowser(t: Test, options: LaunchOptions = {}): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'campanile-chromium-')), {
    executablePath: CHROMIUM, headless: true, args: ARGS, bypassCSP: true, locale: 'it-IT', ...options,
  });
  t.teardown(() => context.close());
  return context;
}

/**
 * One headless Chromium with `count` isolated contexts (own cookies and storage each: a citizen and an
 * operator side by side), closed when the test ends. Lighter than a browser per person on a busy machine.
 *
 * @example
 * const [citizen, operator] = await launchContexts(t, 2);
 */
export async function launchContexts(t: Test, count: number, options: ContextOptions = {}): Promise<BrowserContext[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  t.teardown(() => browser.close());
  return Promise.all(Array.from({ length: count }, () => browser.newContext({ bypassCSP: true, locale: 'it-IT', ...options })));
}

/**
 * axe-core on the page: its serious and critical violations, one line each (empty when clean).
 *
 * @example
 * t.same(await axeViolations(page), []);
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  // A string, not a function: the tests compile without the DOM library.
  return page.evaluate<string[]>(`axe.run().then((result) => result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}
