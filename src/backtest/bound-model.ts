/**
 * The market as the upper bound sees it, as plain float arrays (the search evaluates millions
 * of transitions): per position the log growth of its value from step to step (protocol rate
 * and slashing; AVS rewards are not compounded in place but accrue as reward tokens), the mark
 * at each step, whether a deposit is allowed, how a sale can leave (now, or through a queue
 * that pays after its delay of the moment), and the reward tokens it accrues.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_YEAR, wadToNumber, weiToNumber } from '../domain/units.ts';
import { midPriceWad } from '../yield/dex.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { nameAddress } from './specs.ts';

export interface BoundModel {
  /** cumLog[i][s]: log of position i's value growth from step 0 to s (rate, slashing). */
  readonly cumLog: readonly Float64Array[];
  /** mark[i][s]: value multiplier at which the position is marked (min(1, DEX mid / rate)). */
  readonly mark: readonly Float64Array[];
  /** canBuy[i][s]: 0 when a breaker forbids deposits. */
  readonly canBuy: readonly Uint8Array[];
  /**
   * mustExit[i][s]: 1 when the risk engine forces the position's exit at s, as it does in every
   * run (src/risk/breakers.ts): a discount beyond the depeg threshold that has lasted
   * `depeg.confirmSeconds` with `depeg.exit` on, or an operator slashed with `slashing.exit` on.
   */
  readonly mustExit: readonly Uint8Array[];
  /** exitKeep[i][s]: share of a restaked exit queued at s that survives slashings during its delay (1 when liquid). */
  readonly exitKeep: readonly Float64Array[];
  /**
   * paidAt[i][s]: first step at which a queued exit of position i requested at s can be
   * completed (EigenLayer's delay for a restaked position, else the protocol queue's delay of
   * that step, later while the protocol is paused); -1 when no queue takes a request at s.
   */
  readonly paidAt: readonly Int32Array[];
  /** doneAt[i][s]: unix time after which a queued exit of position i requested at s is completable. */
  readonly doneAt: readonly Float64Array[];
  /** queueDelay[i][s]: the delay (seconds) of a queued exit requested at s: the market prices a pending claim's wait against it. */
  readonly queueDelay: readonly Float64Array[];
  /** paused[i][s]: 1 while the protocol behind a liquid position pays no queued claim. */
  readonly paused: readonly Uint8Array[];
  /** time[s]: unix time of step s. */
  readonly time: Float64Array;
  /** Reward tokens in scenario order. */
  readonly rewardTokens: readonly string[];
  /**
   * rewardAcc[i][r][s]: reward token r accrued by one unit of position i's value-scale from
   * step 1 to s (Σ exp(cumLog) · APR · step years / token price); tokens accrued from k0 to t
   * by a holding of value h at k0 are h · exp(−cumLog[k0]) · (acc[t] − acc[k0]).
   */
  readonly rewardAcc: readonly (readonly Float64Array[])[];
  /** rewardPool[r][s]: the reward token's pool (token, WETH) in whole units; 0 when none. */
  readonly rewardPool: readonly { readonly token: Float64Array; readonly weth: Float64Array }[];
}

