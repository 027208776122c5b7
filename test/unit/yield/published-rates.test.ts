import { describe, expect, it } from 'vitest';
import { chooseAvsApr, publishedRateFor, type PublishedRatesInput } from '../../../src/yield/published-rates.ts';

const SET = { avs: '0x00000000000000000000000000000000000000a1', id: 2, rewardToken: '0x00000000000000000000000000000000000000b1' } as const;
const STRATEGY = '0x00000000000000000000000000000000000000c1';
const input: PublishedRatesInput = {
  ok: true,
  published: { asset: '0x00000000000000000000000000000000000000ee', rates: [{ avs: '0x00000000000000000000000000000000000000A1', operatorSetId: 2, rewardToken: SET.rewardToken, apr: 0.012, publishedAt: 1_000 }] },
};

describe('chooseAvsApr', () => {
  it('takes the lower of both, else whichever exists, else 0', () => {
    expect(chooseAvsApr(0.01, 0.004)).toMatchObject({ apr: 0.004, source: 'published' });
    expect(chooseAvsApr(0.01, 0.01)).toMatchObject({ apr: 0.01, source: 'accrual' });
    expect(chooseAvsApr(0.01, 0.02)).toMatchObject({ apr: 0.01, source: 'accrual' });
    expect(chooseAvsApr(undefined, 0.02)).toMatchObject({ apr: 0.02, source: 'published' });
    expect(chooseAvsApr(0.03, undefined)).toMatchObject({ apr: 0.03, source: 'accrual' });
    expect(chooseAvsApr(undefined, undefined)).toMatchObject({ apr: 0, source: 'none' });
  });
});

describe('publishedRateFor', () => {
  it('matches the set by address (any case), id and token, and checks age', () => {
    expect(publishedRateFor(input, SET, STRATEGY, 1_000 + 86_400, 86_400)).toEqual({ apr: 0.012 });
    expect(publishedRateFor(input, SET, STRATEGY, 1_000 + 86_401, 86_400)).toEqual({ reason: 'published rate is 86401s old (limit 86400s): ignored' });
    expect(publishedRateFor(input, { ...SET, id: 3 }, STRATEGY, 1_000, 86_400)).toEqual({ reason: 'no published rate for this operator set' });
    expect(publishedRateFor(undefined, SET, STRATEGY, 1_000, 86_400)).toEqual({ reason: 'no published reward rates source' });
    expect(publishedRateFor({ ok: false, reason: 'bad file' }, SET, STRATEGY, 1_000, 86_400)).toEqual({ reason: 'bad file' });
  });
});

describe('publishedRateFor with per-operator, per-strategy rates (rebuilt from RewardsCoordinator events)', () => {
  const OP_A = '0x00000000000000000000000000000000000000d1';
  const OP_B = '0x00000000000000000000000000000000000000d2';
  const OTHER = '0x00000000000000000000000000000000000000c2';
  const rate = (operator: `0x${string}`, strategy: `0x${string}`, apr: number) => ({ avs: SET.avs, operatorSetId: SET.id, rewardToken: SET.rewardToken, apr, publishedAt: 1_000, strategies: [strategy], operator });
  const perOperator: PublishedRatesInput = {
    ok: true,
    published: { asset: '0x00000000000000000000000000000000000000ee', rates: [rate(OP_A, OTHER, 0.05), rate(OP_A, STRATEGY, 0.045), rate(OP_B, STRATEGY, 0.0375)] },
  };

  it('picks the entry of the position\'s operator and strategy, whatever the order', () => {
    expect(publishedRateFor(perOperator, SET, STRATEGY, 1_000, 86_400, OP_A)).toEqual({ apr: 0.045 });
    expect(publishedRateFor(perOperator, SET, STRATEGY, 1_000, 86_400, OP_B)).toEqual({ apr: 0.0375 });
    expect(publishedRateFor(perOperator, SET, '0x00000000000000000000000000000000000000c9', 1_000, 86_400, OP_A)).toEqual({ reason: 'published rate does not pay this strategy' });
    expect(publishedRateFor(perOperator, SET, STRATEGY, 1_000, 86_400, '0x00000000000000000000000000000000000000d9')).toEqual({ reason: 'no published rate for this operator set' });
  });
});
