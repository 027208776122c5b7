import { describe, expect, it } from 'vitest';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';

const E = 10n ** 18n;

function snapshot(): Snapshot {
  return {
    chainId: 1,
    block: 100,
    timestamp: 1_700_000_000,
    baseFeeWei: 10_000_000_000n,
    holder: '0x00000000000000000000000000000000000000aa',
    idleWei: 50n * E,
    positions: [
      { positionId: 'weETH', rateWad: E, liquidBalance: 30n * E, valueWei: 30n * E },
      { positionId: 'ezETH', rateWad: E, liquidBalance: 10n * E, valueWei: 10n * E },
    ],
    queuedWithdrawals: [{ id: 'q1', positionId: 'ezETH', kind: 'protocol', amountWei: 10n * E, completableAt: 0 }],
    rewards: [],
    slashing: [],
    observedAt: 1_700_000_000,
  };
}

describe('allocationFromSnapshot', () => {
  it('splits the total into positions, idle and pending', () => {
    const a = allocationFromSnapshot(snapshot());
    expect(a.totalWei).toBe(100n * E);
    expect(a.weights).toEqual({ weETH: 3000, ezETH: 1000 });
    expect(a.idleBps).toBe(5000);
    expect(a.pendingBps).toBe(1000);
  });

  it('puts rounding into idle so parts sum to 10000', () => {
    const s = { ...snapshot(), idleWei: 1n, positions: [{ positionId: 'a', rateWad: E, liquidBalance: 2n, valueWei: 2n }], queuedWithdrawals: [] };
    const a = allocationFromSnapshot(s);
    expect(a.weights['a']).toBe(6666);
    expect(a.idleBps).toBe(3334);
  });

  it('treats an empty vault as all idle', () => {
    const a = allocationFromSnapshot({ ...snapshot(), idleWei: 0n, positions: [], queuedWithdrawals: [] });
    expect(a.idleBps).toBe(10_000);
  });
});
