/**
 * Owner signatures of a Safe transaction: made with an owner key (`keeper safe sign`), or
 * imported from another wallet (`keeper safe import-signature`). An imported signature is
 * recovered, never trusted: EIP-712 first (what Safe{Wallet} and hardware wallets sign), then
 * eth_sign over the safeTxHash, which Safe accepts with v + 4. It must recover to an owner.
 */
import { Signature, TypedDataEncoder, getAddress, getBytes, hashMessage, recoverAddress, type Wallet } from 'ethers';
import { InputError } from '../domain/errors.ts';
import type { ProposalSignature } from './proposal.ts';
import { SAFE_TX_TYPES, safeTxHash, type SafeTx, type SafeTxDomain } from './safe-tx.ts';

/** Signs the SafeTx's EIP-712 data with `owner` (an owner's key loaded from a secret). */
export async function signSafeTx(owner: Wallet, domain: SafeTxDomain, tx: SafeTx, now: number): Promise<ProposalSignature> {
  const signature = await owner.signTypedData(domain, SAFE_TX_TYPES, tx);
  return { owner: getAddress(owner.address), signature: Signature.from(signature).serialized, kind: 'eip712', addedAt: now };
}

/**
 * @throws InputError when the signature is malformed or recovers to no owner.
 * @example recoverOwnerSignature('0x…65 bytes', domain, tx, owners, now)
 */
export function recoverOwnerSignature(raw: string, domain: SafeTxDomain, tx: SafeTx, owners: readonly string[], now: number): ProposalSignature {
  const hex = raw.trim();
  if (!/^0x[0-9a-fA-F]{130}$/.test(hex)) throw new InputError('signature must be 65 bytes of hex (0x + 130 hex digits)', { details: [`got ${hex.length} characters`] });
  const hash = safeTxHash(domain, tx);
  const isOwner = (a: string): boolean => owners.some((o) => o.toLowerCase() === a.toLowerCase());
  const bytes = getBytes(hex);
  const v = bytes[64] ?? 0;
  // A signature already in Safe's eth_sign form (v 31/32) is turned back to 27/28 to recover.
  const plainV = v > 30 ? v - 4 : v;
  let sig: Signature;
  try {
    sig = Signature.from({ r: hex.slice(0, 66), s: `0x${hex.slice(66, 130)}`, v: plainV });
  } catch (cause) {
    throw new InputError('signature is not a valid ECDSA signature', { details: [`v: ${v}`], cause });
  }
  if (v <= 30) {
    const typed = recoverAddress(TypedDataEncoder.hash(domain, SAFE_TX_TYPES, tx), sig);
    if (isOwner(typed)) return { owner: getAddress(typed), signature: sig.serialized, kind: 'eip712', addedAt: now };
  }
  const personal = recoverAddress(hashMessage(getBytes(hash)), sig);
  if (isOwner(personal)) {
    const safeV = (sig.v + 4).toString(16);
    return { owner: getAddress(personal), signature: `${sig.serialized.slice(0, 130)}${safeV}`, kind: 'eth_sign', addedAt: now };
  }
  throw new InputError('signature does not recover to an owner of the Safe for this transaction', {
    details: [`safeTxHash: ${hash}`, `owners: ${owners.join(', ')}`, 'sign the EIP-712 data printed by keeper safe proposals --json, or eth_sign the safeTxHash'],
  });
}

/** Signatures by current owners only (an owner removed since signing no longer counts), one per owner. */
export function ownerSignatures(signatures: readonly ProposalSignature[], owners: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of signatures) if (owners.some((o) => o.toLowerCase() === s.owner.toLowerCase())) out.set(s.owner.toLowerCase(), s.signature);
  return out;
}
