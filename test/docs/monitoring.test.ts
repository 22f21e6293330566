import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
// tap's own YAML dependency (tap-yaml): a test-only use, no dependency added for it.
import { parse } from 'yaml';
import { build } from '../helpers/app.js';

// Issue 21 "Operations", item 5: the dashboard and the alert rules reference only metrics Campanile serves.
const root = join(import.meta.dirname, '../..');
const dashboard = JSON.parse(readFileSync(join(root, 'docs/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
const rulesText = readFileSync(join(root, 'docs/prometheus-alerts.yaml'), 'utf8');
const rules = parse(rulesText) as { groups: { name: string; rules: { alert: string; expr: string; for: string; labels: { severity: string }; annotations: { summary: string; description: string } }[] }[] };

/** Every `campanile_*` name in a PromQL expression, histogram series (_bucket/_sum/_count) as their metric. */
function referenced(exprs: readonly string[], types: ReadonlyMap<string, string>): string[] {
  const names = exprs.flatMap((e) => [...e.matchAll(/\bcampanile_[a-z0-9_]+/g)].map((m) => m[0]));
  return [...new Set(names.map((n) => {
    const base = n.replace(/_(bucket|sum|count)$/, '');
    return base !== n && types.get(base) === 'histogram' ? base : n;
  }))].sort();
}

t.test('the dashboard and the alerts use only metrics /metrics serves', async (t) => {
  const { fastify } = await build(t);
  const response = await fastify.inject({ method: 'GET', url: '/metrics' });
  t.equal(response.statusCode, 200);
  const types = new Map([...response.body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  t.ok(types.size >= 7, `Campanile serves ${types.size} metrics`);
  const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr)), ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr))];
  const used = referenced(exprs, types);
  t.same(used.filter((n) => !types.has(n)), [], `every referenced metric exists (${used.join(', ')})`);
  for (const name of ['campanile_outbox_pending', 'campanile_channel_rate_limited_total', 'campanile_reply_latency_seconds']) {
    t.ok(used.includes(name), `${name} is watched`);
  }
});

t.test('alert rules are well formed', async (t) => {
  const all = rules.groups.flatMap((g) => g.rules);
  t.ok(all.length >= 5, `${all.length} rules`);
  for (const rule of all) {
    t.match(rule, { alert: /^Campanile[A-Za-z]+$/, expr: String, for: /^\d+m$/, labels: { severity: /^(critical|warning)$/ }, annotations: { summary: String, description: String } }, rule.alert);
  }
  t.same(new Set(all.map((r) => r.alert)).size, all.length, 'alert names are unique');
  for (const name of ['CampanileOutboxNotDraining', 'CampanileRateLimitStorm', 'CampanileReplyLatencyHigh']) t.ok(all.some((r) => r.alert === name), name);
});

const promtool = await promisify(execFile)('promtool', ['--version']).then(() => true, () => false);

t.test('promtool check rules', { skip: !promtool && 'promtool (Prometheus) is not installed here' }, async (t) => {
  const { stdout } = await promisify(execFile)('promtool', ['check', 'rules', join(root, 'docs/prometheus-alerts.yaml')]);
  t.match(stdout, /SUCCESS/);
});

t.test('the dashboard is importable: unique panel ids, a datasource input, every panel with a query', async (t) => {
  const d = dashboard as unknown as { uid: string; __inputs: { name: string }[]; panels: { id: number; targets: { expr: string }[] }[] };
  t.equal(d.uid, 'campanile-ops');
  t.same(d.__inputs.map((i) => i.name), ['DS_PROMETHEUS']);
  t.equal(new Set(d.panels.map((p) => p.id)).size, d.panels.length);
  t.ok(d.panels.every((p) => p.targets.length > 0 && p.targets.every((x) => x.expr.trim())));
});
