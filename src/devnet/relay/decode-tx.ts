/**
 * Decodes signed raw transactions once, on arrival, so every later step (limits, nonces,
 * replacement, block building) works from the same facts.
 */
import { Transaction, getBytes } from 'ethers';
import { invalidParams } from './jsonrpc.ts';
import type { DecodedTx } from './types.ts';

const HEX = /^0x(?:[0-9a-fA-F]{2})+$/;

/**
 * Decodes one signed transaction, refusing unsigned ones and those for another chain.
 * `field` names the parameter in the error message, e.g. `txs[2]`.
 */
export function decodeSignedTx(raw: unknown, field: string, chainId: bigint): DecodedTx {
  if (typeof raw !== 'string' || !HEX.test(raw)) {
    throw invalidParams(`${field}: expected a signed raw transaction as 0x-prefixed hex`);
  }
  let tx: Transaction;
  try {
    tx = Transaction.from(raw);
  } catch (cause) {
    throw invalidParams(`${field}: unable to decode transaction (${firstLine(cause)})`);
  }
  if (!tx.isSigned() || tx.from === null || tx.hash === null) {
    throw invalidParams(`${field}: transaction is not signed`);
  }
  // Legacy pre-EIP-155 transactions carry no chain id (0n); they are valid on any chain.
  if (tx.chainId !== 0n && tx.chainId !== chainId) {
    throw invalidParams(`${field}: transaction is for chain ${tx.chainId}, this chain is ${chainId}`);
  }
  const legacyPrice = tx.gasPrice ?? 0n;
  return {
    raw: raw.toLowerCase(),
    hash: tx.hash.toLowerCase(),
    from: tx.from,
    nonce: tx.nonce,
    size: getBytes(raw).length,
    maxFeePerGas: tx.maxFeePerGas ?? legacyPrice,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? legacyPrice,
  };
}

function firstLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return (text.split('\n')[0] ?? '').slice(0, 160);
}
