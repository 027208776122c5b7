/**
 * A Safe 1.4.1 transaction (SafeTx) as plain data: its EIP-712 typed data, its safeTxHash, and
 * the packed owner signatures `execTransaction` takes. The keeper never pays itself a refund
 * (gasPrice 0, no gas token, no refund receiver) and sets safeTxGas 0, so the Safe reverts the
 * whole execTransaction when any inner call fails: a half-executed plan cannot land.
 */
import { Interface, TypedDataEncoder, ZeroAddress, getAddress } from 'ethers';
import { SAFE_ABI } from './abi.ts';

export const OPERATION = { call: 0, delegateCall: 1 } as const;

export interface SafeTx {
  readonly to: string;
  readonly value: bigint;
  readonly data: string;
  readonly operation: 0 | 1;
  readonly safeTxGas: bigint;
  readonly baseGas: bigint;
  readonly gasPrice: bigint;
  readonly gasToken: string;
  readonly refundReceiver: string;
  readonly nonce: bigint;
}

/** The SafeTx type of Safe >= 1.3.0 (EIP-712); the domain is the chain id and the Safe's address. */
export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
};

export interface SafeTxDomain {
  readonly chainId: number;
  readonly verifyingContract: string;
}

/** A SafeTx with no refund and no inner gas limit (see the module comment). */
export function safeTxOf(call: { to: string; value: bigint; data: string; operation: 0 | 1 }, nonce: bigint): SafeTx {
  return { ...call, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZeroAddress, refundReceiver: ZeroAddress, nonce };
}

export function safeTxHash(domain: SafeTxDomain, tx: SafeTx): string {
  return TypedDataEncoder.hash(domain, SAFE_TX_TYPES, tx);
}

/** The eth_signTypedData_v4 payload an owner's wallet signs (numbers as decimal strings). */
export function safeTxTypedData(domain: SafeTxDomain, tx: SafeTx): object {
  return {
    types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }], ...SAFE_TX_TYPES },
    primaryType: 'SafeTx',
    domain: { chainId: domain.chainId, verifyingContract: getAddress(domain.verifyingContract) },
    message: {
      to: getAddress(tx.to), value: tx.value.toString(), data: tx.data, operation: tx.operation, safeTxGas: tx.safeTxGas.toString(), baseGas: tx.baseGas.toString(),
      gasPrice: tx.gasPrice.toString(), gasToken: tx.gasToken, refundReceiver: tx.refundReceiver, nonce: tx.nonce.toString(),
    },
  };
}

/** Owner → 65-byte signature, packed in ascending owner order as Safe's checkNSignatures requires. */
export function packSignatures(signatures: ReadonlyMap<string, string>): string {
  const sorted = [...signatures.entries()].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  return `0x${sorted.map(([, sig]) => sig.slice(2)).join('')}`;
}

/** The "pre-validated" signature of `owner` (v = 1): valid when the owner sends the transaction or approved the hash on chain. */
export function approvedHashSignature(owner: string): string {
  return `0x${owner.slice(2).toLowerCase().padStart(64, '0')}${'0'.repeat(64)}01`;
}

const safeInterface = new Interface(SAFE_ABI);

export function encodeExecTransaction(tx: SafeTx, signatures: string): string {
  return safeInterface.encodeFunctionData('execTransaction', [tx.to, tx.value, tx.data, tx.operation, tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, signatures]);
}

export function encodeApproveHash(hash: string): string {
  return safeInterface.encodeFunctionData('approveHash', [hash]);
}
