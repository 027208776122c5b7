/**
 * The market of a scenario, one entry per step: keyframes interpolated, rates compounded from
 * APYs where given, and the events laid over the series (a depeg deepens the DEX discount and
 * thins the pool, a gas spike raises the base fee, a reward stop zeroes an AVS's APR, a
 * withdrawal pause closes the protocol's exits). Exit conditions vary with time like prices:
 * the instant exit's liquidity, the queue's delay and whether withdrawals are paused.
 *
 * Computed once per scenario and shared by the strategy, the baselines and the bound, so they
 * all see exactly the same prices.
 */
import type { DexReserves } from '../domain/snapshot.ts';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR, numberToWei } from '../domain/units.ts';
import type { Scenario } from './scenario-load.ts';
import { MAX_DISCOUNT_BPS, type ScenarioEvent } from './scenario-schema.ts';

export interface LrtMarket {
  /** Protocol rate, ETH per LRT. */
  readonly rate: number;
  readonly rateWad: bigint;
  /** DEX mid price below the rate, bps (events included). */
  readonly dexDiscountBps: number;
  readonly dex?: DexReserves;
  /** What the instant exit can take now (0 while withdrawals are paused); absent = unlimited. */
  readonly instantLiquidityWei?: bigint;
  /** The protocol queue's delay for a request made now, when the series gives it. */
  readonly queueDelaySeconds?: number;
  /** The protocol takes no instant or queued exit and pays no queued request. */
  readonly withdrawalsPaused?: boolean;
}

export interface RewardPool {
  readonly priceEth: number;
  readonly reserves: DexReserves;
}

export interface MarketStep {
  readonly index: number;
  readonly timestamp: number;
  readonly baseFeeGwei: number;
  readonly baseFeeWei: bigint;
  /** By LRT symbol. */
  readonly lrt: Readonly<Record<string, LrtMarket>>;
  /** By AVS name. */
  readonly avsAprBps: Readonly<Record<string, number>>;
  /** By reward token symbol. */
  readonly rewardPools: Readonly<Record<string, RewardPool>>;
  /** Events that start at this step. */
  readonly events: readonly ScenarioEvent[];
}

/** Every step's market. @example buildMarket(scenario)[0].lrt.weETH.rate // 1.042 */
export function buildMarket(scenario: Scenario): MarketStep[] {
  const { doc } = scenario;
  const n = doc.steps;
  const col = (name: string, fallback: number): number[] => interpolate(scenario, name, n, fallback);
  const baseFee = col('baseFeeGwei', 0);
  for (const e of doc.events) {
    if (e.kind !== 'gas-spike') continue;
    for (let s = e.step; s < Math.min(n, e.step + e.durationSteps); s++) baseFee[s] = Math.max(baseFee[s] ?? 0, e.baseFeeGwei);
  }
  const symbols = [...new Set(doc.positions.map((p) => p.symbol))];
  const perSymbol = symbols.map((sym) => {
    const rates = rateSeries(scenario, sym, n);
    const discount = col(`${sym}.dexDiscountBps`, 0);
    const liquidity = col(`${sym}.dexLiquidityEth`, 0);
    const factor = new Array<number>(n).fill(1);
    for (const e of doc.events) {
      if (e.kind !== 'depeg' || e.symbol !== sym) continue;
      for (let s = e.step; s <= Math.min(n - 1, e.step + e.recoverySteps); s++) {
        const depth = e.discountBps * (1 - (s - e.step) / e.recoverySteps);
        discount[s] = Math.max(discount[s] ?? 0, depth);
        factor[s] = Math.min(factor[s] ?? 1, e.liquidityFactor);
      }
    }
    const hasInstant = scenario.keyframes.some((k) => typeof k.row[`${sym}.instantLiquidityEth`] === 'number');
    const instant = col(`${sym}.instantLiquidityEth`, 0);
    const hasDex = doc.positions.some((p) => p.symbol === sym && p.exits.dex !== undefined);
    const hasDelay = scenario.keyframes.some((k) => typeof k.row[`${sym}.queueDelayDays`] === 'number');
    const delayDays = col(`${sym}.queueDelayDays`, 0);
    const paused = held(scenario, `${sym}.withdrawalsPaused`, n).map((v) => v === 1);
    for (const e of doc.events) {
      if (e.kind !== 'withdrawal-pause' || e.symbol !== sym) continue;
      for (let s = e.step; s < Math.min(n, e.step + e.durationSteps); s++) paused[s] = true;
    }
    return { sym, rates, discount, liquidity, factor, instant, hasInstant, hasDex, hasDelay, delayDays, paused };
  });
  const avsApr = doc.avs.map((a) => {
    const apr = col(`${a.name}.aprBps`, 0);
    for (const e of doc.events) if (e.kind === 'reward-stop' && e.avs === a.name) for (let s = e.step; s < n; s++) apr[s] = 0;
    return { name: a.name, apr };
  });
  const tokens = doc.rewardTokens.map((t) => ({ sym: t.symbol, price: col(`${t.symbol}.priceEth`, 0), liq: col(`${t.symbol}.liquidityEth`, 0) }));

  const out: MarketStep[] = [];
  for (let s = 0; s < n; s++) {
    const lrt: Record<string, LrtMarket> = {};
    for (const p of perSymbol) {
      const rate = p.rates[s] as number;
      const d = Math.min(MAX_DISCOUNT_BPS, p.discount[s] ?? 0);
      const liq = (p.liquidity[s] ?? 0) * (p.factor[s] ?? 1);
      const dex = p.hasDex && liq > 0 ? reserves(rate * (1 - d / 10_000), liq) : undefined;
      const paused = p.paused[s] === true;
      lrt[p.sym] = {
        rate,
        rateWad: numberToWei(rate),
        dexDiscountBps: d,
        ...(dex === undefined ? {} : { dex }),
        ...(paused ? { instantLiquidityWei: 0n } : p.hasInstant ? { instantLiquidityWei: numberToWei(p.instant[s] ?? 0) } : {}),
        ...(p.hasDelay ? { queueDelaySeconds: Math.round((p.delayDays[s] ?? 0) * SECONDS_PER_DAY) } : {}),
        ...(paused ? { withdrawalsPaused: true } : {}),
      };
    }
    const rewardPools: Record<string, RewardPool> = {};
    for (const t of tokens) {
      const price = t.price[s] ?? 0;
      const liq = t.liq[s] ?? 0;
      if (price > 0 && liq > 0) rewardPools[t.sym] = { priceEth: price, reserves: reserves(price, liq) };
    }
    out.push({
      index: s,
      timestamp: doc.start + s * doc.stepSeconds,
      baseFeeGwei: baseFee[s] ?? 0,
      baseFeeWei: numberToWei(baseFee[s] ?? 0, 9),
      lrt,
      avsAprBps: Object.fromEntries(avsApr.map((a) => [a.name, a.apr[s] ?? 0])),
      rewardPools,
      events: doc.events.filter((e) => e.step === s),
    });
  }
  return out;
}

