/**
 * The acceptance target of the backtest issue on every shipped scenario: the default strategy
 * (risk-adjusted-yield, config/backtest.yaml) at least as good as hold, equal-weight and
 * threshold, no limit breaches, and within 5 % of the perfect-foresight bound.
 *
 * KNOWN_BOUND_MISSES lists the scenarios where the bound part is missed (none since the claim
 * rule and the cost-aware strategy) and the test asserts exactly that list, so a regression
 * (or a fix) fails here and forces the list to be updated.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestPolicy } from '../../../src/backtest/policy.ts';
import { runBacktest, type BacktestResult } from '../../../src/backtest/run.ts';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

const DIR = new URL('../../../scenarios/', import.meta.url).pathname;
const NAMES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const KNOWN_BOUND_MISSES: string[] = [];

const results = new Map<string, BacktestResult>();

beforeAll(async () => {
  const registry = await loadStrategyRegistry();
  const policy = await loadBacktestPolicy(new URL('../../../config/backtest.yaml', import.meta.url).pathname, { env: {}, registry });
  for (const name of NAMES) results.set(name, runBacktest(await loadScenario(`${DIR}${name}.json`), policy, registry));
}, 120_000);

describe('shipped scenarios', () => {
  it('ships the six scenarios of the issue', () => {
    expect(NAMES).toEqual(['avs-rewards-stop', 'ezeth-depeg', 'high-gas', 'operator-slashing', 'steady', 'yield-crossover']);
  });

  for (const name of NAMES) {
    it(`${name}: strategy >= hold, equal-weight, threshold and 0 breaches`, () => {
      const r = results.get(name) as BacktestResult;
      const [strategy, ...baselines] = r.runs.map((x) => x.metrics);
      expect(strategy?.strategy).toBe('risk-adjusted-yield');
      for (const b of baselines) expect(strategy!.netApy + 1e-6).toBeGreaterThanOrEqual(b.netApy);
      expect(r.runs[0]?.run.breaches).toEqual([]);
      expect(r.runs[0]?.run.reverts).toEqual([]);
    });
  }

  it('within 5% of the upper bound everywhere except the known misses', () => {
    const misses = NAMES.filter((n) => !(results.get(n) as BacktestResult).acceptance.checks.find((c) => c.name.startsWith('within 5%'))?.ok);
    expect(misses).toEqual(KNOWN_BOUND_MISSES);
  });

  it('the bound is at least what holding the initial allocation earns', () => {
    for (const name of NAMES) {
      const r = results.get(name) as BacktestResult;
      const hold = r.runs.find((x) => x.metrics.label === 'hold')?.metrics;
      expect(r.bound.netApy, name).toBeGreaterThanOrEqual((hold?.netApy ?? 0) - 1e-9);
    }
  });
});
