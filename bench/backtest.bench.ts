/**
 * Backtest figures per shipped scenario: wall time of a full `keeper backtest` (strategy,
 * three baselines and the DP bound) against the 15 s issue 10 allows, and the strategy's net
 * APY against the perfect-foresight bound's (ratio = bound / strategy; the acceptance rule,
 * regret at most 3 % of the bound, is a ratio of at most 1/0.97 ≈ 1.031). Plus three long
 * markets built in code (bench/long-market.ts: 365 daily steps, a year of 4-hour steps, 60 days
 * of hourly steps), against the same 15 s.
 * `npm run bench -- backtest` runs only this file.
 */
import { readdirSync } from 'node:fs';
import { loadBacktestPolicy } from '../src/backtest/policy.ts';
import { runBacktest } from '../src/backtest/run.ts';
import { loadScenario, parseScenario } from '../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../strategies/registry.ts';
import type { BenchRun, Figure } from './figure.ts';
import { longMarket } from './long-market.ts';

/** Seconds a backtest of a shipped scenario must stay under (issue 10). */
const BASELINE_SECONDS = 15;

export const run: BenchRun = async () => {
  const root = new URL('../', import.meta.url).pathname;
  const registry = await loadStrategyRegistry();
  const policy = await loadBacktestPolicy(`${root}config/backtest.yaml`, { env: {}, registry });
  const figures: Figure[] = [];
  const shipped = readdirSync(`${root}scenarios`).filter((f) => f.endsWith('.json')).sort().map((file) => () => loadScenario(`${root}scenarios/${file}`));
  // Long markets too: a year of daily steps at 50 ETH (gas makes moves close calls and the
  // bound's search does the most work), a year of 4-hour steps (both), and 60 days of hourly
  // steps (the rate fits do): the shipped ones are days to weeks long.
  const long = [longMarket(365, 50, 1), longMarket(365, 50, 1, 4), longMarket(60, 50, 1, 1)].map((doc) => () => parseScenario(doc));
  for (const load of [...shipped, ...long]) {
    const scenario = await load();
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
