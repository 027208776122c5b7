/**
 * The compound job's hold says why it claims nothing: through a base-fee spike the decision
 * holds its claims (nothing unforced is sent above risk.maxBaseFeeGwei), which "no reward
 * worth claiming" misstated.
 */
import { describe, expect, it } from 'vitest';
import { nothingToClaim } from '../../../src/queue/housekeeping-jobs.ts';

describe('nothingToClaim', () => {
  it('says the claims wait when the base fee is over the limit (158 gwei > 40 gwei)', () => {
    expect(nothingToClaim(158_000_000_000n, 40)).toBe('claims wait: base fee 158.00 gwei > 40 gwei (nothing unforced is sent above risk.maxBaseFeeGwei)');
  });

  it('says there is no reward worth claiming at or under the limit', () => {
    expect(nothingToClaim(40_000_000_000n, 40)).toBe('no reward worth claiming');
    expect(nothingToClaim(12_000_000_000n, 40)).toBe('no reward worth claiming');
  });
});
