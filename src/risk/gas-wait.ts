/**
 * The one rule for a forced or housekeeping move that may wait out a base-fee spike: a depeg
 * exit through a queue (src/plan/exit-wait.ts), a cap repair or idle top-up of the risk engine
 * (src/risk/engine.ts), the planner's top-up of the buffer its own bundle's gas takes
 * (src/plan/planner.ts). Such a move is a standing exposure that a few blocks do not make
 * worse, so it does not pay a base fee above `risk.maxBaseFeeGwei`; but a spike that lasts is
 * the market's new price, so it waits for a limited time from when it became due, and at that
 * limit it goes whatever the fee. Each caller decides whether its move may wait at all and
 * from when it counts; this decides, from those, whether it waits this tick.
 */
import { gweiToWei, weiToNumber } from '../domain/units.ts';

export interface GasWaitInput {
  readonly baseFeeWei: bigint;
  /** risk.maxBaseFeeGwei: a base fee strictly above it is a spike. */
  readonly maxBaseFeeGwei: number;
  /** Unix seconds the move became due; a time after `now` counts as now. */
  readonly dueSince: number;
  /** Unix seconds. */
  readonly now: number;
  /** Longest wait from `dueSince`, seconds; once waited that long the move goes. Infinity: as long as the spike lasts. */
  readonly maxWaitSeconds: number;
}

export type GasWait =
  | { readonly wait: true; /** Seconds until it goes whatever the fee. */ readonly leftSeconds: number; readonly why: string }
  | { readonly wait: false; readonly why: string };

/** @example baseFeeSpike(300_000_000_000n, 50) // true; baseFeeSpike(50_000_000_000n, 50) // false */
export function baseFeeSpike(baseFeeWei: bigint, maxBaseFeeGwei: number): boolean {
  return baseFeeWei > gweiToWei(maxBaseFeeGwei);
}

/** The base fee against its limit. @example baseFeeText(300_000_000_000n, 50) // '300.00 gwei > 50 gwei' */
export function baseFeeText(baseFeeWei: bigint, maxBaseFeeGwei: number): string {
  return `${weiToNumber(baseFeeWei, 9).toFixed(2)} gwei ${baseFeeSpike(baseFeeWei, maxBaseFeeGwei) ? '>' : '≤'} ${maxBaseFeeGwei} gwei`;
}

/** @example hoursText(43_200) // '12.0 h' */
export function hoursText(seconds: number): string {
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Wait or go, and why in gwei and hours.
 * @example gasWait({ baseFeeWei: 300_000_000_000n, maxBaseFeeGwei: 50, dueSince: 0, now: 3_600, maxWaitSeconds: 43_200 })
 *   // { wait: true, leftSeconds: 39_600, why: 'base fee 300.00 gwei > 50 gwei, due for 1.0 h: waits, at most 11.0 h more' }
 */
export function gasWait(input: GasWaitInput): GasWait {
  const { baseFeeWei, maxBaseFeeGwei, dueSince, now, maxWaitSeconds } = input;
  const fee = `base fee ${baseFeeText(baseFeeWei, maxBaseFeeGwei)}`;
  if (!baseFeeSpike(baseFeeWei, maxBaseFeeGwei)) return { wait: false, why: `${fee}: goes now` };
  const waited = Math.max(0, now - dueSince);
  if (waited >= maxWaitSeconds) return { wait: false, why: `${fee}, but due for ${hoursText(waited)}, the longest wait (${hoursText(maxWaitSeconds)}): goes at the spike's price` };
  const leftSeconds = maxWaitSeconds - waited;
  const until = Number.isFinite(leftSeconds) ? `at most ${hoursText(leftSeconds)} more` : 'until the fee falls';
  return { wait: true, leftSeconds, why: `${fee}, due for ${hoursText(waited)}: waits, ${until}` };
}
