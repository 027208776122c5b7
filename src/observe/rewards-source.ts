/**
 * Where published EigenLayer rewards trees come from. On chain there is only each tree's
 * root; the leaves (cumulative earnings per earner and token) are published off chain by the
 * EigenLayer Sidecar. The keeper needs them to know what is claimable and how fast rewards
 * accrue. src/rewards/sidecar-source.ts implements this over the Sidecar's HTTP API, checking
 * every root against the RewardsCoordinator.
 */
import type { PublishedRewardsTree } from '../protocols/eigenlayer/rewards-merkle.ts';
import type { SidecarProof } from '../rewards/sidecar-client.ts';

export interface RewardsTreeFile {
  readonly rootIndex: number;
  /** Rewards calculated until this unix time (the accrual sample's timestamp). */
  readonly calculatedUntil: number;
  readonly tree: PublishedRewardsTree;
}

export interface RewardsSource {
  /** Root indices that have a published tree, ascending. */
  indices(): Promise<number[]>;
  /** The tree posted at `rootIndex`, checked against the chain; undefined when not published or refused. */
  tree(rootIndex: number): Promise<RewardsTreeFile | undefined>;
  /** A claim proof for `earner` against root `rootIndex`, when the source serves proofs (unchecked: the claim path checks it). */
  claimProof?(earner: string, tokens: readonly string[], rootIndex: number): Promise<SidecarProof>;
}

/** A source with no trees, for vaults without EigenLayer rewards or without a publisher. */
export const NO_REWARDS: RewardsSource = { indices: async () => [], tree: async () => undefined };
