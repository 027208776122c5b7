/**
 * Restaking in place: when the approved weights move value from an LRT held liquid to the same
 * LRT restaked, the tokens already held are deposited into EigenLayer as they are. Selling them
 * (slippage, fees) and minting fresh ones to restake would end in the same place at a cost.
 *
 * Runs before the sell/buy pass: it returns the eigen-deposits (with a delegation first when
 * the holder is not delegated yet) and the observations as they stand after them, so the
 * remaining differences go through the normal routes. Only a restaked position whose approved
 * weight is above its current one receives anything: the risk engine never raises a frozen or
 * pinned position (slashed operator, delegation conflict, depeg, stale data) above its current
 * weight, so freezes hold here exactly as they do for deposits. A holder delegated to another
 * operator than the position's is left to the normal paths as well.
 */
import type { Action, DelegateAction, EigenDepositAction } from '../domain/plan.ts';
import type { PositionObservation, Snapshot } from '../domain/snapshot.ts';
import { liquidTwins } from '../domain/lrt-pairs.ts';
import { sameAddress, type PositionId, type PositionSpec } from '../domain/types.ts';
import { BPS_BIG, applyBps, divWad, maxBig, minBig, mulDiv, mulWad } from '../domain/units.ts';
import { GAS } from './gas.ts';

export interface InPlaceInput {
  readonly snapshot: Snapshot;
  readonly specs: readonly PositionSpec[];
  /** The vault's total value the weights are bps of, asset wei. */
  readonly totalWei: bigint;
  readonly currentWeights: Readonly<Record<PositionId, number>>;
  readonly approved: Readonly<Record<PositionId, number>>;
  /** Moves worth less than this are left to the normal paths (which skip them as dust). */
  readonly dustWei: bigint;
}

export interface InPlaceRestakes {
  /** A delegate action when one is needed, then one eigen-deposit per restaked position. */
  readonly actions: readonly Action[];
  /** Observations after the restakes: liquid sources lower, restaked positions higher. */
  readonly positions: readonly PositionObservation[];
  /** True when the holder is delegated once these actions ran (or was already). */
  readonly delegated: boolean;
  /**
   * Positions the restakes moved (liquid sources and restaked destinations). What is left of
   * their move goes through the normal routes, but none of them is sold while it reads its
   * approved weight: what is left then is rounding (see ROUNDING_BPS), not worth a sale.
   */
  readonly touched: ReadonlySet<PositionId>;
}

/** Two floored weights (liquid and restaked) leave less than this much rounding between them. */
export const ROUNDING_BPS = 2;

/**
 * @example restakeInPlace({ approved: { weETH: 1000, 'weETH-restaked': 3000 }, … }).actions // [eigen-deposit 20 weETH from weETH]
 */
export function restakeInPlace(input: InPlaceInput): InPlaceRestakes {
  const { snapshot } = input;
  const byId = new Map(snapshot.positions.map((p) => [p.positionId, p]));
  const actions: Action[] = [];
  let delegated = snapshot.delegatedTo !== undefined;
  const touched = new Set<PositionId>();
  for (const restaked of input.specs) {
    const eigen = restaked.eigen;
    if (eigen === undefined) continue;
    if (snapshot.delegatedTo !== undefined && !sameAddress(snapshot.delegatedTo, eigen.operator)) continue;
    const into = byId.get(restaked.id);
    if (into === undefined || into.rateWad <= 0n || !grows(restaked.id, input)) continue;
    for (const liquid of liquidTwins(input.specs, restaked)) {
      const from = byId.get(liquid.id);
      if (from === undefined || from.rateWad !== into.rateWad || !shrinks(liquid.id, input)) continue;
      const targetFrom = applyBps(input.totalWei, input.approved[liquid.id] ?? 0);
      const targetInto = applyBps(input.totalWei, input.approved[restaked.id] ?? 0);
      const current = byId.get(restaked.id) ?? into;
      if (from.valueWei <= targetFrom || current.valueWei >= targetInto) continue;
      // LRT units: everything held when the liquid target is 0, else what the decrease needs (rounded up, as a sale would).
      const release = (input.approved[liquid.id] ?? 0) === 0 ? from.liquidBalance : minBig(from.liquidBalance, divWad(from.valueWei - targetFrom, from.rateWad, 'up'));
      let amountLrt = minBig(release, divWad(targetInto - current.valueWei, into.rateWad));
      // Weights are whole bps (floored), so a pure shift leaves up to 2 bps of rounding on the
      // liquid side. Rather than sell it in a sale of its own, the restake takes it as far as
      // the restaked weight still reads its approved bps; the liquid side keeps the rest.
      if (release > amountLrt && mulWad(release - amountLrt, from.rateWad) < applyBps(input.totalWei, ROUNDING_BPS)) {
        const ceiling = mulDiv(input.totalWei, BigInt((input.approved[restaked.id] ?? 0) + 1), BPS_BIG, 'up') - 1n;
        if (ceiling > current.valueWei) amountLrt = minBig(release, maxBig(amountLrt, divWad(ceiling - current.valueWei, into.rateWad)));
      }
      const valueWei = mulWad(amountLrt, into.rateWad);
      if (amountLrt <= 0n || valueWei < input.dustWei) continue;
      if (!delegated) {
        const d: DelegateAction = { kind: 'delegate', operator: eigen.operator, gas: GAS.delegate, why: `delegate to ${eigen.operator} before restaking` };
        actions.push(d);
        delegated = true;
      }
      const restake: EigenDepositAction = {
        kind: 'eigen-deposit',
        positionId: restaked.id,
        strategy: eigen.strategy,
        amountLrt,
        fromPositionId: liquid.id,
        gas: GAS['eigen-deposit'],
        why: `${restaked.id}: restake ${liquid.id}'s ${restaked.symbol} in place (no sale, no mint)`,
      };
      actions.push(restake);
      touched.add(liquid.id).add(restaked.id);
      byId.set(liquid.id, { ...from, liquidBalance: from.liquidBalance - amountLrt, valueWei: from.valueWei > valueWei ? from.valueWei - valueWei : 0n });
      // Only its value moves: a growing restaked position is never queued out in the same plan.
      byId.set(restaked.id, { ...current, valueWei: current.valueWei + valueWei });
    }
  }
  return { actions, positions: snapshot.positions.map((p) => byId.get(p.positionId) ?? p), delegated, touched };
}

function grows(id: PositionId, input: InPlaceInput): boolean {
  return (input.approved[id] ?? 0) > (input.currentWeights[id] ?? 0);
}

function shrinks(id: PositionId, input: InPlaceInput): boolean {
  return (input.approved[id] ?? 0) < (input.currentWeights[id] ?? 0);
}
