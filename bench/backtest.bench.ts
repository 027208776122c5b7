/**
 * Backtest figures per shipped scenario: wall time of a full `keeper backtest` (strategy,
 * three baselines and the DP bound) against the few seconds the issue allows, and the
 * strategy's net APY against the perfect-foresight bound's (ratio = bound / strategy, so 1.05
 * is the acceptance limit).
 */
import { readdirSync } from 'node:fs';
import { loadBacktestPolicy } from '../src/backtest/policy.ts';
import { runBacktest } from '../src/backtest/run.ts';
import { loadScenario } from '../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../strategies/registry.ts';
import type { BenchRun, Figure } from './figure.ts';

/** Seconds a backtest of a shipped scenario should stay under. */
const BASELINE_SECONDS = 10;

export const run: BenchRun = async () => {
  const root = new URL('../', import.meta.url).pathname;
  const registry = await loadStrategyRegistry();
  const policy = await loadBacktestPolicy(`${root}config/backtest.yaml`, { env: {}, registry });
  const figures: Figure[] = [];
  for (const file of readdirSync(`${root}scenarios`).filter((f) => f.endsWith('.json')).sort()) {
    const scenario = await loadScenario(`${root}scenarios/${file}`);
    const t0 = performance.now();
    const result = runBacktest(scenario, policy, registry);
    const seconds = (performance.now() - t0) / 1000;
    const name = `backtest.${scenario.doc.name}`;
    figures.push({ name: `${name}.seconds`, value: round(seconds), unit: 's', baseline: BASELINE_SECONDS, ratio: round(BASELINE_SECONDS / seconds) });
    const apy = (result.runs[0]?.metrics.netApy ?? 0) * 100;
    const bound = result.bound.netApy * 100;
    figures.push({ name: `${name}.netApy`, value: round(apy), unit: '%', baseline: round(bound), ratio: round(apy === 0 ? 0 : bound / apy) });
  }
  return figures;
};

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
