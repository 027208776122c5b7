/**
 * Executes a plan on the simulated book the way a bundle executes on chain: action by action,
 * with the pool reserves moving as the bundle trades, every min-out checked, gas paid at the
 * step's base fee plus tip, and all-or-nothing (a check that fails reverts the whole bundle,
 * which a relay then never includes, so nothing is paid).
 */
import type { Action, Plan } from '../domain/plan.ts';
import type { DexReserves } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { liquidTwin } from '../domain/lrt-pairs.ts';
import { divWad, ethText, mulWad, subtractBps } from '../domain/units.ts';
import { getAmountOut, sellTokenForWeth } from '../yield/dex.ts';
import { GAS, gasCostWei } from '../plan/gas.ts';
import { cloneBook, protocolPaused, type Book } from './book.ts';
import type { MarketStep } from './market.ts';

/** One executed sale, deposit or queue entry, for costs, turnover and the breach checks. */
export interface Trade {
  readonly positionId: string | null;
  /** sell: DEX or instant exit; queue: protocol or EigenLayer queue; buy: mint (and restake); reward: reward sale. */
  readonly kind: 'sell' | 'queue' | 'buy' | 'reward';
  readonly route: 'dex' | 'instant' | 'queued' | 'eigen' | 'mint' | 'reward';
  /** Value at the protocol rate (reward: at the pool's mid price), asset wei. */
  readonly fairWei: bigint;
  /** What the vault got or paid, asset wei (queue: value to come back). */
  readonly outWei: bigint;
  /** (fair − out)/fair for sales, bps. */
  readonly lossBps: number;
}

export type ApplyResult =
  | { readonly ok: true; readonly book: Book; readonly trades: readonly Trade[]; readonly gasUnits: number; readonly gasWei: bigint; readonly feesWei: bigint }
  | { readonly ok: false; readonly reason: string };

class Revert extends Error {}

export interface ApplyContext {
  readonly specs: readonly PositionSpec[];
  readonly market: MarketStep;
  readonly priorityFeeWei: bigint;
  /** Reward token symbol by lower-case address. */
  readonly rewardTokenByAddress: ReadonlyMap<string, string>;
}

/** @example applyPlan(book, plan, ctx).ok // false when a DEX sale would pay less than its minOut */
export function applyPlan(book: Book, plan: Plan, ctx: ApplyContext): ApplyResult {
  if (plan.actions.length === 0) return { ok: true, book, trades: [], gasUnits: 0, gasWei: 0n, feesWei: 0n };
  const b = cloneBook(book);
  const pools = new Map<string, DexReserves>();
  const trades: Trade[] = [];
  let feesWei = 0n;
  let gasUnits = GAS.bundleOverhead;
  try {
    for (const a of plan.actions) {
      gasUnits += GAS[a.kind];
      feesWei += execute(b, a, ctx, pools, trades);
    }
    const gasWei = gasCostWei(gasUnits, ctx.market.baseFeeWei, ctx.priorityFeeWei);
    if (b.idleWei < gasWei) throw new Revert(`idle ${ethText(b.idleWei)} cannot pay gas ${ethText(gasWei)}`);
    b.idleWei -= gasWei;
    return { ok: true, book: b, trades, gasUnits, gasWei, feesWei };
  } catch (err) {
    if (err instanceof Revert) return { ok: false, reason: err.message };
    throw err;
  }
}

