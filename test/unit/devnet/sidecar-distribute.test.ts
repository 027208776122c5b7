import { describe, expect, it } from 'vitest';
import type { RewardSubmissionEvent } from '../../../src/protocols/eigenlayer/rewards-events.ts';
import { distribute, type Earnings, type StakeSnapshot } from '../../../src/devnet/sidecar/distribute.ts';
import { EMPTY_SPLITS } from '../../../src/rewards/splits.ts';

const AVS = '0x00000000000000000000000000000000000000a1';
const OP = '0x00000000000000000000000000000000000000b1';
const ALICE = '0x00000000000000000000000000000000000000e1';
const BOB = '0x00000000000000000000000000000000000000e2';
const S1 = '0x00000000000000000000000000000000000000c1';
const TOKEN = '0x00000000000000000000000000000000000000d1';

const snapshot: StakeSnapshot = {
  members: () => [OP],
  avsOperators: () => [OP],
  allOperators: () => [OP],
  operatorShares: () => 400n,
  stakers: () => [
    { staker: ALICE, shares: () => 300n },
    { staker: BOB, shares: () => 100n },
  ],
};

const submission: RewardSubmissionEvent = {
  type: 'submission', kind: 'totalStake', avs: AVS, operatorSetId: 0, token: TOKEN, amount: 1_000_000n,
  startTimestamp: 100, duration: 100, strategies: [{ strategy: S1, multiplier: 10n ** 18n }], block: 1, logIndex: 0,
};

describe('the devnet Sidecar distribution', () => {
  it('pays what came due in the window: the operator its split, stakers the rest by weighted shares', () => {
    const into: Earnings = new Map();
    distribute([submission], EMPTY_SPLITS, snapshot, 0, 150, into);
    // Half the window: 500 000; operator 10 % = 50 000; stakers 450 000 split 3:1.
    expect(into.get(OP)?.get(TOKEN)).toBe(50_000n);
    expect(into.get(ALICE)?.get(TOKEN)).toBe(337_500n);
    expect(into.get(BOB)?.get(TOKEN)).toBe(112_500n);
    distribute([submission], EMPTY_SPLITS, snapshot, 150, 400, into);
    const total = [...into.values()].reduce((sum, byToken) => sum + (byToken.get(TOKEN) ?? 0n), 0n);
    expect(total).toBe(1_000_000n);
  });

  it('keeps a row of 0 for a staker with no shares', () => {
    const into: Earnings = new Map();
    distribute([submission], EMPTY_SPLITS, { ...snapshot, stakers: () => [{ staker: ALICE, shares: () => 400n }, { staker: BOB, shares: () => 0n }] }, 0, 200, into);
    expect(into.get(BOB)?.get(TOKEN)).toBe(0n);
  });
});
