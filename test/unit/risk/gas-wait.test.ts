/**
 * The one gas-wait rule shared by the depeg exit through a queue, the cap repair and the
 * planner's idle top-up: wait while the base fee is above the limit, for at most the longest
 * wait from when the move became due, then go whatever the fee.
 */
import { describe, expect, it } from 'vitest';
import { baseFeeSpike, baseFeeText, gasWait, hoursText } from '../../../src/risk/gas-wait.ts';

const GWEI = 1_000_000_000n;
// Due at 100 000 s; a 12 h longest wait; a 50 gwei limit.
const at = (baseFeeGwei: bigint, now: number, maxWaitSeconds = 43_200) => gasWait({ baseFeeWei: baseFeeGwei * GWEI, maxBaseFeeGwei: 50, dueSince: 100_000, now, maxWaitSeconds });

describe('gasWait', () => {
  it('waits at 300 gwei one hour after the move became due, with 11 h left', () => {
    expect(at(300n, 103_600)).toEqual({ wait: true, leftSeconds: 39_600, why: 'base fee 300.00 gwei > 50 gwei, due for 1.0 h: waits, at most 11.0 h more' });
  });

  it('goes at a base fee exactly at the limit: only a fee above it is a spike', () => {
    expect(at(50n, 103_600)).toEqual({ wait: false, why: 'base fee 50.00 gwei ≤ 50 gwei: goes now' });
    expect(gasWait({ baseFeeWei: 50n * GWEI + 1n, maxBaseFeeGwei: 50, dueSince: 100_000, now: 103_600, maxWaitSeconds: 43_200 }).wait).toBe(true);
  });

  it('goes when it has waited exactly the longest wait, and waits one second before', () => {
    expect(at(300n, 143_199)).toMatchObject({ wait: true, leftSeconds: 1 });
    expect(at(300n, 143_200)).toEqual({ wait: false, why: "base fee 300.00 gwei > 50 gwei, but due for 12.0 h, the longest wait (12.0 h): goes at the spike's price" });
  });

  it('goes at once when it may not wait at all', () => {
    expect(at(300n, 100_000, 0).wait).toBe(false);
  });

  it('counts a due time after now as now: the whole wait is left', () => {
    expect(at(300n, 99_400)).toMatchObject({ wait: true, leftSeconds: 43_200 });
  });

  it('with no longest wait, waits as long as the spike lasts', () => {
    expect(at(300n, 1_000_000, Number.POSITIVE_INFINITY)).toEqual({ wait: true, leftSeconds: Number.POSITIVE_INFINITY, why: 'base fee 300.00 gwei > 50 gwei, due for 250.0 h: waits, until the fee falls' });
    expect(at(40n, 1_000_000, Number.POSITIVE_INFINITY).wait).toBe(false);
  });
});

describe('gas-wait texts', () => {
  it('compares the base fee with its limit in gwei', () => {
    expect(baseFeeSpike(300n * GWEI, 50)).toBe(true);
    expect(baseFeeSpike(50n * GWEI, 50)).toBe(false);
    expect(baseFeeText(300n * GWEI, 50)).toBe('300.00 gwei > 50 gwei');
    expect(baseFeeText(12_345_000_000n, 50)).toBe('12.35 gwei ≤ 50 gwei');
    expect(hoursText(43_200)).toBe('12.0 h');
    expect(hoursText(5_400)).toBe('1.5 h');
  });
});
