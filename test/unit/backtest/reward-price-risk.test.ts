/**
 * Claim-and-sell timing weighs the reward token's price risk against gas (issue 10 item 8):
 * the backtest gives the planner each token's risk from the prices seen in the past week.
 */
import { describe, expect, it } from 'vitest';
import { buildMarket } from '../../../src/backtest/market.ts';
import { rewardPriceRiskAt } from '../../../src/backtest/reward-price-risk.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import { nameAddress } from '../../../src/backtest/specs.ts';
import { tinyScenario } from './fixtures.ts';

const TOK = nameAddress('token', 'TOK').toLowerCase();

async function market(prices: readonly number[]) {
  const raw = tinyScenario();
  raw.steps = prices.length;
  raw.positions = [{ id: 'r', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 } }, restaked: { operator: 'op' } }];
  raw.initial = { totalEth: 100, weights: { r: 10_000 } };
  (raw as Record<string, unknown>).operators = [{ name: 'op', avs: ['da'] }];
  (raw as Record<string, unknown>).avs = [{ name: 'da', rewardToken: 'TOK' }];
  (raw as Record<string, unknown>).rewardTokens = [{ symbol: 'TOK' }];
  raw.series = {
    rows: prices.map((p, step) => (step === 0 ? { step, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.dexLiquidityEth': 10_000, 'da.aprBps': 500, 'TOK.priceEth': p, 'TOK.liquidityEth': 1_000 } : { step, 'TOK.priceEth': p })),
  };
  const scenario = await parseScenario(raw);
  return { doc: scenario.doc, market: buildMarket(scenario) };
}

describe('rewardPriceRiskAt', () => {
  it('reads a token falling 1 % a day as an expected loss of e^(365 ln(1/0.99)) − 1 ≈ 38.9 a year', async () => {
    const { doc, market: m } = await market([1, 0.99, 0.9801, 0.970299]);
    expect(rewardPriceRiskAt(m, 3, doc)[TOK]).toBeCloseTo(Math.expm1(-365 * Math.log(0.99)), 6);
  });

  it('sees no risk before three prices, nor in a flat or rising token', async () => {
    const { doc, market: m } = await market([1, 1, 1, 1.01, 1.0201, 1.030301]);
    expect(rewardPriceRiskAt(m, 1, doc)[TOK]).toBe(0);
    expect(rewardPriceRiskAt(m, 2, doc)[TOK]).toBe(0);
    expect(rewardPriceRiskAt(m, 5, doc, 2 * 86_400)[TOK]).toBeCloseTo(0, 9);
  });

  it('forgets a fall older than the week', async () => {
    // Down 20 % a day for two days, then flat for eight: the past week is flat.
    const { doc, market: m } = await market([1, 0.8, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64]);
    expect(rewardPriceRiskAt(m, 2, doc)[TOK]).toBeGreaterThan(1_000);
    expect(rewardPriceRiskAt(m, 10, doc)[TOK]).toBe(0);
  });
});
