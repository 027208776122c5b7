/**
 * A bundle's gas is paid from the vault's idle asset, so the vault's total shrinks by it and
 * every weight grows by T / (T − gas). A cap group just inside its cap is carried past it by a
 * bundle that trades none of it: on a random 50 ETH market a forced idle top-up at 97 gwei cost
 * 0.0235 ETH (4.7 bps of the total), which took a protocol group held at 3999.7 bps to 4001.6.
 */
import { LIMIT_ROUNDING_BPS } from './idle-buffer.ts';

/**
 * The factor every weight grows by when `gasWei` is paid from a vault of `totalWei` (1 without gas).
 * @example gasGrowth(50n * 10n ** 18n, 235n * 10n ** 14n) // ≈ 1.00047
 */
export function gasGrowth(totalWei: bigint, gasWei: bigint | undefined): number {
  if (gasWei === undefined || gasWei <= 0n || totalWei <= 0n) return 1;
  if (gasWei >= totalWei) return Number.POSITIVE_INFINITY;
  return Number(totalWei) / Number(totalWei - gasWei);
}

/**
 * The most gas a bundle may pay before it carries one of `groups` (exact weight and cap, bps)
 * past its cap and the rounding every limit is allowed: T · (1 − exact / (cap + rounding)) for
 * the tightest group, 0 for one already past. Empty when no group holds anything.
 * @example gasTolerance([{ exactBps: 3999.7, capBps: 4000 }], 50n * 10n ** 18n).gasToleranceWei // ≈ 0.0162 ETH
 */
export function gasTolerance(groups: readonly { readonly exactBps: number; readonly capBps: number }[], totalWei: bigint): { gasToleranceWei?: bigint } {
  let least: bigint | undefined;
  for (const g of groups) {
    if (!(g.exactBps > 0)) continue;
    const room = 1 - g.exactBps / (g.capBps + LIMIT_ROUNDING_BPS);
    const wei = room <= 0 ? 0n : BigInt(Math.floor(Number(totalWei) * room));
    if (least === undefined || wei < least) least = wei;
  }
  return least === undefined ? {} : { gasToleranceWei: least };
}
