/**
 * The last look at a plan's reward stream claims before its bundle is built: the distributor's
 * root must still be the one the proof is for, the proof must still verify for the holder, and
 * the distributor must not have paid the holder anything since the claim was planned (anyone
 * may send a claim for any account). Otherwise the claim would revert or pay a different amount
 * than the plan's expectation holds it to, so the plan is refused, with the reason, and nothing
 * is sent.
 */
import type { Provider } from 'ethers';
import type { Action, ClaimStreamAction } from '../domain/plan.ts';
import { NonRetryableError } from '../domain/errors.ts';
import { readDistributor, type DistributorState } from '../rewards/streams/cumulative-merkle.ts';
import { verifyStreamProof } from '../rewards/streams/merkle-tree.ts';

/**
 * Why the claim may not be sent as planned, against the distributor's state now; undefined when it may.
 * @example streamClaimRefusal(action, { root: action.root, claimed: action.cumulativeAmount - action.payout }, holder) // undefined
 */
export function streamClaimRefusal(action: ClaimStreamAction, chain: DistributorState, holder: string): string | undefined {
  const name = `reward stream ${action.stream}`;
  if (chain.root.toLowerCase() !== action.root.toLowerCase()) return `${name}: the distributor's root moved from ${action.root} to ${chain.root} since planning`;
  if (!verifyStreamProof(holder, action.cumulativeAmount, action.proof, chain.root)) return `${name}: the planned proof does not verify for ${holder} against the distributor root`;
  const planned = action.cumulativeAmount - action.payout;
  if (chain.claimed !== planned) return `${name}: the distributor has paid ${chain.claimed} since planning (planned from ${planned}): the claim would not pay the planned ${action.payout}`;
  return undefined;
}

/**
 * Reads each claimed distributor at `blockTag` and throws a NonRetryableError (code
 * STREAM_CLAIM_STALE) naming every claim that may not be sent.
 * @example await assertStreamClaimsCurrent(provider, plan.actions, vault, head.number)
 */
export async function assertStreamClaimsCurrent(provider: Provider, actions: readonly Action[], holder: string, blockTag: number | 'latest' = 'latest'): Promise<void> {
  const reasons: string[] = [];
  for (const a of actions) {
    if (a.kind !== 'claim-stream') continue;
    const why = streamClaimRefusal(a, await readDistributor(provider, a.distributor, holder, blockTag), holder);
    if (why !== undefined) reasons.push(why);
  }
  if (reasons.length > 0) throw new NonRetryableError(`reward stream claim refused before sending: ${reasons.join('; ')}`, { details: reasons, code: 'STREAM_CLAIM_STALE' });
}
