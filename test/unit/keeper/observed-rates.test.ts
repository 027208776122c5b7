/**
 * The estimator's history is the stored one plus this block's rates (withObservedRates): rates
 * are kept once per 600 s outside the devnet, and with a 300 s staleness limit the estimate of
 * an LRT read every block would otherwise be stale for half of every 10 minutes.
 */
import { describe, expect, it } from 'vitest';
import { withObservedRates } from '../../../src/keeper/rates.ts';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields } from '../../../src/yield/estimate.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';

const E = 10n ** 18n;
const NOW = 1_800_000_000;
const rateAt = (t: number): bigint => BigInt(Math.round(1.05 * Math.exp(apyToPerSecond(0.03) * (t - NOW)) * 1e18));

/** Kept every 600 s for 8 days, the newest 590 s before NOW. */
const stored: RateSample[] = Array.from({ length: 8 * 144 }, (_, i) => NOW - 590 - (8 * 144 - 1 - i) * 600).map((t) => ({ timestamp: t, rateWad: rateAt(t) }));

const spec: PositionSpec = { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const snapshot: Snapshot = {
  chainId: 1, block: 1, timestamp: NOW, baseFeeWei: 0n, holder: '0x00000000000000000000000000000000000000aa', idleWei: 0n,
  positions: [{ positionId: 'weETH', rateWad: rateAt(NOW), liquidBalance: E, valueWei: E }],
  queuedWithdrawals: [], rewards: [], slashing: [], observedAt: NOW,
};

describe('withObservedRates', () => {
  it("ends each LRT's history with this block's rate, in new arrays, unless a sample of that time is stored", () => {
    const samples = { weETH: stored };
    const out = withObservedRates(samples, { weETH: rateAt(NOW), ezETH: 2n * E }, NOW);
    expect(out.weETH).toHaveLength(stored.length + 1);
    expect(out.weETH?.at(-1)).toEqual({ timestamp: NOW, rateWad: rateAt(NOW) });
    expect(out.ezETH).toEqual([{ timestamp: NOW, rateWad: 2n * E }]);
    expect(samples.weETH).toHaveLength(stored.length); // the shared arrays are left as they were
    const kept = withObservedRates({ weETH: [...stored, { timestamp: NOW, rateWad: E }] }, { weETH: rateAt(NOW) }, NOW);
    expect(kept.weETH?.at(-1)).toEqual({ timestamp: NOW, rateWad: E });
    expect(withObservedRates({}, { weETH: 0n }, NOW).weETH).toBeUndefined();
  });

  it('keeps the estimate fresh between kept samples (300 s staleness limit, newest kept sample 590 s old)', () => {
    const options = { ...DEFAULT_ESTIMATOR_OPTIONS, staleAfterSeconds: 300 };
    const estimate = (rateHistory: Record<string, readonly RateSample[]>) => estimateYields({ snapshot, specs: [spec], now: NOW, rateHistory, options })[0];
    expect(estimate({ weETH: stored })?.stale).toBe(true);
    const fresh = estimate(withObservedRates({ weETH: stored }, { weETH: rateAt(NOW) }, NOW));
    expect(fresh?.stale).toBe(false);
    expect(fresh?.lrtApy).toBeCloseTo(0.03, 4);
  });
});
