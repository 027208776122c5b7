/**
 * Reward accrual per (operator set, position) for the AVS APR estimate, from published trees.
 *
 * Trees hold the holder's cumulative earnings per token, not per position: a token's
 * earnings are shared among the restaked positions in proportion to their value, and among
 * the operator's sets that pay the same token in equal parts (a simplification: EigenLayer
 * pays per set, the tree only shows the sum).
 */
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { weiToNumber } from '../domain/units.ts';
import type { RewardsTreeFile } from '../observe/rewards-source.ts';
import { cumulativeOf } from '../observe/rewards.ts';
import { rewardKey, type RewardHistory } from '../yield/estimate.ts';

/**
 * @example rewardHistories(snapshot, specs, trees)[rewardKey(set, 'ezETH-restaked')].samples
 */
export function rewardHistories(snapshot: Snapshot, specs: readonly PositionSpec[], trees: readonly RewardsTreeFile[]): Record<string, RewardHistory> {
  const restaked = specs.filter((s) => s.eigen !== undefined);
  const valueOf = (id: string): number => weiToNumber(snapshot.positions.find((p) => p.positionId === id)?.valueWei ?? 0n);
  const total = restaked.reduce((s, spec) => s + valueOf(spec.id), 0);
  const out: Record<string, RewardHistory> = {};
  for (const spec of restaked) {
    const sets = spec.eigen?.operatorSets ?? [];
    for (const set of sets) {
      const sameToken = sets.filter((s) => s.rewardToken.toLowerCase() === set.rewardToken.toLowerCase()).length;
      const samples = trees
        .map((t) => ({ timestamp: t.calculatedUntil, cumulative: cumulativeOf(t, snapshot.holder, set.rewardToken) }))
        .sort((a, b) => a.timestamp - b.timestamp);
      const share = total > 0 ? valueOf(spec.id) / total / sameToken : 0;
      out[rewardKey(set, spec.id)] = { samples, stakeShare: share };
    }
  }
  return out;
}
