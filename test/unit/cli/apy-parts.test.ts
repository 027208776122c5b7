import { describe, expect, it } from 'vitest';
import { apyPartsText } from '../../../src/cli/format/apy-parts.ts';

describe('apyPartsText', () => {
  it('shows every non-zero part of a restaked position with a stream and a slashing charge', () => {
    expect(apyPartsText({ netApy: 0.0335, lrtApy: 0.029, avsApr: 0.004, streamApr: 0.01, feesApy: 0.002, slashingApy: 0.0075 })).toBe(
      'net 3.35% = LRT 2.90% + AVS 0.40% + streams 1.00% − fees 0.20% − slashing 0.75%',
    );
  });

  it('leaves out parts that are zero or absent (a liquid position, an old audit record)', () => {
    expect(apyPartsText({ netApy: 0.029, lrtApy: 0.029, avsApr: 0 })).toBe('net 2.90% = LRT 2.90%');
    expect(apyPartsText({ netApy: 0.027, lrtApy: 0.029, avsApr: 0, streamApr: 0, feesApy: 0.002 })).toBe('net 2.70% = LRT 2.90% − fees 0.20%');
  });
});
