import { readFileSync } from 'node:fs';
import path from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parse } from 'yaml';

// The Grafana dashboard and the Prometheus alert rules name series by hand; this keeps them
// from drifting from the code: every name and label they use must be defined where the
// metrics are made (read from the source files, as the series are created at run time).
const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const SOURCES = ['apps/api/src/metrics/api-metrics.ts', 'apps/worker/src/worker-metrics.ts', 'activities/metrics.ts'];

interface Definition {
  kind: 'Counter' | 'Gauge' | 'Histogram';
  labels: string[];
}

/** `new Counter|Gauge|Histogram({ name: 'fullfolj_…', labelNames: [...] })` in the metric sources. */
function definedSeries(): Map<string, Definition> {
  const found = new Map<string, Definition>();
  for (const file of SOURCES) {
    for (const m of read(file).matchAll(/new (Counter|Gauge|Histogram)\(\{([\s\S]*?)\}\)/g)) {
      const name = /name: '([a-z_]+)'/.exec(m[2])?.[1];
      if (!name) continue;
      const labels = [...(/labelNames: \[([^\]]*)\]/.exec(m[2])?.[1].matchAll(/'([a-z_]+)'/g) ?? [])].map((l) => l[1]);
      found.set(name, { kind: m[1] as Definition['kind'], labels });
    }
  }
  return found;
}

/** The Node.js process series prom-client's collectDefaultMetrics adds (both API and worker call it). */
function defaultSeries(): Set<string> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return new Set(registry.getMetricsAsArray().map((m) => m.name));
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(read('docker/grafana/fullfolj-dashboard.json')) as { panels: Array<{ type: string; targets?: Array<{ expr: string }> }> };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

function alertExpressions(): Array<{ alert: string; expr: string }> {
  const rules = parse(read('docker/prometheus/alerts.yml')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  return rules.groups.flatMap((g) => g.rules);
}

/** Series names in a PromQL expression: identifiers that are not functions, keywords or labels. */
function seriesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  // Matchers, ranges ([5m], [$__rate_interval]) and grouping labels are not series.
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').replace(/\b(by|without)\s*\([^)]*\)/g, '');
  const words = withoutLabels.match(/(?<![a-zA-Z0-9_:.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:])(?!\s*\()/g) ?? [];
  return words.filter((w) => !/^(and|or|unless|bool|on|ignoring)$/.test(w));
}

/** Label matchers written after a series: `series{label="…"}`. */
function matchersIn(expr: string): Array<{ series: string; label: string }> {
  return [...expr.matchAll(/([a-z_:]+)\{([^}]*)\}/g)].flatMap((m) => [...m[2].matchAll(/([a-z_]+)\s*(=~|!~|!=|=)/g)].map((l) => ({ series: m[1], label: l[1] })));
}

const SUFFIXES: Record<Definition['kind'], string[]> = { Counter: [''], Gauge: [''], Histogram: ['_bucket', '_sum', '_count'] };

describe('the Grafana dashboard and the alert rules', () => {
  const defined = definedSeries();
  const defaults = defaultSeries();
  const expressions = [...dashboardExpressions().map((expr) => ({ where: 'dashboard', expr })), ...alertExpressions().map((r) => ({ where: r.alert, expr: r.expr }))];

  /** The definition a used name refers to (a histogram through its _bucket/_sum/_count series). */
  const resolve = (used: string): { name: string; definition: Definition } | null => {
    for (const [name, definition] of defined) {
      if (SUFFIXES[definition.kind].some((suffix) => used === name + suffix)) return { name, definition };
    }
    return null;
  };

  it('finds the series the code defines (so the checks below are not vacuous)', () => {
    expect([...defined.keys()].sort()).toEqual(
      expect.arrayContaining([
        'fullfolj_http_request_duration_seconds',
        'fullfolj_outbox_pending',
        'fullfolj_outbox_oldest_pending_age_seconds',
        'fullfolj_mails_sent_total',
        'fullfolj_reminder_lateness_seconds',
        'fullfolj_activity_failures_total',
      ]),
    );
    expect(defaults.has('process_resident_memory_bytes')).toBe(true);
    expect(seriesIn('histogram_quantile(0.99, sum by (le) (rate(fullfolj_reminder_lateness_seconds_bucket[1h]))) > 900')).toEqual(['fullfolj_reminder_lateness_seconds_bucket']);
  });

  it('uses only series the code defines, and histograms only through their buckets, sum and count', () => {
    const unknown = expressions.flatMap(({ where, expr }) => seriesIn(expr).filter((s) => !resolve(s) && !defaults.has(s)).map((s) => `${where}: ${s}`));
    expect(unknown).toEqual([]);
    expect(expressions.every(({ expr }) => seriesIn(expr).length > 0)).toBe(true);
  });

  it('filters only on labels the series have', () => {
    const common = ['service', 'job', 'instance'];
    const wrong = expressions.flatMap(({ where, expr }) =>
      matchersIn(expr)
        .filter(({ series, label }) => {
          const found = resolve(series);
          return !found || ![...found.definition.labels, ...common, ...(found.definition.kind === 'Histogram' ? ['le'] : [])].includes(label);
        })
        .map(({ series, label }) => `${where}: ${series}{${label}}`),
    );
    expect(wrong).toEqual([]);
  });

  it('alerts on the outbox, reminder lateness, 5xx answers and activity failures', () => {
    const used = alertExpressions().flatMap((r) => seriesIn(r.expr).map((s) => resolve(s)?.name));
    for (const name of ['fullfolj_outbox_oldest_pending_age_seconds', 'fullfolj_reminder_lateness_seconds', 'fullfolj_http_request_duration_seconds', 'fullfolj_activity_failures_total']) {
      expect(used).toContain(name);
    }
    expect(alertExpressions().find((r) => r.expr.includes('fullfolj_http_request_duration_seconds'))?.expr).toMatch(/status=~"5\.\."/);
  });

  it('charts every series the code defines', () => {
    const charted = new Set(dashboardExpressions().flatMap((expr) => seriesIn(expr).map((s) => resolve(s)?.name)));
    expect([...defined.keys()].filter((name) => !charted.has(name))).toEqual([]);
  });
});
