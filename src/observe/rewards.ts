/**
 * Rewards from published trees and on-chain claims: what the holder can claim now and how
 * its cumulative earnings grew (the accrual samples the AVS APR is estimated from).
 *
 * Claimable = the holder's cumulative earnings in the tree of the CURRENT CLAIMABLE root −
 * cumulativeClaimed. Trees posted after the observed block are ignored, so everything refers
 * to the same state as the rest of the snapshot.
 */
import type { Logger } from '../telemetry/logger.ts';
import type { DistributionRoot } from '../protocols/eigenlayer/reads.ts';
import type { RewardsSource, RewardsTreeFile } from './rewards-source.ts';

export interface TreeSelection {
  /** Tree of the current claimable root, if it is published. */
  readonly claimable?: RewardsTreeFile;
  /** Trees for accrual history, newest first (the newest posted root first). */
  readonly history: readonly RewardsTreeFile[];
}

export interface TreeSelectionInput {
  /** Roots posted on chain at the observed block. */
  readonly rootsLength: number;
  readonly claimableRoot: DistributionRoot;
  /** Oldest accrual sample wanted, unix seconds. */
  readonly notBefore: number;
  /** Most trees read for history (spread back in time). */
  readonly maxHistory: number;
}

const ZERO_ROOT = /^0x0{64}$/;

/**
 * Picks trees: the newest posted, then 1, 2, 4, … roots further back until `notBefore`, and
 * the claimable one (usually the newest or the one before it, found by its root hash).
 */
export async function selectTrees(source: RewardsSource, input: TreeSelectionInput, logger: Logger): Promise<TreeSelection> {
  const available = (await source.indices()).filter((i) => i < input.rootsLength);
  const newestIndex = available[available.length - 1];
  if (newestIndex === undefined) return { history: [] };

  const history: RewardsTreeFile[] = [];
  const oldest = available[0] as number;
  for (let offset = 0; history.length < input.maxHistory; offset = offset === 0 ? 1 : offset * 2) {
    // Past the start: take the oldest published tree once, then stop.
    const i = Math.max(newestIndex - offset, oldest);
    const tree = available.includes(i) ? await source.tree(i) : undefined;
    if (tree !== undefined && !history.some((h) => h.rootIndex === tree.rootIndex)) history.push(tree);
    if (i === oldest || (tree !== undefined && tree.calculatedUntil < input.notBefore)) break;
  }

  let claimable: RewardsTreeFile | undefined;
  if (!ZERO_ROOT.test(input.claimableRoot.root) && !input.claimableRoot.disabled) {
    for (let i = newestIndex; i >= Math.max(0, newestIndex - 8) && claimable === undefined; i--) {
      const tree = available.includes(i) ? await source.tree(i) : undefined;
      if (tree && tree.tree.root.toLowerCase() === input.claimableRoot.root.toLowerCase()) claimable = tree;
    }
    if (claimable === undefined) logger.warn({ root: input.claimableRoot.root }, 'claimable rewards root has no published tree: claimable rewards counted as 0');
  }
  return { ...(claimable ? { claimable } : {}), history };
}

/** The earner's cumulative earnings of `token` in a tree (0 when absent). */
export function cumulativeOf(tree: RewardsTreeFile | undefined, earner: string, token: string): bigint {
  if (tree === undefined) return 0n;
  const entry = tree.tree.earners.find((e) => e.earner.toLowerCase() === earner.toLowerCase());
  const leaf = entry?.tokens.find((t) => t.token.toLowerCase() === token.toLowerCase());
  return leaf === undefined ? 0n : BigInt(leaf.cumulativeEarnings);
}