function execute(b: Book, a: Action, ctx: ApplyContext, pools: Map<string, DexReserves>, trades: Trade[]): bigint {
  const spec = 'positionId' in a ? ctx.specs.find((s) => s.id === a.positionId) : undefined;
  const m = spec ? ctx.market.lrt[spec.symbol] : undefined;
  const holding = spec ? b.holdings[spec.id] : undefined;
  const need = (cond: boolean, why: string): void => {
    if (!cond) throw new Revert(`${a.kind}: ${why}`);
  };
  switch (a.kind) {
    case 'complete-withdrawal': {
      const i = b.queued.findIndex((q) => q.id === a.withdrawalId);
      const q = b.queued[i];
      need(q !== undefined && q.completableAt < ctx.market.timestamp, `withdrawal ${a.withdrawalId} not completable`);
      if (q === undefined) return 0n;
      need(q.kind !== 'protocol' || !protocolPaused(q.positionId, ctx.specs, ctx.market), `withdrawal ${a.withdrawalId}: the protocol's withdrawals are paused`);
      b.queued.splice(i, 1);
      if (q.kind === 'protocol') b.idleWei += q.wei;
      else {
        // The LRT comes back liquid: credit the liquid position of that token when there is one.
        const from = ctx.specs.find((s) => s.id === q.positionId);
        const liquid = from === undefined ? undefined : liquidTwin(ctx.specs, from);
        const h = b.holdings[liquid?.id ?? q.positionId];
        if (h !== undefined) h.liquidLrt += q.lrt;
      }
      return 0n;
    }
    case 'claim-rewards':
      a.tokens.forEach((token, i) => {
        const r = b.rewards[ctx.rewardTokenByAddress.get(token.toLowerCase()) ?? ''];
        const amount = a.amounts[i] ?? 0n;
        need(r !== undefined && r.earned - r.claimed >= amount, `claim of ${token} above claimable`);
        if (r === undefined) return;
        r.claimed += amount;
        r.held += amount;
      });
      return 0n;
    case 'claim-stream':
      // Scenarios carry no LRT reward streams (their yield is in no scenario's rates) and the
      // backtest's decisions are never given stream claims: a plan that claims one is a bug.
      throw new Revert(`claim-stream: reward streams are not modelled in backtest scenarios (${a.stream})`);
    case 'swap-reward': {
      const symbol = ctx.rewardTokenByAddress.get(a.token.toLowerCase()) ?? '';
      const r = b.rewards[symbol];
      const pool = pools.get(`reward:${symbol}`) ?? ctx.market.rewardPools[symbol]?.reserves;
      need(r !== undefined && r.held >= a.amountIn && pool !== undefined, `nothing to sell or no pool for ${symbol}`);
      if (r === undefined || pool === undefined) return 0n;
      const out = sellTokenForWeth(a.amountIn, pool);
      need(out >= a.minOutWei, `reward sale pays ${out} < minOut ${a.minOutWei}`);
      pools.set(`reward:${symbol}`, { token: pool.token + a.amountIn, weth: pool.weth - out });
      r.held -= a.amountIn;
      b.idleWei += out;
      trades.push({ positionId: null, kind: 'reward', route: 'reward', fairWei: a.fairValueWei, outWei: out, lossBps: lossBps(a.fairValueWei, out) });
      return 0n;
    }
    case 'withdraw': {
      need(spec !== undefined && m !== undefined && holding !== undefined && holding.liquidLrt >= a.amountLrt, `${a.positionId}: not enough liquid LRT`);
      if (spec === undefined || m === undefined || holding === undefined) return 0n;
      const fair = mulWad(a.amountLrt, m.rateWad);
      need(a.route === 'dex' || m.withdrawalsPaused !== true, `${spec.id}: the protocol's withdrawals are paused`);
      holding.liquidLrt -= a.amountLrt;
      if (a.route === 'queued') {
        // The queue's delay of the moment the request is made (time-varying in a scenario).
        const delay = m.queueDelaySeconds ?? spec.exits.queued?.delaySeconds ?? a.delaySeconds;
        b.queued.push({ id: `q${b.nextId++}`, positionId: spec.id, kind: 'protocol', lrt: 0n, wei: fair, completableAt: ctx.market.timestamp + delay });
        trades.push({ positionId: spec.id, kind: 'queue', route: 'queued', fairWei: fair, outWei: fair, lossBps: 0 });
        return 0n;
      }
      let out: bigint;
      if (a.route === 'dex') {
        const key = `lrt:${spec.symbol}`;
        const pool = pools.get(key) ?? m.dex;
        need(pool !== undefined && spec.exits.dex !== undefined, `${spec.id}: no DEX route`);
        if (pool === undefined) return 0n;
        out = sellTokenForWeth(a.amountLrt, pool, spec.exits.dex?.feeBps);
        pools.set(key, { token: pool.token + a.amountLrt, weth: pool.weth - out });
      } else {
        need(spec.exits.instant !== undefined, `${spec.id}: no instant route`);
        need(m.instantLiquidityWei === undefined || fair <= m.instantLiquidityWei, `${spec.id}: instant exit above its liquidity`);
        out = subtractBps(fair, spec.exits.instant?.feeBps ?? 0);
      }
      need(out >= a.minOutWei, `${spec.id}: ${a.route} sale pays ${out} < minOut ${a.minOutWei}`);
      b.idleWei += out;
      trades.push({ positionId: spec.id, kind: 'sell', route: a.route, fairWei: fair, outWei: out, lossBps: lossBps(fair, out) });
      return a.route === 'instant' ? fair - out : 0n;
    }
    case 'eigen-queue-withdrawal': {
      // undelegate (as on chain): the first marked queue of the bundle queues every restaked
      // position's shares and frees the delegation; the others it already queued.
      if (a.undelegate === true && b.delegatedTo === undefined) return 0n;
      need(spec?.eigen !== undefined && m !== undefined && holding !== undefined && holding.depositShares >= a.depositShares && a.depositShares > 0n, `${a.positionId}: not enough deposit shares`);
      if (spec?.eigen === undefined || m === undefined || holding === undefined) return 0n;
      const queues = a.undelegate === true ? ctx.specs.filter((s) => s.eigen !== undefined && (b.holdings[s.id]?.depositShares ?? 0n) > 0n) : [spec];
      for (const s of queues) {
        const h = b.holdings[s.id];
        const rate = ctx.market.lrt[s.symbol]?.rateWad;
        if (h === undefined || rate === undefined) continue;
        const shares = a.undelegate === true ? h.depositShares : a.depositShares;
        const lrt = (h.withdrawableLrt * shares) / h.depositShares;
        h.depositShares -= shares;
        h.withdrawableLrt -= lrt;
        const delay = s.eigen?.withdrawalDelaySeconds ?? a.delaySeconds;
        b.queued.push({ id: `e${b.nextId++}`, positionId: s.id, kind: 'eigen', lrt, wei: 0n, completableAt: ctx.market.timestamp + delay });
        const fair = mulWad(lrt, rate);
        trades.push({ positionId: s.id, kind: 'queue', route: 'eigen', fairWei: fair, outWei: fair, lossBps: 0 });
      }
      if (a.undelegate === true) delete b.delegatedTo;
      return 0n;
    }
    case 'deposit-lrt': {
      need(spec !== undefined && m !== undefined && holding !== undefined && b.idleWei >= a.amountWei, `${a.positionId}: idle ${b.idleWei} < deposit ${a.amountWei}`);
      if (spec === undefined || m === undefined || holding === undefined) return 0n;
      let lrt = divWad(a.amountWei, m.rateWad);
      if (a.route === 'dex') {
        const key = `lrt:${spec.symbol}`;
        const pool = pools.get(key) ?? m.dex;
        need(pool !== undefined && spec.exits.dex !== undefined, `${spec.id}: no DEX route`);
        if (pool === undefined) return 0n;
        lrt = getAmountOut(a.amountWei, pool.weth, pool.token, spec.exits.dex?.feeBps);
        pools.set(key, { token: pool.token - lrt, weth: pool.weth + a.amountWei });
      }
      need(lrt >= a.minLrt, `${spec.id}: ${a.route ?? 'mint'} pays ${lrt} < minLrt ${a.minLrt}`);
      b.idleWei -= a.amountWei;
      holding.liquidLrt += lrt;
      trades.push({ positionId: spec.id, kind: 'buy', route: a.route ?? 'mint', fairWei: a.amountWei, outWei: a.amountWei, lossBps: 0 });
      return 0n;
    }
    case 'eigen-deposit': {
      // A restake in place takes the LRT held by the liquid position it names.
      const source = a.fromPositionId === undefined ? holding : b.holdings[a.fromPositionId];
      need(spec?.eigen !== undefined && holding !== undefined && source !== undefined && source.liquidLrt >= a.amountLrt, `${a.positionId}: not enough LRT to restake`);
      if (holding === undefined || source === undefined) return 0n;
      source.liquidLrt -= a.amountLrt;
      holding.depositShares += a.amountLrt;
      holding.withdrawableLrt += a.amountLrt;
      return 0n;
    }
    case 'delegate':
      need(b.delegatedTo === undefined || b.delegatedTo === a.operator, `already delegated to ${b.delegatedTo}`);
      b.delegatedTo = a.operator;
      return 0n;
  }
}

function lossBps(fair: bigint, out: bigint): number {
  return fair <= 0n || out >= fair ? 0 : Number(((fair - out) * 1_000_000n) / fair) / 100;
}
