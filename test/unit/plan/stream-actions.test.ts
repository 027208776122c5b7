/**
 * Reward stream claims as plan actions: a claim the policy makes becomes claim-stream + the
 * sale of the token with a min-out; no pool, a sale beyond the slippage limit, no checked claim
 * or compounding disabled leave it unclaimed, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { judgeStreams, streamClaimActions, type StreamPolicy } from '../../../src/plan/stream-actions.ts';
import type { StreamClaimable } from '../../../src/plan/stream-claims.ts';

const E = 10n ** 18n;
const GWEI = 10n ** 9n;
const KING = '0x00000000000000000000000000000000000000d1';
const DISTRIBUTOR = '0x00000000000000000000000000000000000000d2';
const ROOT = `0x${'ab'.repeat(32)}`;
const PROOF = [`0x${'cd'.repeat(32)}`];
const policy: StreamPolicy = { enabled: true, minValueToCostMultiple: 3, timing: 'value-multiple', baseFeeWei: 10n * GWEI, priorityFeeWei: 1n * GWEI, reinvestApy: 0.03, maxSlippageBpsPerSwap: 100 };
/** 50 KING owed, priced by a pool of 50,000 KING against 500 ETH (0.01 ETH each): worth 0.5 ETH. */
const king = (extra: Partial<StreamClaimable> = {}): StreamClaimable => ({
  stream: 'etherfi-avs', token: KING, symbol: 'KING', payout: 50n * E, decimals: 18, priceWad: E / 100n, rewardWeiPerSecond: 1e12,
  claim: { distributor: DISTRIBUTOR, cumulativeAmount: 80n * E, root: ROOT, proof: PROOF },
  pool: { token: 50_000n * E, weth: 500n * E },
  ...extra,
});

describe('streamClaimActions', () => {
  it('claims the payout and sells it through the pool: 0.5 ETH fair, 0.498003490519951608 expected, min out 0.495 (100 bps)', () => {
    const [claim, sale, ...rest] = streamClaimActions([king()], policy);
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({ kind: 'claim-stream', stream: 'etherfi-avs', distributor: DISTRIBUTOR, token: KING, symbol: 'KING', cumulativeAmount: 80n * E, root: ROOT, proof: PROOF, payout: 50n * E, gas: 120_000 });
    expect(sale).toMatchObject({ kind: 'swap-reward', token: KING, amountIn: 50n * E, fairValueWei: 500_000_000_000_000_000n, expectedOutWei: 498_003_490_519_951_608n, minOutWei: 495_000_000_000_000_000n, slippageBps: 39.94, gas: 180_000 }); // 39.9302 bps, rounded up
  });

  it('value-multiple timing ignores the accrual; gas-optimal waits while 1e12 wei/s accrues (claiming 0.5 ETH later is cheaper)', () => {
    expect(streamClaimActions([king()], policy)).toHaveLength(2);
    expect(streamClaimActions([king()], { ...policy, timing: 'gas-optimal' })).toEqual([]);
  });

  it('leaves a claim without a pool, beyond the slippage limit, without a checked claim or with compounding off, saying why', () => {
    const { pool: _pool, ...unpooled } = king();
    const { claim: _claim, ...unchecked } = king();
    const thin = king({ pool: { token: 500n * E, weth: 5n * E } }); // 50 KING into 500: ~9.3 % loss
    const decisions = judgeStreams([unpooled, thin, unchecked], policy);
    expect(decisions.map((d) => d.claim)).toEqual([false, false, false]);
    expect(decisions[0]?.why).toContain('no pool to sell KING into (price.uniswapV2Pair), left unclaimed');
    expect(decisions[1]?.why).toMatch(/selling it would lose 93\d\.\d+ bps > 100 bps, left for later/);
    expect(decisions[2]?.why).toContain('no checked claim this tick');
    expect(streamClaimActions([unpooled, thin, unchecked], policy)).toEqual([]);
    expect(judgeStreams([king()], { ...policy, enabled: false })[0]?.why).toContain('compounding disabled');
    expect(streamClaimActions([king()], { ...policy, enabled: false })).toEqual([]);
  });

  it('below 3× the cost of claim, sale and deposit (0.005731 ETH at 11 gwei) nothing is planned: 1 KING = 0.01 ETH', () => {
    const small = king({ payout: 1n * E });
    expect(judgeStreams([small], policy)[0]).toMatchObject({ claim: false, costWei: 5_731_000_000_000_000n, valueWei: 10_000_000_000_000_000n });
    expect(streamClaimActions([small], policy)).toEqual([]);
  });
});
