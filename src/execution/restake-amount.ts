/**
 * How much LRT a restake right after a mint deposits into EigenLayer. The exact amount the
 * mint pays is only known in the block that includes it (the protocol rate moves between
 * planning and inclusion), and `depositIntoStrategy` takes a fixed amount, so the restake
 * takes the mint's EXPECTED amount less a small allowance for that drift, never less than the
 * mint's guaranteed minimum.
 *
 * Why not the minimum: the minimum carries the whole slippage guard (60 bps by default), so
 * restaking it left ~0.6% of every restaked deposit liquid, earning no AVS rewards (100 ETH at
 * rate 1.02: 0.588 ezETH). The drift allowance is what the rate can move in the few blocks
 * between planning and inclusion (a year of 5% accrual is ~1.9e-8 per block; an LRT's daily
 * oracle report moves it by about 1 bp), so at most ~1 bp stays liquid; a mint short by more
 * than that makes the restake revert, the simulation refuses the bundle and the next tick plans
 * again at the new rate. The expectation on the LRT (expectations.ts) holds the mint to its
 * minimum either way.
 */
import type { Action, DepositLrtAction } from '../domain/plan.ts';
import { subtractBps } from '../domain/units.ts';

/** Allowance for the rate moving between planning and inclusion, bps of the expected mint. */
export const RESTAKE_RATE_DRIFT_BPS = 1;

/**
 * @param planned the eigen-deposit's own amount (the planner writes the expected mint)
 * @example restakeAfterMint({ expectedLrt: 98_039n * 10n ** 15n, minLrt: 97_451n * 10n ** 15n, … }, 98_039n * 10n ** 15n) // 98.0292 ezETH
 */
export function restakeAfterMint(mint: Pick<DepositLrtAction, 'expectedLrt' | 'minLrt'>, planned: bigint): bigint {
  const afterDrift = subtractBps(mint.expectedLrt, RESTAKE_RATE_DRIFT_BPS);
  const amount = afterDrift > mint.minLrt ? afterDrift : mint.minLrt;
  return amount < planned ? amount : planned;
}

/**
 * The mint an eigen-deposit at `index` restakes, if any: the last deposit-lrt of the same
 * position before it. A restake of LRT already held (fromPositionId) has none: it takes exactly its amount.
 */
export function mintBefore(actions: readonly Action[], index: number): DepositLrtAction | undefined {
  const action = actions[index];
  if (action?.kind !== 'eigen-deposit' || action.fromPositionId !== undefined) return undefined;
  return actions
    .slice(0, index)
    .reverse()
    .find((a): a is DepositLrtAction => a.kind === 'deposit-lrt' && a.positionId === action.positionId);
}

/** What the eigen-deposit at `index` puts into EigenLayer (build-calls and expectations agree on it). */
export function restakeAmount(actions: readonly Action[], index: number): bigint {
  const action = actions[index];
  if (action?.kind !== 'eigen-deposit') return 0n;
  const mint = mintBefore(actions, index);
  return mint === undefined ? action.amountLrt : restakeAfterMint(mint, action.amountLrt);
}
