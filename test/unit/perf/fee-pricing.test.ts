import { describe, expect, it } from 'vitest';
import { feePricer, feeScanStart } from '../../../src/perf/fee-pricing.ts';

const WAD = 10n ** 18n;

describe('where the fee count starts', () => {
  it('starts at the configured deployment block, before the first sample', () => {
    expect(feeScanStart(18_000_000, 18_250_000)).toEqual({ startBlock: 18_000_000, since: 'deployment' });
  });

  it('falls back to the first share-price sample without a deployment block, and says so', () => {
    expect(feeScanStart(undefined, 18_250_000)).toEqual({ startBlock: 18_250_000, since: 'first-sample' });
  });

  it('takes a deployment at block 0 as given (not as missing)', () => {
    expect(feeScanStart(0, 250)).toEqual({ startBlock: 0, since: 'deployment' });
  });
});

describe('what a fee share was worth', () => {
  const history = [
    { block: 10, timestamp: 0, priceWad: 1_000_200_000_000_000_000n },
    { block: 20, timestamp: 120, priceWad: 1_000_300_000_000_000_000n },
  ];

  it('prices a block before the first sample at the first recorded share price, marked, never at 0', () => {
    expect(feePricer(history)?.(5)).toEqual({ wad: 1_000_200_000_000_000_000n, beforeFirstSample: true });
    expect(feePricer(history)?.(0)).toEqual({ wad: 1_000_200_000_000_000_000n, beforeFirstSample: true });
  });

  it('prices a later block at the newest sample at or before it', () => {
    const price = feePricer(history);
    expect(price?.(10)).toEqual({ wad: 1_000_200_000_000_000_000n, beforeFirstSample: false });
    expect(price?.(19)).toEqual({ wad: 1_000_200_000_000_000_000n, beforeFirstSample: false });
    expect(price?.(20)).toEqual({ wad: 1_000_300_000_000_000_000n, beforeFirstSample: false });
    expect(price?.(99)).toEqual({ wad: 1_000_300_000_000_000_000n, beforeFirstSample: false });
  });

  it('has no price without samples', () => {
    expect(feePricer([])).toBeUndefined();
    expect(feePricer([{ block: 1, timestamp: 0, priceWad: WAD }])?.(1)).toEqual({ wad: WAD, beforeFirstSample: false });
  });
});
