import { describe, expect, it } from 'vitest';
import { interpolateLadder, ladderAmounts, ladderReach } from '../../../src/yield/venue-quotes.ts';
import { bestDexExitQuote, exitQuotes } from '../../../src/yield/exit-cost.ts';
import { deepestVenue } from '../../../src/domain/venue-depth.ts';
import { dexDeviations } from '../../../src/risk/depeg-watch.ts';
import type { PositionObservation, Snapshot, VenueObservation } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';

const E = 10n ** 18n;
// A V3-like ladder for a token worth 1.05 ETH: 0.01 % fee, impact growing with size.
const ladder = [
  { amountIn: 1n * E, out: 1_049_894_000_000_000_000n },
  { amountIn: 10n * E, out: 10_498_900_000_000_000_000n },
  { amountIn: 100n * E, out: 104_980_000_000_000_000_000n },
  { amountIn: 1_000n * E, out: 1_048_200_000_000_000_000_000n },
];

describe('quote ladder', () => {
  it('turns whole-token sizes into sorted, distinct wei amounts', () => {
    expect(ladderAmounts([100, 1, 10, 1, 0.5])).toEqual([5n * 10n ** 17n, E, 10n * E, 100n * E]);
    expect(ladderAmounts([2], 6)).toEqual([2_000_000n]);
  });

  it('returns a quoted size exactly', () => {
    expect(interpolateLadder(ladder, 100n * E)).toBe(104_980_000_000_000_000_000n);
  });

  it('interpolates on the chord between two sizes (never above the concave curve)', () => {
    // 550 tokens: 104.98 + (1048.2 − 104.98) · 450 / 900 = 576.59 ETH.
    expect(interpolateLadder(ladder, 550n * E)).toBe(576_590_000_000_000_000_000n);
    // Below the first size: proportional to the first quote (the chord from zero).
    expect(interpolateLadder(ladder, E / 2n)).toBe(524_947_000_000_000_000n);
  });

  it('does not price beyond the largest size, and prices nothing at zero', () => {
    expect(interpolateLadder(ladder, 1_001n * E)).toBeUndefined();
    expect(interpolateLadder([], E)).toBeUndefined();
    expect(interpolateLadder(ladder, 0n)).toBe(0n);
    expect(ladderReach(ladder)).toBe(1_000n * E);
  });

  it('never lets a larger size pay less than a smaller one (a partial fill reads flat)', () => {
    const capped = [{ amountIn: 10n * E, out: 10n * E }, { amountIn: 100n * E, out: 8n * E }];
    expect(interpolateLadder(capped, 100n * E)).toBe(10n * E);
  });
});

const v3: VenueObservation = { kind: 'uniswap-v3', label: 'weETH/WETH uniswap-v3', spotRateWad: 1_050_000_000_000_000_000n, wethDepth: 600_000n * E, ladder, buyLadder: [] };
const obs: PositionObservation = {
  positionId: 'weETH',
  rateWad: 1_050_000_000_000_000_000n,
  // A V2 pair of 5,000 ETH a side at the rate: 0.3 % fee plus impact.
  dex: { token: 4_761_904_761_904_761_904_761n, weth: 5_000n * E },
  venues: [v3],
  liquidBalance: 2_000n * E,
  valueWei: 2_100n * E,
};
const spec: PositionSpec = { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };

describe('exit route across venues', () => {
  it('sells on the venue paying most for the size', () => {
    const q = bestDexExitQuote(100n * E, spec, obs);
    expect(q?.venue).toBe('uniswap-v3');
    expect(q?.expectedOutWei).toBe(104_980_000_000_000_000_000n);
    // 105 ETH fair, 104.98 out: 1.905 bps, rounded up.
    expect(q?.slippageBps).toBe(1.91);
  });

  it('falls back to the V2 pair past the V3 ladder', () => {
    const q = bestDexExitQuote(1_500n * E, spec, obs);
    expect(q?.venue).toBe('uniswap-v2');
    expect(exitQuotes(1_500n * E, spec, obs, 0.03)[0]?.venue).toBe('uniswap-v2');
  });

  it('uses a quoted venue even without a V2 pair configured', () => {
    const noPair: PositionSpec = { ...spec, exits: {} };
    expect(bestDexExitQuote(10n * E, noPair, obs)?.venue).toBe('uniswap-v3');
  });
});

describe('depeg from the deepest venue', () => {
  const thinLow: PositionObservation = { ...obs, dex: { token: 100n * E, weth: 90n * E } };
  it('reads the deepest venue, so a thin pool 14 % low is not a depeg', () => {
    expect(deepestVenue(thinLow)?.kind).toBe('uniswap-v3');
    const snapshot = { positions: [thinLow] } as unknown as Snapshot;
    expect(dexDeviations(snapshot).get('weETH')).toBe(0);
  });

  it('reads the V2 pair when it is the only venue', () => {
    const { venues: _v, ...pairOnly } = thinLow;
    const snapshot = { positions: [pairOnly] } as unknown as Snapshot;
    expect(Math.round(dexDeviations(snapshot).get('weETH')!)).toBe(-1429);
  });
});
