/**
 * Whether a forced depeg exit waits out a base-fee spike.
 *
 * A depeg exit that leaves through a queue (the LRT protocol's withdrawal queue, or
 * EigenLayer's) is paid at the protocol rate after a delay of days, not at the discounted DEX
 * price: sending it a few hours later changes neither what it pays nor, in any way that
 * matters, when. Its gas, though, is paid now: a queued exit sent at 300 gwei cost a 50 ETH
 * vault 0.07 ETH, six times what the same call cost once the spike had passed. So such an
 * exit waits while the base fee is above `maxBaseFeeGwei`, as voluntary moves do, but only:
 * - when every forced move of the plan is a depeg exit through a queue (a DEX sale is priced
 *   by the pool, which may move either way; a slashing exit or a broken cap does not wait here);
 * - when the gas the wait saves is material, at least MIN_SAVING_BPS of the value exiting (for
 *   a large vault the saving is noise and the few extra hours of exposure are not worth it);
 * - for at most `depeg.maxGasWaitSeconds` after the exit became due (confirmation included),
 *   after which it goes whatever the base fee: a spike that lasts is the market's new price
 *   (the rule every gas wait follows, src/risk/gas-wait.ts).
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { Plan } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { RiskContext, RiskFinding } from '../domain/verdict.ts';
import { ethText, gweiToWei } from '../domain/units.ts';
import { baseFeeSpike, baseFeeText, gasWait, hoursText } from '../risk/gas-wait.ts';

/** Gas saved by waiting, as a share of the value exiting, below which the exit goes at once. */
export const MIN_SAVING_BPS = 1;

/** Default longest wait once a depeg exit is due: half a day, a small part of a queue of days. */
export const DEFAULT_MAX_GAS_WAIT_SECONDS = 43_200;

export interface ExitWaitInput {
  /** The forced-only plan (the exits the breakers order, nothing voluntary). */
  readonly forced: Plan;
  /** The findings that forced it. */
  readonly forcedBy: readonly RiskFinding[];
  readonly snapshot: Snapshot;
  readonly limits: RiskLimits;
  readonly context: RiskContext;
}

/**
 * Why the forced exits wait this tick, in plain units; undefined when they go now.
 * @example exitWait({ forced, forcedBy: [depegExit('rsETH')], snapshot: at300Gwei, … }) // 'forced exit of rsETH through its queue waits out the base fee …'
 */
export function exitWait(input: ExitWaitInput): string | undefined {
  const { forced, forcedBy, snapshot, limits, context } = input;
  if (forced.kind !== 'rebalance' || !baseFeeSpike(snapshot.baseFeeWei, limits.maxBaseFeeGwei) || forcedBy.length === 0) return undefined;
  if (!forcedBy.every((f) => f.code === 'DEPEG' && f.action === 'exit' && f.positionId !== undefined)) return undefined;

  const ids = [...new Set(forcedBy.map((f) => f.positionId as string))];
  // The exits themselves must be queued; another sale in the plan (the idle top-up that pays
  // the bundle's gas) goes with them, and waits with them.
  let exitingWei = 0n;
  for (const a of forced.actions) {
    if (a.kind === 'withdraw' && ids.includes(a.positionId)) {
      if (a.route !== 'queued') return undefined;
      exitingWei += a.fairValueWei;
    } else if (a.kind === 'eigen-queue-withdrawal' && ids.includes(a.positionId)) exitingWei += a.valueWei;
    else if (a.kind === 'deposit-lrt' || a.kind === 'eigen-deposit' || a.kind === 'delegate') return undefined;
  }
  if (exitingWei <= 0n) return undefined;

  const gasUnits = forced.totals.gasUnits;
  const savingWei = BigInt(gasUnits) * (snapshot.baseFeeWei - gweiToWei(limits.maxBaseFeeGwei));
  if (savingWei * 10_000n < exitingWei * BigInt(MIN_SAVING_BPS)) return undefined;

  const confirm = limits.depeg.confirmSeconds ?? 0;
  // Due since the depeg was confirmed; the longest-waiting position decides for all.
  const dueSince = Math.min(...ids.map((id) => (context.depegSince?.[id] ?? context.now) + confirm));
  const wait = gasWait({ baseFeeWei: snapshot.baseFeeWei, maxBaseFeeGwei: limits.maxBaseFeeGwei, dueSince, now: context.now, maxWaitSeconds: limits.depeg.maxGasWaitSeconds ?? DEFAULT_MAX_GAS_WAIT_SECONDS });
  if (!wait.wait) return undefined;

  return (
    `forced exit of ${ids.join(', ')} through its queue waits out the base fee (${baseFeeText(snapshot.baseFeeWei, limits.maxBaseFeeGwei)}): ` +
    `the queue pays the protocol rate whenever it is sent, and waiting saves ${ethText(savingWei)} of gas on ${ethText(exitingWei)}; ` +
    `it goes at once when the fee falls, or in ${hoursText(wait.leftSeconds)} at the latest`
  );
}
