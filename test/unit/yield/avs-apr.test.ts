import { describe, expect, it } from 'vitest';
import { avsAprFromAccrual, tokenPriceWad } from '../../../src/yield/avs-apr.ts';

const E = 10n ** 18n;
const YEAR = 31_536_000;
/** 1 000 ETH: the position the window tests attribute to. */
const YEAR_VALUE = 1000n * E;

describe('avsAprFromAccrual', () => {
  it('annualises cumulative earnings valued through the DEX price', () => {
    // 1 000 tokens at 0.001 ETH over half a year on a 100 ETH position, full share: 2 % APR.
    const r = avsAprFromAccrual({
      samples: [
        { timestamp: 0, cumulative: 500n * E },
        { timestamp: YEAR / 4, cumulative: 900n * E },
        { timestamp: YEAR / 2, cumulative: 1500n * E },
      ],
      now: YEAR / 2,
      windowSeconds: YEAR,
      priceWad: tokenPriceWad({ token: 1_000_000n * E, weth: 1_000n * E }, 18),
      decimals: 18,
      stakeShare: 1,
      positionValueWei: 100n * E,
    });
    expect(r.accruedWei).toBe(E);
    expect(r.apr).toBeCloseTo(0.02, 12);
  });

  it('attributes by stake share and handles 6-decimal tokens', () => {
    const r = avsAprFromAccrual({
      samples: [
        { timestamp: 0, cumulative: 0n },
        { timestamp: YEAR, cumulative: 4_000_000_000n }, // 4 000 tokens of 6 decimals
      ],
      now: YEAR,
      windowSeconds: YEAR,
      priceWad: tokenPriceWad({ token: 1_000_000n * 10n ** 6n, weth: 500n * E }, 6), // 0.0005 ETH
      decimals: 6,
      stakeShare: 0.25,
      positionValueWei: 10n * E,
    });
    expect(r.accruedWei).toBe(E / 2n);
    expect(r.apr).toBeCloseTo(0.05, 12);
  });

  it('returns 0 with reasons on missing or decreasing data', () => {
    const base = { now: 100, windowSeconds: 1000, priceWad: E, decimals: 18, stakeShare: 1, positionValueWei: E };
    expect(avsAprFromAccrual({ ...base, samples: [{ timestamp: 10, cumulative: 5n }] }).reasons[0]).toMatch(/fewer than two/);
    const down = avsAprFromAccrual({ ...base, samples: [{ timestamp: 10, cumulative: 5n }, { timestamp: 20, cumulative: 4n }] });
    expect(down.apr).toBe(0);
    expect(down.reasons[0]).toMatch(/decreased/);
  });

  it('measures from where earnings start inside the window, and calls a flat window no evidence', () => {
    const base = { now: 400, windowSeconds: 1000, priceWad: E, decimals: 18, stakeShare: 1, positionValueWei: YEAR_VALUE };
    // Nothing earned for 300 s (entered later), then 1 token in 100 s: the rate of those 100 s.
    const late = avsAprFromAccrual({ ...base, samples: [0, 100, 200, 300].map((t) => ({ timestamp: t, cumulative: 0n })).concat([{ timestamp: 400, cumulative: E }]) });
    expect(late.ok).toBe(true);
    expect(late.spanSeconds).toBe(100);
    expect(late.apr).toBeCloseTo(YEAR / 100 / 1000, 9);
    expect(late.reasons[0]).toMatch(/start inside the window/);
    const flat = avsAprFromAccrual({ ...base, samples: [{ timestamp: 0, cumulative: 7n }, { timestamp: 400, cumulative: 7n }] });
    expect(flat.ok).toBe(false);
    expect(flat.apr).toBe(0);
    expect(flat.reasons[0]).toMatch(/no earnings in the window/);
    const empty = avsAprFromAccrual({ ...base, samples: [{ timestamp: 0, cumulative: 0n }, { timestamp: 400, cumulative: E }], positionValueWei: 0n });
    expect(empty.ok).toBe(false);
  });
});

