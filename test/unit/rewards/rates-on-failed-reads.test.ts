import { describe, expect, it } from 'vitest';
import { ratesOnFailedReads } from '../../../src/rewards/chain-rates-source.ts';
import type { PublishedRewardRates } from '../../../src/yield/published-rates.ts';

const LAST: PublishedRewardRates = {
  asset: '0x00000000000000000000000000000000000000e1',
  rates: [{ avs: '0x00000000000000000000000000000000000000a1', operatorSetId: 1, rewardToken: '0x00000000000000000000000000000000000000d1', apr: 0.0178, publishedAt: 1_700_000_000 }],
};

describe('AVS rates when some stake or price reads fail', () => {
  it('computes this block\'s rates when every read answered', () => {
    expect(ratesOnFailedReads([], LAST)).toBe('read');
    expect(ratesOnFailedReads([], undefined)).toBe('read');
  });

  it('keeps the last complete rates instead of publishing 0 % for what could not be read (a failed read is no reward stop)', () => {
    expect(ratesOnFailedReads(['price of EIGEN: call reverted'], LAST)).toBe(LAST);
  });

  it('publishes nothing before the first complete read, so the estimate stays on accrual', () => {
    expect(ratesOnFailedReads(['shares of op-alpha: call reverted'], undefined)).toBeUndefined();
  });
});
