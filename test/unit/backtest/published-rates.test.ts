import { describe, expect, it } from 'vitest';
import { buildMarket } from '../../../src/backtest/market.ts';
import { BACKTEST_ASSET, publishedRatesAt } from '../../../src/backtest/published-rates.ts';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { nameAddress, scenarioSpecs } from '../../../src/backtest/specs.ts';

const FILE = new URL('../../../scenarios/avs-rewards-stop.json', import.meta.url).pathname;

describe('publishedRatesAt', () => {
  it("publishes each restaked operator set's AVS APR per step, 0 from the reward stop on", async () => {
    const scenario = await loadScenario(FILE);
    const market = buildMarket(scenario);
    const { specs } = scenarioSpecs(scenario.doc);
    const stop = scenario.doc.events.find((e) => e.kind === 'reward-stop')?.step ?? -1;
    expect(stop).toBeGreaterThan(0);
    const before = publishedRatesAt(market[stop - 1]!, specs, scenario.doc);
    expect(before.published.asset).toBe(BACKTEST_ASSET);
    expect(before.published.rates).toEqual([
      {
        avs: nameAddress('avs', 'eigenda'),
        operatorSetId: 0,
        rewardToken: nameAddress('token', 'EIGEN'),
        apr: (market[stop - 1]!.avsAprBps.eigenda ?? 0) / 10_000,
        publishedAt: market[stop - 1]!.timestamp,
      },
    ]);
    expect(before.published.rates[0]!.apr).toBeGreaterThan(0.005);
    expect(publishedRatesAt(market[stop]!, specs, scenario.doc).published.rates[0]!.apr).toBe(0);
  });
});
