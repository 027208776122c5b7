import { describe, expect, it } from 'vitest';
import { streamLines } from '../../../src/cli/format/plan-text.ts';

describe('keeper plan: reward streams', () => {
  it('prints nothing when no LRT has streams', () => {
    expect(streamLines({})).toEqual([]);
  });

  it('shows real streams with their APR and points apart at 0 ETH', () => {
    const text = streamLines({
      rewardStreams: [
        { positionId: 'weETH', stream: 'etherfi-avs', kind: 'token', source: 'announced', apr: 0.012, unit: 'KING', reasons: [] },
        { positionId: 'weETH', stream: 'loyalty', kind: 'points', source: 'points', apr: 0, unit: 'loyalty points', boost: 3, reasons: [] },
        { positionId: 'weETH', stream: 'measured', kind: 'token', source: 'none', apr: 0, unit: 'RWD', reasons: ['no claim history'] },
      ],
    }).join('\n');
    expect(text).toContain('reward streams (paid outside the LRT rate):');
    expect(text).toMatch(/weETH\s+etherfi-avs\s+KING\s+1\.20% APR\s+announced, in net APY/);
    expect(text).toMatch(/weETH\s+loyalty\s+loyalty points ×3\s+0 ETH\s+points: shown only, never counted/);
    expect(text).toContain('rate unknown: counted at 0 (no claim history)');
  });
});
