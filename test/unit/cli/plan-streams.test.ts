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

describe('keeper plan: reward stream claims', () => {
  it('says which stream the policy would claim and which waits, with the notes', () => {
    const lines = streamLines({
      streamClaims: {
        decisions: [
          { stream: 'etherfi-avs', claim: true, valueWei: 5n * 10n ** 17n, costWei: 5_731_000_000_000_000n, why: 'etherfi-avs: claim KING worth 0.5000 ETH' },
          { stream: 'other', claim: false, valueWei: 10n ** 16n, costWei: 5_731_000_000_000_000n, why: 'other: RWD worth 0.0100 ETH waits' },
        ],
        notes: ['reward stream third: not read this tick: reward stream proof server did not answer'],
      },
    });
    expect(lines).toEqual([
      '',
      'reward stream claims (compounding policy; the compound job claims, sells and reinvests those marked CLAIM):',
      '  CLAIM etherfi-avs: claim KING worth 0.5000 ETH',
      '  wait  other: RWD worth 0.0100 ETH waits',
      '  - reward stream third: not read this tick: reward stream proof server did not answer',
    ]);
  });
});
