import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RewardSubmissionEvent, SplitEvent } from '../../../src/protocols/eigenlayer/rewards-events.ts';
import { EMPTY_SPLITS, splitFor, withSplits } from '../../../src/rewards/splits.ts';
import { submissionApr, type StakeView } from '../../../src/rewards/submission-rates.ts';

const AVS = '0x00000000000000000000000000000000000000a1';
const OP_A = '0x00000000000000000000000000000000000000b1';
const OP_B = '0x00000000000000000000000000000000000000b2';
const S1 = '0x00000000000000000000000000000000000000c1';
const S2 = '0x00000000000000000000000000000000000000c2';
const TOKEN = '0x00000000000000000000000000000000000000d1';
const E18 = 10n ** 18n;
const YEAR = 365 * 86_400;

/** 100 shares of S1 with each operator, 1 asset per share, token priced at 0.5 asset. */
function stake(overrides: Partial<StakeView> = {}): StakeView {
  return {
    members: () => [OP_A, OP_B],
    avsOperators: () => [OP_A, OP_B],
    operatorShares: (_o, s) => (s === S1 ? 100n * E18 : 0n),
    totalShares: (s) => (s === S1 ? 1_000n * E18 : 0n),
    valuePerShareWad: () => E18,
    tokenPriceWad: () => E18 / 2n,
    ...overrides,
  };
}

function submission(over: Partial<RewardSubmissionEvent> = {}): RewardSubmissionEvent {
  return {
    type: 'submission', kind: 'totalStake', avs: AVS, operatorSetId: 0, token: TOKEN,
    // 20 tokens over a year at 0.5: 10 asset a year on 200 shares of stake = 5 % gross.
    amount: 20n * E18, startTimestamp: 0, duration: YEAR, strategies: [{ strategy: S1, multiplier: E18 }], block: 1, logIndex: 0, ...over,
  };
}

const query = { avs: AVS, operatorSetId: 0, rewardToken: TOKEN, operator: OP_A, strategy: S1, now: 1_000 };

describe('submissionApr', () => {
  it('divides a running submission by the stake it pays, net of the default 10 % split', () => {
    expect(submissionApr([submission()], EMPTY_SPLITS, stake(), query).apr).toBeCloseTo(0.045, 12);
  });

  it('ignores submissions not running at now, of another token, set or strategy', () => {
    const ignored = [
      submission({ startTimestamp: 2_000 }),
      submission({ duration: 1_000 }), // ended exactly at now
      submission({ token: S2 }),
      submission({ operatorSetId: 1 }),
      submission({ strategies: [{ strategy: S2, multiplier: E18 }] }),
    ];
    const answer = submissionApr(ignored, EMPTY_SPLITS, stake(), query);
    expect(answer.apr).toBe(0);
    expect(answer.submissions).toBe(0);
  });

  it('applies the operator-set split after its activation, the emitted old split before', () => {
    const split: SplitEvent = { type: 'split', scope: 'operatorSet', operator: OP_A, avs: AVS, operatorSetId: 0, activatedAt: 1_000, oldBips: 1000, newBips: 2500, block: 1, logIndex: 0 };
    const book = withSplits(EMPTY_SPLITS, [split]);
    expect(submissionApr([submission()], book, stake(), query).apr).toBeCloseTo(0.0375, 12);
    expect(submissionApr([submission()], book, stake(), { ...query, now: 999 }).apr).toBeCloseTo(0.045, 12);
    // An AVS split does not touch operator-set rewards.
    expect(splitFor(book, 'avs', OP_A, AVS, undefined, 5_000)).toBe(1000);
  });

  it('weighs stake by multiplier: a strategy worth twice per share earns the same APR per unit of value', () => {
    const view = stake({
      operatorShares: () => 100n * E18,
      valuePerShareWad: (s) => (s === S2 ? 2n * E18 : E18),
    });
    // Value-proportional multipliers: 200 S1 shares (200 asset) + 200 S2 shares (400 asset).
    const s = submission({ amount: 60n * E18, strategies: [{ strategy: S1, multiplier: E18 }, { strategy: S2, multiplier: 2n * E18 }] });
    const a1 = submissionApr([s], EMPTY_SPLITS, view, query).apr;
    const a2 = submissionApr([s], EMPTY_SPLITS, view, { ...query, strategy: S2 }).apr;
    expect(a1).toBeCloseTo(0.045, 12); // 30 asset a year on 600 asset, less 10 %
    expect(a2).toBeCloseTo(a1, 12);
  });

  it('pays operator-directed rewards to the named operator\'s stake only, and for-all rewards without a split', () => {
    const directed = submission({ kind: 'operatorDirectedSet', amount: 20n * E18, operatorRewards: [{ operator: OP_A, amount: 20n * E18 }] });
    expect(submissionApr([directed], EMPTY_SPLITS, stake(), query).apr).toBeCloseTo(0.09, 12); // 10 a year on 100 shares, less 10 %
    expect(submissionApr([directed], EMPTY_SPLITS, stake(), { ...query, operator: OP_B }).apr).toBe(0);
    const forAll = submission({ kind: 'forAll', amount: 100n * E18 });
    expect(submissionApr([forAll], EMPTY_SPLITS, stake(), query).apr).toBeCloseTo(0.05, 12); // 50 a year on 1 000 shares
  });

  it('counts a token without a price as 0 and says so', () => {
    const answer = submissionApr([submission()], EMPTY_SPLITS, stake({ tokenPriceWad: () => undefined }), query);
    expect(answer.apr).toBe(0);
    expect(answer.reasons.join(' ')).toContain('no price for reward token');
  });

  it('is linear in the amount and never negative (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 10_000 }), (amount, bips) => {
        const split: SplitEvent = { type: 'split', scope: 'operatorSet', operator: OP_A, avs: AVS, operatorSetId: 0, activatedAt: 0, oldBips: 1000, newBips: bips, block: 1, logIndex: 0 };
        const book = withSplits(EMPTY_SPLITS, [split]);
        const one = submissionApr([submission({ amount })], book, stake(), query).apr;
        const two = submissionApr([submission({ amount: amount * 2n })], book, stake(), query).apr;
        expect(one).toBeGreaterThanOrEqual(0);
        expect(two).toBeCloseTo(2 * one, 6);
      }),
    );
  });
});
