/**
 * EIP-1559 fee choice for a bundle aimed at the next block.
 *
 * The next block's base fee can be at most 12.5 % above the current one, so a fee cap of
 * ceil(base · 9/8) + tip is always enough for block N+1. The cap is clamped to the configured
 * maximum; when even the worst-case base fee does not fit under it, or the current base fee is
 * above the risk limit, the bundle is not sent this block.
 */
import { formatGwei } from '../domain/units.ts';

export interface FeeLimits {
  readonly maxFeePerGasWei: bigint;
  readonly maxPriorityFeePerGasWei: bigint;
  /** risk.maxBaseFeeGwei in wei: above it nothing is sent at all. */
  readonly maxBaseFeeWei: bigint;
}

export type FeeChoice =
  | { readonly ok: true; readonly maxFeePerGas: bigint; readonly maxPriorityFeePerGas: bigint }
  | { readonly ok: false; readonly reason: string };

/**
 * @example chooseFees(8_000_000_000n, { maxFeePerGasWei: 200e9, maxPriorityFeePerGasWei: 2e9, maxBaseFeeWei: 200e9 })
 *   // { ok: true, maxFeePerGas: 11_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n }
 */
export function chooseFees(baseFeeWei: bigint, limits: FeeLimits): FeeChoice {
  if (baseFeeWei > limits.maxBaseFeeWei) {
    return { ok: false, reason: `base fee ${formatGwei(baseFeeWei)} is above risk.maxBaseFeeGwei (${formatGwei(limits.maxBaseFeeWei)})` };
  }
  const nextBase = (baseFeeWei * 9n + 7n) / 8n;
  if (nextBase > limits.maxFeePerGasWei) {
    return { ok: false, reason: `next base fee up to ${formatGwei(nextBase)} is above execution.maxFeePerGasGwei (${formatGwei(limits.maxFeePerGasWei)})` };
  }
  const room = limits.maxFeePerGasWei - nextBase;
  const tip = limits.maxPriorityFeePerGasWei < room ? limits.maxPriorityFeePerGasWei : room;
  return { ok: true, maxFeePerGas: nextBase + tip, maxPriorityFeePerGas: tip };
}

/**
 * The fee limits a plan is sent under: a forced plan (see Plan.forced) is not held back by
 * risk.maxBaseFeeGwei, only by execution.maxFeePerGasGwei. Without this, a depeg or slashing
 * exit the decision sends through a spike was refused here, block after block.
 * @example feeLimitsFor({ forced: true }, { maxFeePerGasWei: 200e9, maxPriorityFeePerGasWei: 2e9, maxBaseFeeWei: 50e9 }).maxBaseFeeWei // 200e9
 */
export function feeLimitsFor<L extends FeeLimits>(plan: { readonly forced?: boolean }, limits: L): L {
  return plan.forced === true && limits.maxFeePerGasWei > limits.maxBaseFeeWei ? { ...limits, maxBaseFeeWei: limits.maxFeePerGasWei } : limits;
}

/** Gas limit from a simulated figure: 25 % headroom plus 20k, since state can shift a little before inclusion. */
export function gasLimitFromSimulation(gasUsed: number): bigint {
  return (BigInt(gasUsed) * 125n) / 100n + 20_000n;
}
