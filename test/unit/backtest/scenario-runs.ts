/**
 * Runs shipped scenarios through `keeper backtest`'s code with the shipped config and checks
 * what must hold on every market: the strategy breaks no limit and no bundle reverts, and the
 * perfect-foresight bound is at least every baseline (it can hold them).
 *
 * The scenarios are split into shards, one test file each, so vitest runs them in parallel
 * (a backtest takes seconds). Acceptance (beating the baselines, regret to the bound) is not
 * asserted here for scenarios the decision code does not pass yet: `keeper backtest
 * --scenario scenarios` prints it, and PASSING lists those it must keep passing.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptanceRow } from '../../../src/backtest/acceptance-table.ts';
import { loadBacktestPolicy } from '../../../src/backtest/policy.ts';
import { runBacktest, type BacktestResult } from '../../../src/backtest/run.ts';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

export const SCENARIO_DIR = new URL('../../../scenarios/', import.meta.url).pathname;
export const SHARDS = 4;

/** Every shipped scenario, by name (file name without .json), sorted. */
export function shippedScenarios(): string[] {
  return readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/**
 * Scenarios that pass issue 10's acceptance rule today: a change that fails one is a
 * regression (or, after a bound change, a bound that now sees further: then take it out of
 * this list and say so). The feasible bound (item 11) took out steady, ezeth-depeg,
 * bad-print-50, yield-crossover and repeated-slashing-50: it restakes liquid weETH in place for
 * AVS rewards and leaves a slashed operator in time, which the strategy does not yet do.
 * Pending protocol claims valued like their LRT narrowing to par (the bound no longer books a
 * discount by queuing just before the end) put in queue-stretch-50k and yield-crossover; claim
 * timing that weighs the reward token's fall against gas put in reward-token-crash-50k.
 */
const PASSING = new Set<string>([
  'avs-rewards-stop',
  'bad-print-50k',
  'cap-edge-start-50',
  'cap-edge-start-50k',
  'fast-crossover-50',
  'fast-crossover-50k',
  'high-gas',
  'noisy-equal-yields-50',
  'noisy-equal-yields-50k',
  'operator-slashing',
  'queue-stretch-50k',
  'reward-token-crash-50',
  'reward-token-crash-50k',
  'stepped-rates-50',
  'stepped-rates-50k',
  'yield-crossover',
]);

/**
 * Open decision bugs of issue 10, by scenario: the strategy still breaks a limit there, so the
 * 0-breach check waits for the fix (take the scenario out when it is fixed).
 */
const KNOWN_BREACHES: Readonly<Record<string, string>> = {
  'depeg-high-gas-50': 'item 3: the forced depeg exit sells into the discounted pool; sale-loss limits broken',
  'depeg-high-gas-50k': 'item 3: as depeg-high-gas-50',
  'forced-exit-idle-50': 'items 1 and 9: while the queued exit is pending, positions drift through the idle buffer',
  'forced-exit-idle-50k': 'items 1 and 9: as forced-exit-idle-50',
};

/** Declares the runs of shard `k` (of SHARDS) of the shipped scenarios. */
export function describeScenarioShard(k: number): void {
  const names = shippedScenarios().filter((_, i) => i % SHARDS === k);
  const results = new Map<string, BacktestResult>();

  beforeAll(async () => {
    const registry = await loadStrategyRegistry();
    const policy = await loadBacktestPolicy(new URL('../../../config/backtest.yaml', import.meta.url).pathname, { env: {}, registry });
    for (const name of names) results.set(name, runBacktest(await loadScenario(`${SCENARIO_DIR}${name}.json`), policy, registry));
  }, 300_000);

  describe(`shipped scenarios, shard ${k + 1} of ${SHARDS}`, () => {
    it('has scenarios to run', () => {
      expect(names.length).toBeGreaterThan(0);
    });

    for (const name of names) {
      it(`${name}: no bundle of the strategy reverts${KNOWN_BREACHES[name] === undefined ? ' and it breaks no limit' : ''}`, () => {
        const strategy = (results.get(name) as BacktestResult).runs[0]?.run;
        expect(strategy?.label).toBe('strategy');
        expect(strategy?.reverts).toEqual([]);
        if (KNOWN_BREACHES[name] === undefined) expect(strategy?.breaches.map((b) => `step ${b.step}: ${b.code} ${b.message}`)).toEqual([]);
      });

      it(`${name}: the bound is at least every baseline`, () => {
        const r = results.get(name) as BacktestResult;
        for (const { metrics } of r.runs.slice(1)) expect(r.bound.netApy, `${name} bound vs ${metrics.label}`).toBeGreaterThanOrEqual(metrics.netApy - 1e-9);
      });

      if (PASSING.has(name)) {
        it(`${name}: passes the acceptance rule`, () => {
          const row = acceptanceRow(results.get(name) as BacktestResult, 'backtest');
          expect(row.failed, `${name} passed issue 10's rule before this change`).toEqual([]);
        });
      }
    }
  });
}
