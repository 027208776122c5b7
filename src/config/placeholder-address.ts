/**
 * Refuses placeholder-looking addresses outside the devnet. A call to an address without
 * code "succeeds" on the EVM, so an example address such as 0x…a1 left in a mainnet config
 * would not even revert: it has to be stopped before anything is sent. The devnet chain id
 * is exempt because stand-ins and tests may sit anywhere there.
 *
 * Placeholder-looking: mostly zeros (at most 8 significant hex digits), one digit repeated
 * (0x1111…), or a counting pattern (0x0123456789abcdef…, …deadbeef…).
 */
import type { z } from 'zod';

/** Anvil's and Hardhat's default chain id: the only chain where placeholders are allowed. */
export const DEVNET_CHAIN_ID = 31337;

const COUNTING = ['0123456789', '123456789a', 'abcdef0123', 'deadbeef', 'cafebabe', 'feedface'];

/**
 * Why `address` looks like a placeholder, or undefined for an ordinary address.
 * @example placeholderReason('0x00000000000000000000000000000000000000a1') // 'mostly zeros (…)'
 */
export function placeholderReason(address: string): string | undefined {
  const hex = address.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(hex)) return undefined;
  const significant = hex.replace(/0/g, '').length;
  if (significant <= 8) return `mostly zeros (${significant} non-zero hex digits)`;
  if (new Set(hex).size <= 2) return 'one or two hex digits repeated';
  const counting = COUNTING.find((p) => hex.includes(p));
  if (counting !== undefined) return `contains the pattern ${counting}`;
  return undefined;
}

/**
 * Reports every placeholder-looking address of a parsed config (any string field holding an
 * address, found by walking the object), unless the config names the devnet chain id.
 */
export function refusePlaceholderAddresses(config: { chain: { chainId: number } }, ctx: z.RefinementCtx): void {
  if (config.chain.chainId === DEVNET_CHAIN_ID) return;
  walk(config, [], (path, value) => {
    const reason = placeholderReason(value);
    if (reason !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${value} looks like a placeholder (${reason}); use the confirmed address or \${ENV} (allowed only on the devnet chain id ${DEVNET_CHAIN_ID})`,
      });
    }
  });
}

function walk(node: unknown, path: (string | number)[], visit: (path: (string | number)[], value: string) => void): void {
  if (typeof node === 'string') {
    if (/^0x[0-9a-fA-F]{40}$/.test(node)) visit(path, node);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, [...path, i], visit));
    return;
  }
  if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key], visit);
  }
}
