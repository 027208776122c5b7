import { describe, expect, it } from 'vitest';
import { settledText } from '../../../src/queue/confirm-job.ts';

describe('the confirm job log line', () => {
  it('says the gas paid in ETH with 4 decimals, never in wei', () => {
    const text = settledText('main-120-ab12', 'included', 121, 10_210_000_000_000_000n);
    expect(text).toBe('plan main-120-ab12 settled: included in block 121, gas 0.0102 ETH');
    expect(text).not.toContain('10210000000000000');
  });

  it('leaves out block and gas when the plan never landed', () => {
    expect(settledText('main-120-ab12', 'expired', undefined, 0n)).toBe('plan main-120-ab12 settled: expired');
  });
});
