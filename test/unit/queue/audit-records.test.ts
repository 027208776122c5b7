import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { summariseSnapshot } from '../../../src/queue/audit-records.ts';

const WAD = 10n ** 18n;

const snapshot: Snapshot = {
  chainId: 31337,
  block: 120,
  timestamp: 1_700_000_000,
  baseFeeWei: 8_000_000_000n,
  holder: '0x00000000000000000000000000000000000000a1',
  idleWei: 10n * WAD,
  positions: [
    { positionId: 'weETH', rateWad: WAD, liquidBalance: 40n * WAD, valueWei: 40n * WAD, dex: { token: 1_000n * WAD, weth: 920n * WAD } },
    { positionId: 'ezETH-restaked', rateWad: WAD, liquidBalance: 0n, valueWei: 30n * WAD, eigen: { depositShares: 30n * WAD, withdrawableShares: 24n * WAD, withdrawableUnderlying: 24n * WAD } },
  ],
  queuedWithdrawals: [{ id: '0xroot', positionId: 'ezETH-restaked', kind: 'eigen', amountWei: 20n * WAD, completableAt: 0 }],
  rewards: [
    { token: '0x00000000000000000000000000000000000000e1', decimals: 18, claimable: 5n, cumulativeEarned: 9n },
    { token: '0x00000000000000000000000000000000000000e2', decimals: 18, claimable: 0n, cumulativeEarned: 9n },
  ],
  slashing: [],
  observedAt: 1_700_000_001,
};

describe('summariseSnapshot', () => {
  it('weighs the book like the risk engine (queued exits count) and keeps what explains a decision', () => {
    const s = summariseSnapshot(snapshot);
    expect(s.totalWei).toBe(100n * WAD);
    expect(s.pendingWei).toBe(20n * WAD);
    expect(s.positions[0]).toEqual({ id: 'weETH', rateWad: WAD, valueWei: 40n * WAD, dexDeviationBps: -800 });
    expect(s.positions[1]).toEqual({ id: 'ezETH-restaked', rateWad: WAD, valueWei: 30n * WAD, withdrawableShares: 24n * WAD });
    expect(s.claimableRewards).toEqual([{ token: '0x00000000000000000000000000000000000000e1', claimable: 5n }]);
    expect(s.queuedWithdrawals).toBe(1);
  });
});
