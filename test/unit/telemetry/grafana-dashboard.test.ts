/**
 * The shipped Grafana dashboard names only metrics (and labels) the keeper exports: a renamed
 * metric would otherwise leave a panel silently empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createKeeperMetrics } from '../../../src/telemetry/metrics.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

interface Panel {
  title: string;
  targets: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(join(PROJECT_ROOT, 'deploy/grafana/restake-keeper.json'), 'utf8')) as { panels: Panel[]; uid: string };
const PROMQL_WORDS = new Set(['sum', 'by', 'rate', 'increase', 'histogram_quantile', 'time', 'le', 'without', 'avg', 'max', 'min']);

async function exported(): Promise<{ names: Set<string>; labels: Set<string> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keeper_process_' });
  createKeeperMetrics(registry);
  const metrics = await registry.getMetricsAsJSON();
  const names = new Set<string>();
  const labels = new Set<string>(['le', 'instance', 'job']);
  for (const m of metrics) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(m.name + suffix);
  }
  // Label names come from the metric definitions (prom-client keeps them on each metric).
  for (const m of registry.getMetricsAsArray()) for (const l of (m as unknown as { labelNames?: string[] }).labelNames ?? []) labels.add(l);
  return { names, labels };
}

describe('Grafana dashboard', () => {
  it('has panels with PromQL on the keeper metrics', () => {
    expect(dashboard.uid).toBe('restake-keeper');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
  });

  it('names only metrics and labels that exist', async () => {
    const { names, labels } = await exported();
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const metrics = [...expr.matchAll(/\bkeeper_[a-z0-9_]+/g)].map((m) => m[0]);
        expect(metrics.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const metric of metrics) expect(names.has(metric), `${panel.title}: metric ${metric}`).toBe(true);
        const grouped = [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(',').map((l) => l.trim()));
        const matched = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/([a-z_]+)\s*[=!~]/g)].map((l) => l[1] ?? ''));
        for (const label of [...grouped, ...matched]) {
          if (PROMQL_WORDS.has(label) && label !== 'le') continue;
          expect(labels.has(label), `${panel.title}: label ${label}`).toBe(true);
        }
      }
    }
  });
});
