/**
 * Claims of an LRT reward stream from a cumulative merkle distributor (ether.fi style:
 * claim(account, cumulativeAmount, expectedMerkleRoot, proof)), checked before anything is
 * signed: the distributor's root on chain must be the root the proof is for, the proof must be
 * for the vault's account and verify against that root, and the cumulative amount must exceed
 * what the distributor has already paid the account, so the same amount is never claimed twice.
 * A refusal is a NonRetryableError whose code says why; nothing is sent.
 */
import { Contract, Interface, getAddress, type Provider } from 'ethers';
import { NonRetryableError } from '../../domain/errors.ts';
import { verifyStreamProof } from './merkle-tree.ts';
import type { StreamProof, StreamProofClient } from './proof-client.ts';

export const DISTRIBUTOR_ABI = [
  'function merkleRoot() view returns (bytes32)',
  'function cumulativeClaimed(address account) view returns (uint256)',
  'function token() view returns (address)',
  'function claim(address account, uint256 cumulativeAmount, bytes32 expectedMerkleRoot, bytes32[] merkleProof)',
];
const DISTRIBUTOR = new Interface(DISTRIBUTOR_ABI);

/** The distributor's state for the account, read at one block. */
export interface DistributorState {
  readonly root: string;
  /** What the distributor has already paid the account, token units. */
  readonly claimed: bigint;
}

export interface StreamClaim {
  readonly distributor: string;
  readonly account: string;
  readonly cumulativeAmount: bigint;
  readonly root: string;
  readonly proof: readonly string[];
  /** What the claim pays: cumulativeAmount − already claimed. */
  readonly payout: bigint;
}

export type StreamClaimCheck = { readonly ok: true; readonly payout: bigint } | { readonly ok: false; readonly code: string; readonly reason: string };

/**
 * @example checkStreamClaim(proof, { root, claimed: 0n }, vault) // { ok: true, payout: 5000000000000000000n }
 */
export function checkStreamClaim(proof: StreamProof, chain: DistributorState, account: string): StreamClaimCheck {
  if (/^0x0{64}$/i.test(chain.root)) return { ok: false, code: 'STREAM_NO_ROOT', reason: 'the distributor has no root on chain yet' };
  if (proof.root.toLowerCase() !== chain.root.toLowerCase()) return { ok: false, code: 'STREAM_ROOT_MISMATCH', reason: `the proof is for root ${proof.root}, the distributor holds ${chain.root}` };
  if (proof.account.toLowerCase() !== account.toLowerCase()) return { ok: false, code: 'STREAM_WRONG_ACCOUNT', reason: `the proof is for ${proof.account}, not ${account}` };
  if (!verifyStreamProof(account, proof.cumulativeAmount, proof.proof, chain.root)) return { ok: false, code: 'STREAM_PROOF_INVALID', reason: 'the proof does not verify against the distributor root' };
  if (proof.cumulativeAmount <= chain.claimed) {
    return { ok: false, code: 'STREAM_NOTHING_TO_CLAIM', reason: `cumulative amount ${proof.cumulativeAmount} is not above the ${chain.claimed} already claimed` };
  }
  return { ok: true, payout: proof.cumulativeAmount - chain.claimed };
}

/** The distributor's root and the account's claimed amount at `blockTag` (default latest). */
export async function readDistributor(provider: Provider, distributor: string, account: string, blockTag: number | 'latest' = 'latest'): Promise<DistributorState> {
  const contract = new Contract(distributor, DISTRIBUTOR_ABI, provider);
  const [root, claimed] = (await Promise.all([contract.getFunction('merkleRoot')({ blockTag }), contract.getFunction('cumulativeClaimed')(account, { blockTag })])) as [string, bigint];
  return { root: root.toLowerCase(), claimed };
}

/**
 * The claim for the account, from the proof server's answer checked against the chain.
 * @example const claim = await verifiedStreamClaim(provider, distributor, client, vault); const tx = encodeStreamClaim(claim);
 */
export async function verifiedStreamClaim(provider: Provider, distributor: string, client: StreamProofClient, account: string): Promise<StreamClaim> {
  const state = await readDistributor(provider, distributor, account);
  const proof = await client.proofFor(account);
  const check = checkStreamClaim(proof, state, account);
  if (!check.ok) {
    throw new NonRetryableError(`reward stream claim refused: ${check.reason}`, {
      details: [`distributor: ${distributor}`, `account: ${account}`, `proof root: ${proof.root}`, `cumulative amount: ${proof.cumulativeAmount}`],
      code: check.code,
    });
  }
  return { distributor: getAddress(distributor), account: getAddress(account), cumulativeAmount: proof.cumulativeAmount, root: state.root, proof: proof.proof, payout: check.payout };
}

/** The call that claims it (anyone may send it; the distributor pays the account). */
export function encodeStreamClaim(claim: StreamClaim): { to: string; data: string } {
  return { to: claim.distributor, data: DISTRIBUTOR.encodeFunctionData('claim', [claim.account, claim.cumulativeAmount, claim.root, claim.proof]) };
}
