/**
 * The restaked and the liquid position of one LRT. EigenLayer takes the LRT itself and gives
 * it back, so a move between the two needs no sale and no mint: restaking in place
 * (src/plan/restake-in-place.ts) and the EigenLayer exit returning the LRT into the liquid
 * position (src/plan/planner.ts), priced as such by the strategy (strategies/lib/switching-costs.ts)
 * and the backtest. Two positions hold the same LRT when both the symbol and the token agree:
 * a symbol alone could name two tokens.
 */
import { sameAddress, type PositionSpec } from './types.ts';

/** Whether `liquid` (no EigenLayer placement) holds the LRT that `restaked` (one) restakes. */
function twins(liquid: PositionSpec, restaked: PositionSpec): boolean {
  return liquid.eigen === undefined && restaked.eigen !== undefined && liquid.symbol === restaked.symbol && sameAddress(liquid.token, restaked.token);
}

/**
 * The liquid positions of a restaked position's LRT, in spec order; none for a liquid spec.
 * @example liquidTwins([WEETH, EZETH, WEETH_RESTAKED], WEETH_RESTAKED) // [WEETH]
 */
export function liquidTwins(specs: readonly PositionSpec[], restaked: PositionSpec): PositionSpec[] {
  return specs.filter((s) => twins(s, restaked));
}

/**
 * The liquid position an EigenLayer withdrawal of `restaked` returns its LRT into: the first of
 * liquidTwins; undefined when the LRT is not also held liquid.
 * @example liquidTwin([WEETH, EZETH, WEETH_RESTAKED], WEETH_RESTAKED) // WEETH
 */
export function liquidTwin(specs: readonly PositionSpec[], restaked: PositionSpec): PositionSpec | undefined {
  return specs.find((s) => twins(s, restaked));
}

/**
 * The restaked positions of a liquid position's LRT, in spec order; none for a restaked spec.
 * @example restakedTwins([WEETH, EZETH, WEETH_RESTAKED], WEETH) // [WEETH_RESTAKED]
 */
export function restakedTwins(specs: readonly PositionSpec[], liquid: PositionSpec): PositionSpec[] {
  return specs.filter((s) => twins(liquid, s));
}
