/**
 * The claim for a claim-rewards action, from the Sidecar's proof, checked before anything is
 * signed: the chain's current claimable root (activated, not disabled) must be the root the
 * proof is for, at the same index, and the proof must verify against it for the earner and
 * every token asked for. Anything else is refused with a NonRetryableError whose code says
 * why (the execute job then fails for good, which alerts); nothing is sent.
 */
import { Contract, getAddress, type JsonRpcProvider } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { verifyClaim, type RewardsMerkleClaim } from '../protocols/eigenlayer/rewards-merkle.ts';
import type { SidecarProof } from './sidecar-client.ts';

const COORDINATOR_ABI = [
  'function getCurrentClaimableDistributionRoot() view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
  'function getRootIndexFromHash(bytes32 rootHash) view returns (uint32)',
  'function getDistributionRootAtIndex(uint256 index) view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
];

export interface ProofSource {
  claimProof(earner: string, tokens: readonly string[], rootIndex: number): Promise<SidecarProof>;
}

const refuse = (code: string, reason: string, details: string[]): never => {
  throw new NonRetryableError(`rewards claim refused: ${reason}`, { details, code });
};

/** The Sidecar's proof as the contract's claim struct. */
export function claimFromProof(proof: SidecarProof): RewardsMerkleClaim {
  return {
    rootIndex: proof.rootIndex,
    earnerIndex: proof.earnerIndex,
    earnerTreeProof: proof.earnerTreeProof,
    earnerLeaf: { earner: getAddress(proof.earnerLeaf.earner), earnerTokenRoot: proof.earnerLeaf.earnerTokenRoot },
    tokenIndices: proof.leafIndices,
    tokenTreeProofs: proof.tokenTreeProofs,
    tokenLeaves: proof.tokenLeaves.map((l) => ({ token: getAddress(l.token), cumulativeEarnings: l.cumulativeEarnings })),
  };
}

/**
 * Checks a proof against the root the chain holds; returns the reason it fails, or undefined.
 * @example proofProblem(proof, { root, index }, vault, [eigen]) // 'the proof does not verify against the on-chain root'
 */
export function proofProblem(proof: SidecarProof, chain: { root: string; index: number }, earner: string, tokens: readonly string[]): string | undefined {
  if (proof.root.toLowerCase() !== chain.root.toLowerCase()) return `the proof is for root ${proof.root}, the chain's claimable root is ${chain.root}`;
  if (proof.rootIndex !== chain.index) return `the proof is for root index ${proof.rootIndex}, the chain's claimable root is at ${chain.index}`;
  if (proof.earnerLeaf.earner.toLowerCase() !== earner.toLowerCase()) return `the proof is for earner ${proof.earnerLeaf.earner}, not ${earner}`;
  const missing = tokens.filter((t) => !proof.tokenLeaves.some((l) => l.token.toLowerCase() === t.toLowerCase()));
  if (missing.length > 0) return `the proof has no leaf for ${missing.join(', ')}`;
  if (!verifyClaim(claimFromProof(proof), chain.root)) return 'the proof does not verify against the on-chain root';
  return undefined;
}

/** @example const claim = await verifiedClaim(provider, coordinator, source, vault, [eigenToken]); */
export async function verifiedClaim(provider: JsonRpcProvider, rewardsCoordinator: string, source: ProofSource, earner: string, tokens: readonly string[]): Promise<RewardsMerkleClaim> {
  const coordinator = new Contract(rewardsCoordinator, COORDINATOR_ABI, provider);
  const current = (await coordinator.getFunction('getCurrentClaimableDistributionRoot')()) as { root: string; disabled: boolean; activatedAt: bigint };
  const where = [`coordinator: ${rewardsCoordinator}`, `earner: ${earner}`];
  if (current.disabled || /^0x0{64}$/.test(current.root)) refuse('REWARDS_NO_CLAIMABLE_ROOT', 'no claimable rewards root on chain', where);
  const index = Number((await coordinator.getFunction('getRootIndexFromHash')(current.root)) as bigint);
  const proof = await source.claimProof(earner, tokens, index);
  // The Sidecar may answer for a root the chain does not hold at all (its own view, a fork, a lie).
  let known: { root: string; disabled: boolean; activatedAt: bigint } | undefined;
  try {
    known = (await coordinator.getFunction('getDistributionRootAtIndex')(proof.rootIndex)) as typeof known;
  } catch {
    known = undefined;
  }
  if (known === undefined || known.root.toLowerCase() !== proof.root.toLowerCase()) {
    refuse('REWARDS_ROOT_UNKNOWN', 'the Sidecar proof is for a root the RewardsCoordinator does not hold', [...where, `proof root: ${proof.root} at index ${proof.rootIndex}`]);
  }
  const problem = proofProblem(proof, { root: current.root, index }, earner, tokens);
  if (problem !== undefined) refuse('REWARDS_PROOF_INVALID', problem, [...where, `root index: ${index}`]);
  return claimFromProof(proof);
}
