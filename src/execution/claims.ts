/**
 * The rewards claim for a claim-rewards action: the tree of the CURRENT CLAIMABLE root from
 * the rewards source, and the merkle proofs for the holder's leaves of the planned tokens.
 * Leaves are cumulative; the contract pays the difference to what was already claimed.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { buildClaim, verifyClaim, type RewardsMerkleClaim } from '../protocols/eigenlayer/rewards-merkle.ts';
import { REWARDS_READS_ABI } from '../protocols/eigenlayer/reads.ts';
import type { RewardsSource } from '../observe/rewards-source.ts';
import { verifiedClaim } from '../rewards/verified-claim.ts';

/** @example const claim = await claimFor(provider, coordinator, source, vault, [eigenToken]); */
export async function claimFor(provider: JsonRpcProvider, rewardsCoordinator: string, source: RewardsSource, earner: string, tokens: readonly string[]): Promise<RewardsMerkleClaim> {
  // A source that serves proofs (the Sidecar) is asked for one, checked against the chain before use.
  if (source.claimProof) return verifiedClaim(provider, rewardsCoordinator, { claimProof: source.claimProof.bind(source) }, earner, tokens);
  const coordinator = new Contract(rewardsCoordinator, REWARDS_READS_ABI, provider);
  const root = (await coordinator.getFunction('getCurrentClaimableDistributionRoot')()) as { root: string; disabled: boolean };
  const length = Number((await coordinator.getFunction('getDistributionRootsLength')()) as bigint);
  if (root.disabled || /^0x0{64}$/.test(root.root)) throw new NonRetryableError('no claimable rewards root', { details: [`coordinator: ${rewardsCoordinator}`] });
  const indices = (await source.indices()).filter((i) => i < length).sort((a, b) => b - a);
  for (const index of indices) {
    const file = await source.tree(index);
    if (file === undefined || file.tree.root.toLowerCase() !== root.root.toLowerCase()) continue;
    const claim = buildClaim(file.tree, index, earner, tokens);
    if (!verifyClaim(claim, file.tree.root)) throw new NonRetryableError('built rewards claim does not verify', { details: [`root index: ${index}`] });
    return claim;
  }
  throw new NonRetryableError('claimable rewards root has no published tree', { details: [`root: ${root.root}`, `published: ${indices.length}`] });
}