/** Pool reserves for a mid price (ETH per token) and a WETH-side depth in ETH. */
export function reserves(priceEth: number, liquidityEth: number): DexReserves {
  const weth = numberToWei(liquidityEth);
  return { weth, token: numberToWei(liquidityEth / priceEth) };
}

/** A column at every step: linear between keyframes, held after the last, `fallback` before the first. */
function interpolate(scenario: Scenario, column: string, n: number, fallback: number): number[] {
  const points: [number, number][] = [];
  for (const k of scenario.keyframes) {
    const v = k.row[column];
    const step = k.row.step;
    if (typeof v === 'number' && typeof step === 'number') points.push([step, v]);
  }
  const out = new Array<number>(n).fill(fallback);
  if (points.length === 0) return out;
  let j = 0;
  for (let s = 0; s < n; s++) {
    while (j + 1 < points.length && (points[j + 1] as [number, number])[0] <= s) j++;
    const [s0, v0] = points[j] as [number, number];
    const next = points[j + 1];
    if (s < s0) out[s] = j === 0 ? fallback : v0;
    else if (next === undefined) out[s] = v0;
    else out[s] = v0 + ((next[1] - v0) * (s - s0)) / (next[0] - s0);
  }
  return out;
}

/** A flag column at every step: each keyframe's value held until the next one gives it (default 0). */
function held(scenario: Scenario, column: string, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const k of scenario.keyframes) {
    const v = k.row[column];
    const step = k.row.step;
    if (typeof v !== 'number' || typeof step !== 'number') continue;
    for (let s = step; s < n; s++) out[s] = v;
  }
  return out;
}

/** Rates: compounded from `apyBps` when the column is given, else interpolated keyframes. */
function rateSeries(scenario: Scenario, sym: string, n: number): number[] {
  const usesApy = scenario.keyframes.some((k) => typeof k.row[`${sym}.apyBps`] === 'number');
  const keyed = interpolate(scenario, `${sym}.rate`, n, 1);
  if (!usesApy) return keyed;
  const apy = interpolate(scenario, `${sym}.apyBps`, n, 0);
  const dtYears = scenario.doc.stepSeconds / SECONDS_PER_YEAR;
  const out = [keyed[0] as number];
  for (let s = 1; s < n; s++) out.push((out[s - 1] as number) * Math.pow(1 + (apy[s] as number) / 10_000, dtYears));
  return out;
}
