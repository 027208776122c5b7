import { describe, expect, it } from 'vitest';
import { getAddress } from 'ethers';
import { buildRewardsTree } from '../../../src/protocols/eigenlayer/rewards-merkle.ts';
import { cumulativeOf, selectTrees } from '../../../src/observe/rewards.ts';
import type { RewardsSource, RewardsTreeFile } from '../../../src/observe/rewards-source.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';

const EARNER = getAddress('0x00000000000000000000000000000000000000aa');
const TOKEN = getAddress('0x00000000000000000000000000000000000000b1');

function trees(count: number): RewardsTreeFile[] {
  return Array.from({ length: count }, (_, i) => ({ rootIndex: i, calculatedUntil: 1000 + i * 100, tree: buildRewardsTree({ [EARNER]: { [TOKEN]: BigInt(i + 1) * 10n } }) }));
}

function source(all: RewardsTreeFile[], missing: number[] = []): RewardsSource & { reads: number[] } {
  const reads: number[] = [];
  return {
    reads,
    indices: async () => all.map((t) => t.rootIndex).filter((i) => !missing.includes(i)),
    tree: async (i) => {
      reads.push(i);
      return missing.includes(i) ? undefined : all[i];
    },
  };
}

const logger = createLogger({ level: 'silent' });
const root = (t: RewardsTreeFile | undefined) => ({ root: t?.tree.root ?? `0x${'0'.repeat(64)}`, rewardsCalculationEndTimestamp: 0, activatedAt: 0, disabled: false });

describe('reward tree selection', () => {
  it('takes the newest posted tree, then 1, 2, 4 … roots back until the window start', async () => {
    const all = trees(40);
    // Root 39 is published but not yet posted on chain at the observed block (length 39).
    const s = source(all);
    const picked = await selectTrees(s, { rootsLength: 39, claimableRoot: root(all[37]), notBefore: 1000 + 20 * 100, maxHistory: 12 }, logger);
    expect(picked.history.map((t) => t.rootIndex)).toEqual([38, 37, 36, 34, 30, 22, 6]);
    expect(picked.claimable?.rootIndex).toBe(37);
    expect(cumulativeOf(picked.claimable, EARNER.toLowerCase(), TOKEN)).toBe(380n);
    expect(cumulativeOf(picked.claimable, EARNER, '0x00000000000000000000000000000000000000b2')).toBe(0n);
  });

  it('stops at the oldest tree and at maxHistory; no claimable tree for a zero root', async () => {
    const all = trees(3);
    const picked = await selectTrees(source(all), { rootsLength: 3, claimableRoot: root(undefined), notBefore: 0, maxHistory: 12 }, logger);
    expect(picked.history.map((t) => t.rootIndex)).toEqual([2, 1, 0]);
    expect(picked.claimable).toBeUndefined();
    const capped = await selectTrees(source(trees(40)), { rootsLength: 40, claimableRoot: root(undefined), notBefore: 0, maxHistory: 2 }, logger);
    expect(capped.history.map((t) => t.rootIndex)).toEqual([39, 38]);
  });

  it('counts nothing claimable when the claimable root has no published tree', async () => {
    const all = trees(5);
    const picked = await selectTrees(source(all, [3]), { rootsLength: 5, claimableRoot: root(all[3]), notBefore: 0, maxHistory: 1 }, logger);
    expect(picked.claimable).toBeUndefined();
    expect(cumulativeOf(picked.claimable, EARNER, TOKEN)).toBe(0n);
  });
});
