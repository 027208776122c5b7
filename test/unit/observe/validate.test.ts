import { describe, expect, it } from 'vitest';
import { failureReasons, headReasons, rateReasons } from '../../../src/observe/validate.ts';
import type { Observation } from '../../../src/observe/assemble.ts';

const E = 10n ** 18n;

function observation(rates: Observation['rates']): Observation {
  const snapshot = { chainId: 1, block: 1, timestamp: 1, baseFeeWei: 0n, holder: '0x00' as const, idleWei: 0n, positions: [], queuedWithdrawals: [], rewards: [], slashing: [], observedAt: 1 };
  return { snapshot, rates, rewardTrees: [], notes: [], book: { holderNativeWei: 0n, unexplainedRequests: [] } };
}

describe('observation checks', () => {
  it('names failed sub-calls', () => {
    expect(failureReasons([{ label: 'weETH.getRate', reason: 'call reverted' }])).toEqual(['sub-call weETH.getRate failed: call reverted']);
  });

  it('accepts the same or a newer block on the right chain, and nothing else', () => {
    expect(headReasons(1, 100, { expectedChainId: 1, lastBlock: 100 })).toEqual([]);
    expect(headReasons(1, 101, { expectedChainId: 1 })).toEqual([]);
    expect(headReasons(10, 99, { expectedChainId: 1, lastBlock: 100 })).toEqual([
      'wrong chain id: got 10, expected 1',
      'block 99 is older than the last seen block 100',
    ]);
  });

  it('rejects a zero rate and a move beyond the limit in either direction, at the limit it passes', () => {
    const last = { timestamp: 50, rateWad: E };
    const check = { lastRates: { weETH: last, ezETH: last, rsETH: last }, maxRateJumpBps: 100 };
    expect(rateReasons(observation({ weETH: E + E / 100n, ezETH: E - E / 100n }), check)).toEqual([]);
    expect(rateReasons(observation({ weETH: E + E / 99n, ezETH: E - E / 50n, rsETH: 0n, pufETH: 2n * E }), check)).toEqual([
      'weETH rate moved 101.01 bps since the sample at 50 (1000000000000000000 -> 1010101010101010101); limit 100 bps',
      'ezETH rate moved -200.00 bps since the sample at 50 (1000000000000000000 -> 980000000000000000); limit 100 bps',
      'rsETH rate is 0',
    ]);
  });
});
