/**
 * Checks the `X-Flashbots-Signature` header the way the Flashbots relay does.
 *
 * The header is `<address>:<signature>`, where the signature is an EIP-191 personal
 * signature over the hex string of keccak256(body) (the 66-character text, not its bytes).
 * ethers signs it as `wallet.signMessage(id(body))`. The address identifies the searcher:
 * replacement and cancellation of bundles are scoped to it.
 */
import { getAddress, id, isAddress, verifyMessage } from 'ethers';
import { RpcError, RPC_INVALID_REQUEST } from './jsonrpc.ts';

export const SIGNATURE_HEADER = 'x-flashbots-signature';

/**
 * Returns the checksummed signer address, or throws an `RpcError` with HTTP 403.
 *
 * @example
 *   const header = `${wallet.address}:${await wallet.signMessage(id(body))}`;
 *   verifyFlashbotsSignature(body, header); // wallet.address
 */
export function verifyFlashbotsSignature(body: string, header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw forbidden('missing X-Flashbots-Signature header');
  }
  const separator = header.indexOf(':');
  if (separator < 0) throw forbidden('X-Flashbots-Signature must be <address>:<signature>');
  const address = header.slice(0, separator).trim();
  const signature = header.slice(separator + 1).trim();
  if (!isAddress(address)) throw forbidden('X-Flashbots-Signature: the address part is not an address');
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw forbidden('X-Flashbots-Signature: the signature part is not a 65-byte hex signature');
  }
  let recovered: string;
  try {
    recovered = verifyMessage(id(body), signature);
  } catch {
    throw forbidden('X-Flashbots-Signature: the signature cannot be recovered');
  }
  if (recovered !== getAddress(address)) {
    throw forbidden('X-Flashbots-Signature: signature does not match the address (it must sign id(body))');
  }
  return recovered;
}

function forbidden(message: string): RpcError {
  return new RpcError(RPC_INVALID_REQUEST, message, 403);
}