/** @example buildBoundModel(doc, market, specs, limits).cumLog[0][10] // ≈ 10 steps of weETH growth */
export function buildBoundModel(doc: ScenarioDoc, market: readonly MarketStep[], specs: readonly PositionSpec[], limits: RiskLimits): BoundModel {
  const n = market.length;
  const years = doc.stepSeconds / SECONDS_PER_YEAR;
  const cumLog: Float64Array[] = [];
  const mark: Float64Array[] = [];
  const canBuy: Uint8Array[] = [];
  const mustExit: Uint8Array[] = [];
  const exitKeep: Float64Array[] = [];
  const paidAt: Int32Array[] = [];
  const doneAt: Float64Array[] = [];
  const queueDelay: Float64Array[] = [];
  const pausedAt: Uint8Array[] = [];
  const time = Float64Array.from(market, (m) => m.timestamp);
  const rewardAcc: Float64Array[][] = [];
  const rewardTokens = doc.rewardTokens.map((t) => t.symbol);
  const rewardPool = rewardTokens.map((sym) => {
    const token = new Float64Array(n);
    const weth = new Float64Array(n);
    market.forEach((m, s) => {
      const pool = m.rewardPools[sym];
      if (pool === undefined) return;
      token[s] = weiToNumber(pool.reserves.token);
      weth[s] = weiToNumber(pool.reserves.weth);
    });
    return { token, weth };
  });
  for (const spec of specs) {
    const keep = new Float64Array(n).fill(1);
    const c = new Float64Array(n);
    const mk = new Float64Array(n);
    const buy = new Uint8Array(n);
    const out = new Uint8Array(n);
    /** When the current discount beyond the threshold was first seen (a step without one restarts it). */
    let discountSince: number | undefined;
    const operator = doc.operators.find((o) => spec.eigen !== undefined && nameAddress('operator', o.name) === spec.eigen.operator);
    let slashed = false;
    for (let s = 0; s < n; s++) {
      const m = market[s] as MarketStep;
      const lrt = m.lrt[spec.symbol];
      const rate = lrt?.rate ?? 1;
      let g = 0;
      if (s > 0) g = Math.log(rate / ((market[s - 1] as MarketStep).lrt[spec.symbol]?.rate ?? rate));
      if (operator !== undefined) {
        for (const e of m.events) {
          if (e.kind === 'slashing' && e.operator === operator.name) {
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
      discountSince = depegged && dev < 0 ? (discountSince ?? m.timestamp) : undefined;
      const depegExit = limits.depeg.exit && discountSince !== undefined && m.timestamp - discountSince >= (limits.depeg.confirmSeconds ?? 0);
      out[s] = depegExit || (slashed && limits.slashing.exit) ? 1 : 0;
    }
    if (spec.eigen !== undefined && operator !== undefined) {
      // Queued withdrawals stay slashable until they complete (EigenLayer slashing semantics).
      const delaySteps = Math.ceil((spec.eigen.withdrawalDelaySeconds ?? 0) / doc.stepSeconds);
      for (let s = 0; s < n; s++) {
        for (let t = s + 1; t <= Math.min(n - 1, s + delaySteps); t++) {
          for (const e of (market[t] as MarketStep).events) if (e.kind === 'slashing' && e.operator === operator.name) keep[s] = (keep[s] as number) * (1 - e.fractionBps / 10_000);
        }
      }
    }
    const paid = new Int32Array(n).fill(-1);
    const done = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const qDelay = new Float64Array(n);
    const paused = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      const m = market[s] as MarketStep;
      const lrt = m.lrt[spec.symbol];
      let delay: number | undefined;
      if (spec.eigen !== undefined) delay = spec.eigen.withdrawalDelaySeconds ?? 0;
      else if (spec.exits.queued !== undefined) {
        qDelay[s] = lrt?.queueDelaySeconds ?? spec.exits.queued.delaySeconds;
        if (lrt?.withdrawalsPaused === true) paused[s] = 1;
        else delay = qDelay[s];
      }
      if (spec.eigen !== undefined) qDelay[s] = delay ?? 0;
      if (delay === undefined) continue;
      done[s] = m.timestamp + delay;
      // Completion needs completableAt < the step's time, and (protocol queue) no pause then.
      let t = s + Math.floor(delay / doc.stepSeconds) + 1;
      while (spec.eigen === undefined && t < n && (market[t] as MarketStep).lrt[spec.symbol]?.withdrawalsPaused === true) t++;
      paid[s] = t;
    }
    const acc = rewardTokens.map((sym) => {
      const a = new Float64Array(n);
      if (operator === undefined) return a;
      const paying = doc.avs.filter((x) => x.rewardToken === sym && operator.avs.includes(x.name));
      for (let s = 1; s < n; s++) {
        const m = market[s] as MarketStep;
        const price = m.rewardPools[sym]?.priceEth ?? 0;
        let apr = 0;
        for (const x of paying) apr += (m.avsAprBps[x.name] ?? 0) / 10_000;
        a[s] = (a[s - 1] as number) + (price > 0 ? (Math.exp(c[s] as number) * apr * years) / price : 0);
      }
      return a;
    });
    exitKeep.push(keep);
    cumLog.push(c);
    mark.push(mk);
    canBuy.push(buy);
    mustExit.push(out);
    paidAt.push(paid);
    doneAt.push(done);
    queueDelay.push(qDelay);
    pausedAt.push(paused);
    rewardAcc.push(acc);
  }
  return { cumLog, mark, canBuy, mustExit, exitKeep, paidAt, doneAt, queueDelay, paused: pausedAt, time, rewardTokens, rewardAcc, rewardPool };
}

/** WETH paid for `amount` reward tokens on a constant-product pool with a 0.3 % fee, in floats. */
export function rewardSale(amount: number, token: number, weth: number, feeBps = 30): number {
  if (amount <= 0 || token <= 0 || weth <= 0) return 0;
  const inFee = amount * (1 - feeBps / 10_000);
  return (inFee * weth) / (token + inFee);
}
