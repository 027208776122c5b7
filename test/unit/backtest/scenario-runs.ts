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
 * bad-print-50, yield-crossover and repeated-slashing-50; the strategy's restake in place
 * (strategies/lib/switching-costs.ts inPlacePairs) brought back all but the last.
 * dex-discount-entry-50 left again when its scenario closed rsETH's and ezETH's withdrawals as
 * its sources say (a discount that no redemption at par can realise is no longer bought).
 * operator-slashing is out: the strategy restakes liquid weETH for AVS rewards (+1.4 % a year
 * at the 0.1 %/yr default hazard) days before a slash that nothing in the data foretells (the
 * scenario is steady's market until then). forced-exit-idle-50 joined when the strategy planned
 * inside the engine's cap margin (strategies/risk-adjusted-yield.ts, plannedCaps): before, the
 * engine scaled its redeployment of the exit's cash down, selling every position a little, and
 * the net-gain test refused the result, leaving 12 % of the vault idle for 26 days.
 * queue-stretch-50 is out on foresight: its bound sells rsETH at step 72, while rsETH is the best
 * yield (3.2 % against 3.0 and 2.9 %), ahead of the yield fall at step 92 and of its DEX
 * discount widening 15 → 60 → 40 bps, and marks the vault at that discount's end. With rsETH's
 * discount held at 15 bps (same queues, pause, buffer drain and yield fall) the bound finds
 * nothing better than hold: 2.664 % = hold = strategy. After the fall the strategy's refusal
 * holds by its own model: moving the 1500 bps ezETH and weETH can take earns 1 %/yr, 0.0062 ETH
 * over 30 days on 7.5 ETH, while rsETH's cheapest exit (its 8-day queue, then 30 days) costs
 * 0.0049 ETH of yield plus gas, × 2.
 * depeg-high-gas-50k joined when an entry became one planned split
 * buy (src/plan/entry.ts) and a DEX slice the pool offers again every tick counted only when its
 * gain beats its own gas × safetyMultiple (47 rebalances and 0.82 ETH of gas → 32 and 0.39).
 * depeg-high-gas-50 joined when a buy at a discount of now was funded by a sale of now (the
 * planner sells on the pool instead of through a queue while such buys are short of cash, and
 * the strategy's LP prices that choice): rsETH is bought back as its depeg closes, not after.
 */
const PASSING = new Set<string>([
  'avs-rewards-stop',
  'bad-print-50',
  'bad-print-50k',
  'cap-edge-start-50',
  'cap-edge-start-50k',
  'depeg-high-gas-50',
  'depeg-high-gas-50k',
  'dex-discount-entry-50k',
  'ezeth-depeg',
  'fast-crossover-50',
  'fast-crossover-50k',
  'forced-exit-idle-50',
  'forced-exit-idle-50k',
  'high-gas',
  'noisy-equal-yields-50',
  'noisy-equal-yields-50k',
  'queue-stretch-50k',
  'reward-token-crash-50',
  'reward-token-crash-50k',
  'steady',
  'stepped-rates-50',
  'stepped-rates-50k',
  'yield-crossover',
]);

/**
 * Open decision bugs of issue 10, by scenario: the strategy still breaks a limit there, so the
 * 0-breach check waits for the fix (take the scenario out when it is fixed).
 */
const KNOWN_BREACHES: Readonly<Record<string, string>> = {};

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
