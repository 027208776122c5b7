/**
 * The market as the upper bound sees it: per position, the log growth of its value from step
 * to step (protocol rate, slashing, AVS rewards compounded in place), the mark at each step,
 * and whether a deposit is allowed (no depeg beyond the limit, no slashed operator).
 *
 * Kept as plain float arrays: the dynamic programme evaluates millions of transitions.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_YEAR, wadToNumber } from '../domain/units.ts';
import { midPriceWad } from '../yield/dex.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { nameAddress } from './specs.ts';

export interface BoundModel {
  /** cumLog[i][s]: log of position i's value growth from step 0 to s. */
  readonly cumLog: readonly Float64Array[];
  /** mark[i][s]: value multiplier at which the position is marked (min(1, DEX mid / rate)). */
  readonly mark: readonly Float64Array[];
  /** canBuy[i][s]: 0 when a breaker forbids deposits. */
  readonly canBuy: readonly Uint8Array[];
  /** exitKeep[i][s]: share of a restaked exit queued at s that survives slashings during its delay (1 when liquid). */
  readonly exitKeep: readonly Float64Array[];
}

/** @example buildBoundModel(doc, market, specs, limits).cumLog[0][10] // ≈ 10 steps of weETH growth */
export function buildBoundModel(doc: ScenarioDoc, market: readonly MarketStep[], specs: readonly PositionSpec[], limits: RiskLimits): BoundModel {
  const n = market.length;
  const years = doc.stepSeconds / SECONDS_PER_YEAR;
  const cumLog: Float64Array[] = [];
  const mark: Float64Array[] = [];
  const canBuy: Uint8Array[] = [];
  const exitKeep: Float64Array[] = [];
  for (const spec of specs) {
    const keep = new Float64Array(n).fill(1);
    const c = new Float64Array(n);
    const mk = new Float64Array(n);
    const buy = new Uint8Array(n);
    const operatorName = doc.operators.find((o) => spec.eigen !== undefined && nameAddress('operator', o.name) === spec.eigen.operator);
    let slashed = false;
    for (let s = 0; s < n; s++) {
      const m = market[s] as MarketStep;
      const lrt = m.lrt[spec.symbol];
      const rate = lrt?.rate ?? 1;
      let g = 0;
      if (s > 0) {
        const prev = (market[s - 1] as MarketStep).lrt[spec.symbol]?.rate ?? rate;
        g = Math.log(rate / prev);
        if (operatorName !== undefined) {
          let apr = 0;
          for (const avs of operatorName.avs) apr += (m.avsAprBps[avs] ?? 0) / 10_000;
          g += Math.log1p(apr * years);
        }
      }
      if (operatorName !== undefined) {
        for (const e of m.events) {
          if (e.kind === 'slashing' && e.operator === operatorName.name) {
            g += Math.log1p(-e.fractionBps / 10_000);
            slashed = true;
          }
        }
      }
      c[s] = (s > 0 ? (c[s - 1] as number) : 0) + g;
      const dev = lrt?.dex && spec.exits.dex ? wadToNumber(midPriceWad(lrt.dex)) / rate - 1 : 0;
      mk[s] = Math.min(1, 1 + dev);
      const depegged = Math.abs(dev) * 10_000 > limits.depeg.thresholdBps;
      buy[s] = depegged || (slashed && limits.slashing.freezeDeposits) ? 0 : 1;
    }
    if (spec.eigen !== undefined && operatorName !== undefined) {
      // Queued withdrawals stay slashable until they complete (EigenLayer slashing semantics).
      const delaySteps = Math.ceil((spec.eigen.withdrawalDelaySeconds ?? 0) / doc.stepSeconds);
      for (let s = 0; s < n; s++) {
        for (let t = s + 1; t <= Math.min(n - 1, s + delaySteps); t++) {
          for (const e of (market[t] as MarketStep).events) if (e.kind === 'slashing' && e.operator === operatorName.name) keep[s] = (keep[s] as number) * (1 - e.fractionBps / 10_000);
        }
      }
    }
    exitKeep.push(keep);
    cumLog.push(c);
    mark.push(mk);
    canBuy.push(buy);
  }
  return { cumLog, mark, canBuy, exitKeep };
}
