import { describe, expect, it } from 'vitest';
import { ScenarioInvalidError, parseScenario } from '../../../src/backtest/scenario-load.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import { tinyScenario } from './fixtures.ts';

async function problems(raw: unknown, files: Record<string, string> = {}): Promise<string[]> {
  try {
    await parseScenario(raw, { source: 'x.json', baseDir: '/s', readFile: async (p) => files[p] ?? Promise.reject(new Error('ENOENT')) });
  } catch (err) {
    if (err instanceof ScenarioInvalidError) return err.details as string[];
    throw err;
  }
  return [];
}

describe('scenario validation', () => {
  it('accepts the tiny fixture', async () => {
    expect(await problems(tinyScenario())).toEqual([]);
  });

  it('names the JSON path of schema problems', async () => {
    const raw = tinyScenario();
    (raw.positions[0] as Record<string, unknown>).riskTier = 9;
    delete (raw as Record<string, unknown>).sources;
    const lines = await problems(raw);
    expect(lines.some((l) => l.startsWith('positions.0.riskTier:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('sources:'))).toBe(true);
  });

  it('names cross-reference and series problems', async () => {
    const raw = tinyScenario();
    raw.initial.weights = { nope: 100, a: 9_950 };
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'bogus.col': 1 }, { step: 0, baseFeeGwei: 3 }] };
    const lines = await problems(raw);
    expect(lines).toContain('initial.weights.nope: not a position id');
    expect(lines.some((l) => l.startsWith('initial.weights: weights sum to 10050'))).toBe(true);
    expect(lines.some((l) => l.startsWith('series.rows.0.bogus.col: unknown column'))).toBe(true);
    expect(lines.some((l) => l.startsWith("series.rows.1.step: step 0 is not after the previous keyframe's 0"))).toBe(true);
  });

  it('names values no market can have, with the ceiling and why', async () => {
    const raw = tinyScenario();
    raw.initial.totalEth = 2e9;
    expect((await problems(raw)).some((l) => l.startsWith('initial.totalEth: Too big'))).toBe(true);
    raw.initial.totalEth = 50_000;
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1.04e18, 'ezETH.rate': 1, 'weETH.dexLiquidityEth': 1e30, 'ezETH.dexDiscountBps': 9_500 }] };
    const lines = await problems(raw);
    expect(lines).toContain('series.rows.0.weETH.rate: must be <= 100 (ETH per LRT; a rate grows a few % a year from about 1), got 1040000000000000000');
    expect(lines).toContain('series.rows.0.weETH.dexLiquidityEth: must be <= 1000000000 (more than all the ether there is), got 1e+30');
    expect(lines).toContain('series.rows.0.ezETH.dexDiscountBps: must be <= 9000 (a pool at a tenth of the rate, the deepest a depeg event takes), got 9500');
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1.04, 'ezETH.rate': 1, 'weETH.dexLiquidityEth': 1e8, 'ezETH.dexDiscountBps': 9_000 }] };
    expect(await problems(raw)).toEqual([]);
  });

  it('refuses a start restaked with two operators: a vault delegates to one at a time', async () => {
    const raw = tinyScenario();
    raw.positions = [
      ...raw.positions,
      { id: 'a-opa', symbol: 'weETH', riskTier: 2, exits: { instant: { feeBps: 30 } }, restaked: { operator: 'op-a' } },
      { id: 'a-opb', symbol: 'weETH', riskTier: 2, exits: { instant: { feeBps: 30 } }, restaked: { operator: 'op-b' } },
    ];
    (raw as Record<string, unknown>).operators = [{ name: 'op-a', avs: ['da'] }, { name: 'op-b', avs: ['da'] }];
    (raw as Record<string, unknown>).avs = [{ name: 'da', rewardToken: 'EIGEN' }];
    (raw as Record<string, unknown>).rewardTokens = [{ symbol: 'EIGEN', decimals: 18 }];
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'da.aprBps': 100, 'EIGEN.priceEth': 0.001, 'EIGEN.liquidityEth': 1_000 }] };
    raw.initial.weights = { a: 4_000, 'a-opa': 3_000, 'a-opb': 1_000 };
    expect(await problems(raw)).toContain('initial.weights: restaked with 2 operators (op-a, op-b): a vault delegates to one operator at a time');
    raw.initial.weights = { a: 4_000, 'a-opa': 3_000 };
    expect(await problems(raw)).toEqual([]);
  });

  it('names the CSV line and column', async () => {
    const raw = tinyScenario();
    raw.series = { csv: 'm.csv' } as never;
    const csv = '# comment\nstep,baseFeeGwei,weETH.rate,ezETH.rate\n0,10,1,1\n5,abc,,\n';
    const lines = await problems(raw, { '/s/m.csv': csv });
    expect(lines).toEqual(['m.csv:4:2 (baseFeeGwei): not a number: "abc"']);
  });

  it('requires every column at step 0', async () => {
    const raw = tinyScenario();
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1 }] };
    expect(await problems(raw)).toContain('series.rows.0.ezETH.rate: missing: step 0 must give this column');
  });
});

describe('market', () => {
  it('interpolates keyframes, compounds APYs and overlays events', async () => {
    const raw = tinyScenario();
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 0, 'ezETH.rate': 1, 'ezETH.dexLiquidityEth': 1000 }, { step: 4, baseFeeGwei: 30, 'ezETH.rate': 1.004 }] };
    raw.events = [{ step: 2, kind: 'depeg', symbol: 'ezETH', discountBps: 1000, recoverySteps: 2 }, { step: 3, kind: 'gas-spike', baseFeeGwei: 100, durationSteps: 1 }];
    const market = buildMarket(await parseScenario(raw));
    expect(market.map((m) => m.baseFeeGwei)).toEqual([10, 15, 20, 100, 30, 30]);
    market.forEach((m, i) => expect(m.lrt.ezETH?.rate).toBeCloseTo([1, 1.001, 1.002, 1.003, 1.004, 1.004][i] as number, 12));
    expect(market.map((m) => m.lrt.ezETH?.dexDiscountBps)).toEqual([0, 0, 1000, 500, 0, 0]);
    expect(market[5]?.lrt.weETH?.rate).toBe(1);
  });
});
