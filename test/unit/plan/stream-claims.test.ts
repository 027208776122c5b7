import { describe, expect, it } from 'vitest';
import { GAS } from '../../../src/plan/gas.ts';
import { planStreamClaims, type StreamClaimable } from '../../../src/plan/stream-claims.ts';

const E = 10n ** 18n;
const GWEI = 10n ** 9n;
const opts = { minValueToCostMultiple: 3, baseFeeWei: 10n * GWEI, priorityFeeWei: 1n * GWEI, reinvestApy: 0.03 };
const king = (payout: bigint, extra: Partial<StreamClaimable> = {}): StreamClaimable => ({ stream: 'etherfi-avs', token: '0x00000000000000000000000000000000000000d1', symbol: 'KING', payout, decimals: 18, priceWad: E / 100n, rewardWeiPerSecond: 0, ...extra });

function unpricedKing(payout: bigint): StreamClaimable {
  const { priceWad: _priced, ...rest } = king(payout);
  return rest;
}

describe('planStreamClaims', () => {
  it('costs one claim, one sale and one reinvesting deposit: 521,000 gas at 11 gwei = 0.005731 ETH', () => {
    expect(GAS['claim-stream']).toBe(120_000);
    const [d] = planStreamClaims([king(50n * E)], opts);
    expect(d?.costWei).toBe(5_731_000_000_000_000n);
    expect(d?.valueWei).toBe(E / 2n);
    expect(d?.claim).toBe(true);
    expect(d?.why).toContain('KING worth 0.5000 ETH');
  });

  it('waits below 3× the cost (0.01 ETH against 0.0172 ETH) and without a price', () => {
    const [small, unpriced, none] = planStreamClaims([king(1n * E), unpricedKing(1000n * E), king(0n)], opts);
    expect(small?.claim).toBe(false);
    expect(small?.why).toContain('waits');
    expect(unpriced?.claim).toBe(false);
    expect(unpriced?.why).toContain('no price for KING');
    expect(none?.claim).toBe(false);
  });

  it('waits while the stream accrues fast enough that claiming later is cheaper, then claims', () => {
    // 1e12 wei/s (0.0864 ETH a day) at 3 %: claiming pays from about √(2 C r / ρ) ≈ 3.5 ETH.
    const fast = { rewardWeiPerSecond: 1e12 };
    expect(planStreamClaims([king(50n * E, fast)], opts)[0]?.claim).toBe(false); // 0.5 ETH
    expect(planStreamClaims([king(500n * E, fast)], opts)[0]?.claim).toBe(true); // 5 ETH
  });

  it('weighs the token\'s price risk: a falling token is claimed sooner', () => {
    const fast = { rewardWeiPerSecond: 1e12 };
    expect(planStreamClaims([king(100n * E, fast)], opts)[0]?.claim).toBe(false); // 1 ETH
    expect(planStreamClaims([king(100n * E, { ...fast, priceRiskApy: 3 })], opts)[0]?.claim).toBe(true);
  });
});
