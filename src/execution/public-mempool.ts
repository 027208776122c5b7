/**
 * The public mempool as the executor and crash recovery see it: fee caps for a transaction
 * that may wait a few blocks, eth_sendRawTransaction to the chain's own RPC with its answer
 * classified (for logs only: inclusion is learnt from the chain), and whether a transaction
 * with a given nonce may still be waiting somewhere to land.
 */
import { isError, type JsonRpcProvider } from 'ethers';
import { redactSecrets } from '../domain/errors.ts';
import type { RelayOutcome } from '../state/intents.ts';
import { chooseFees, type FeeChoice, type FeeLimits } from './fees.ts';

/** The name a public attempt's `sentTo` carries in the intent. */
export const PUBLIC_ROUTE_NAME = 'public-mempool';

/**
 * Fees for a public transaction: the same refusals as a bundle (base fee above the risk
 * limit, next base fee above the cap), then the full configured cap, since a public
 * transaction may wait several blocks while the base fee rises. EIP-1559 charges base fee
 * plus tip only, so the higher cap costs nothing unless the base fee actually gets there.
 *
 * @example publicFees(8_000_000_000n, { maxFeePerGasWei: 200e9, maxPriorityFeePerGasWei: 2e9, maxBaseFeeWei: 200e9 })
 *   // { ok: true, maxFeePerGas: 200_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n }
 */
export function publicFees(baseFeeWei: bigint, limits: FeeLimits): FeeChoice {
  const next = chooseFees(baseFeeWei, limits);
  if (!next.ok) return next;
  return { ok: true, maxFeePerGas: limits.maxFeePerGasWei, maxPriorityFeePerGas: next.maxPriorityFeePerGas };
}

/** Node answers that mean "not taken" (as ethers classifies eth_sendRawTransaction errors). */
const REFUSAL_CODES = ['INSUFFICIENT_FUNDS', 'NONCE_EXPIRED', 'REPLACEMENT_UNDERPRICED', 'UNSUPPORTED_OPERATION', 'UNKNOWN_ERROR'] as const;

/**
 * eth_sendRawTransaction through `provider`. "already known" counts as accepted (the node
 * holds it); a JSON-RPC refusal is `rejected`; anything else (timeouts, resets) `maybe`.
 */
export async function sendPublicTransaction(provider: JsonRpcProvider, raw: string): Promise<RelayOutcome> {
  try {
    await provider.send('eth_sendRawTransaction', [raw]);
    return { relay: PUBLIC_ROUTE_NAME, outcome: 'accepted' };
  } catch (err) {
    const message = redactSecrets((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '').slice(0, 300);
    if (/already known/i.test(message)) return { relay: PUBLIC_ROUTE_NAME, outcome: 'accepted', error: message };
    const refused = REFUSAL_CODES.some((code) => isError(err, code));
    return { relay: PUBLIC_ROUTE_NAME, outcome: refused ? 'rejected' : 'maybe', error: message };
  }
}

/**
 * Whether a transaction of `from` with `nonce` may still land: the nonce is unused on chain
 * and the node counts a waiting transaction with it (`eth_getTransactionCount(…, "pending")`).
 * A public transaction is not bound to a block like a bundle, so it is never given up while
 * this holds.
 */
export async function publicTxMayStillLand(provider: JsonRpcProvider, from: string, nonce: number): Promise<boolean> {
  const [latest, pending] = await Promise.all([provider.getTransactionCount(from, 'latest'), provider.getTransactionCount(from, 'pending')]);
  return latest <= nonce && pending > nonce;
}
