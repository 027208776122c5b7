/**
 * The idle-cash clock over a whole market (src/risk/idle-wait.ts, threaded through the replay):
 * random market 0 of seed 5 at 50,000 ETH. A depeg exit returns 16,000 ETH while every pool
 * stands 28-30 bps under its rate. Without the clock the strategy bought it back 35 ETH a tick
 * on the pools for two months (385 rebalances, 0.35 ETH of gas) and ended 0.21 points under the
 * threshold baseline, which minted at once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBacktestPolicy } from '../../../src/backtest/policy.ts';
import { runBacktest } from '../../../src/backtest/run.ts';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { scenarioGenerator } from '../../helpers/scenario-generator.ts';

const { root, generate } = scenarioGenerator('random-markets.mjs');

describe('cash waiting beside pools standing under their rates', () => {
  it('is minted back within days: under 100 rebalances, within 0.05 points of the threshold baseline', async () => {
    generate('m', '--count', '1', '--seed', '5');
    const registry = await loadStrategyRegistry();
    const policy = await loadBacktestPolicy(new URL('../../../config/backtest.yaml', import.meta.url).pathname, { env: {}, registry });
    const scenario = await loadScenario(join(root, 'm', 'random-5-0-50k.json'));
    // A coarse bound: only the runs are checked here.
    const result = runBacktest(scenario, policy, registry, { bound: { epochSteps: 1e9, gridStepBps: 1000 } });
    const byLabel = new Map(result.runs.map((r) => [r.metrics.label, r.metrics]));
    const strategy = byLabel.get('strategy');
    const threshold = byLabel.get('threshold');
    expect(strategy?.rebalances).toBeLessThan(100);
    expect(strategy?.breaches).toBe(0);
    expect((strategy?.netApy ?? 0) - (threshold?.netApy ?? 1)).toBeGreaterThan(-0.0005);
  }, 60_000);
});
