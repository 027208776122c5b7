/**
 * The simulated vault: what it holds, in the same units a chain read would give (LRT wei,
 * EigenLayer shares, queued withdrawals, cumulative reward earnings), and the snapshot the
 * keeper would observe from it at a step.
 *
 * The book is plain data, copied before a bundle is applied so a reverting bundle leaves it
 * untouched.
 */
import type { PendingRewardObservation, PositionObservation, QueuedWithdrawalObservation, SlashingObservation, Snapshot } from '../domain/snapshot.ts';
import type { Address, PositionSpec } from '../domain/types.ts';
import { applyBps, divWad, mulWad, numberToWei, wadToNumber } from '../domain/units.ts';
import { midPriceWad, sellTokenForWeth } from '../yield/dex.ts';
import type { MarketStep } from './market.ts';
import { pendingClaimFactor } from './pending-claim.ts';
import { nameAddress } from './specs.ts';
import type { ScenarioDoc } from './scenario-schema.ts';

export interface Holding {
  /** LRT wei held liquid. */
  liquidLrt: bigint;
  /** EigenLayer deposit shares (slashing does not reduce them). */
  depositShares: bigint;
  /** LRT wei really behind the shares (slashing reduces it). */
  withdrawableLrt: bigint;
}

export interface QueuedItem {
  readonly id: string;
  readonly positionId: string;
  readonly kind: 'eigen' | 'protocol';
  /** eigen: LRT wei coming back (slashable while queued). */
  lrt: bigint;
  /** protocol: asset wei coming back. */
  readonly wei: bigint;
  readonly completableAt: number;
}

export interface RewardBalance {
  earned: bigint;
  claimed: bigint;
  /** Claimed and not yet sold. */
  held: bigint;
}

export interface Book {
  idleWei: bigint;
  holdings: Record<string, Holding>;
  queued: QueuedItem[];
  delegatedTo?: Address;
  /** By reward token symbol. */
  rewards: Record<string, RewardBalance>;
  slashes: SlashingObservation[];
  nextId: number;
}

/** A deep copy (bigints and small arrays), so a failed bundle cannot leave half its effects. */
export function cloneBook(b: Book): Book {
  return {
    idleWei: b.idleWei,
    holdings: Object.fromEntries(Object.entries(b.holdings).map(([k, h]) => [k, { ...h }])),
    queued: b.queued.map((q) => ({ ...q })),
    ...(b.delegatedTo === undefined ? {} : { delegatedTo: b.delegatedTo }),
    rewards: Object.fromEntries(Object.entries(b.rewards).map(([k, r]) => [k, { ...r }])),
    slashes: [...b.slashes],
    nextId: b.nextId,
  };
}

/**
 * The book at the first step after the warm-up: `initial.weights` of `initial.totalEth`
 * minted at the protocol rate, restaked positions delegated to their operator.
 */
export function initialBook(doc: ScenarioDoc, specs: readonly PositionSpec[], market: MarketStep): Book {
  const total = BigInt(Math.round(doc.initial.totalEth * 1e6)) * 10n ** 12n;
  const holdings: Record<string, Holding> = {};
  let spent = 0n;
  let delegatedTo: Address | undefined;
  for (const spec of specs) {
    const w = doc.initial.weights[spec.id] ?? 0;
    const wei = applyBps(total, w);
    spent += wei;
    const lrt = divWad(wei, (market.lrt[spec.symbol] as { rateWad: bigint }).rateWad);
    if (spec.eigen !== undefined) {
      holdings[spec.id] = { liquidLrt: 0n, depositShares: lrt, withdrawableLrt: lrt };
      if (lrt > 0n) delegatedTo ??= spec.eigen.operator;
    } else {
      holdings[spec.id] = { liquidLrt: lrt, depositShares: 0n, withdrawableLrt: 0n };
    }
  }
  const rewards = Object.fromEntries(doc.rewardTokens.map((t) => [t.symbol, { earned: 0n, claimed: 0n, held: 0n }]));
  return { idleWei: total - spent, holdings, queued: [], ...(delegatedTo === undefined ? {} : { delegatedTo }), rewards, slashes: [], nextId: 1 };
}

/** What the keeper's one batched read would return for this book at this step. */
export function buildSnapshot(book: Book, market: MarketStep, specs: readonly PositionSpec[], doc: ScenarioDoc): Snapshot {
  const positions: PositionObservation[] = specs.map((spec) => {
    const m = market.lrt[spec.symbol];
    const h = book.holdings[spec.id] ?? { liquidLrt: 0n, depositShares: 0n, withdrawableLrt: 0n };
    const rateWad = m?.rateWad ?? 0n;
    return {
      positionId: spec.id,
      rateWad,
      ...(spec.exits.dex && m?.dex ? { dex: m.dex } : {}),
      liquidBalance: h.liquidLrt,
      ...(spec.eigen ? { eigen: { depositShares: h.depositShares, withdrawableShares: h.withdrawableLrt, withdrawableUnderlying: h.withdrawableLrt } } : {}),
      ...(spec.exits.instant && m?.instantLiquidityWei !== undefined && rateWad > 0n ? { instantLiquidity: divWad(m.instantLiquidityWei, rateWad) } : {}),
      valueWei: mulWad(h.liquidLrt + h.withdrawableLrt, rateWad),
    };
  });
  const queuedWithdrawals: QueuedWithdrawalObservation[] = book.queued.map((q) => ({
    id: q.id,
    positionId: q.positionId,
    kind: q.kind,
    amountWei: q.kind === 'eigen' ? mulWad(q.lrt, rateOf(q.positionId, specs, market)) : q.wei,
    // A paused protocol pays no request: the claim reads as not yet possible.
    completableAt: q.kind === 'protocol' && protocolPaused(q.positionId, specs, market) ? Math.max(q.completableAt, market.timestamp) : q.completableAt,
  }));
  const rewards: PendingRewardObservation[] = doc.rewardTokens.map((t) => {
    const r = book.rewards[t.symbol] ?? { earned: 0n, claimed: 0n, held: 0n };
    const pool = market.rewardPools[t.symbol];
    return {
      token: nameAddress('token', t.symbol),
      decimals: t.decimals,
      claimable: r.earned - r.claimed,
      cumulativeEarned: r.earned,
      ...(pool ? { dex: pool.reserves } : {}),
    };
  });
  return {
    chainId: 1,
    block: market.index,
    timestamp: market.timestamp,
    baseFeeWei: market.baseFeeWei,
    holder: nameAddress('vault', doc.name),
    ...(book.delegatedTo === undefined ? {} : { delegatedTo: book.delegatedTo }),
    idleWei: book.idleWei,
    positions,
    queuedWithdrawals,
    rewards,
    slashing: book.slashes,
    observedAt: market.timestamp,
  };
}

export interface Valuation {
  /**
   * Conservative value: LRT marked at the lower of protocol rate and DEX mid, pending protocol
   * claims like that LRT narrowing to par as their wait runs out, rewards at their sale value.
   */
  readonly navWei: bigint;
  /** Value per position at the protocol rate (what the risk limits are measured on). */
  readonly positionsWei: Readonly<Record<string, bigint>>;
  readonly pendingWei: bigint;
  /** idle + positions + pending at the protocol rate (the snapshot total). */
  readonly totalWei: bigint;
}

/** Values the book at a step's prices. */
export function valueBook(book: Book, market: MarketStep, specs: readonly PositionSpec[], doc: ScenarioDoc): Valuation {
  let nav = book.idleWei;
  let total = book.idleWei;
  const positionsWei: Record<string, bigint> = {};
  for (const spec of specs) {
    const h = book.holdings[spec.id];
    const lrt = h === undefined ? 0n : h.liquidLrt + h.withdrawableLrt;
    const atRate = mulWad(lrt, rateOf(spec.id, specs, market));
    positionsWei[spec.id] = atRate;
    total += atRate;
    nav += mulWad(lrt, markOf(spec, market));
  }
  let pending = 0n;
  for (const q of book.queued) {
    const spec = specs.find((s) => s.id === q.positionId);
    const atRate = q.kind === 'eigen' ? mulWad(q.lrt, rateOf(q.positionId, specs, market)) : q.wei;
    pending += atRate;
    if (spec === undefined) nav += atRate;
    else if (q.kind === 'eigen') nav += mulWad(q.lrt, markOf(spec, market));
    else nav += mulWad(q.wei, numberToWei(pendingFactor(q, spec, market)));
  }
  total += pending;
  for (const t of doc.rewardTokens) {
    const r = book.rewards[t.symbol];
    const pool = market.rewardPools[t.symbol];
    if (r === undefined || pool === undefined) continue;
    nav += sellTokenForWeth(r.earned - r.claimed + r.held, pool.reserves);
  }
  return { navWei: nav, positionsWei, pendingWei: pending, totalWei: total };
}

/** A pending protocol claim's value over its par value at this step (see pending-claim.ts). */
function pendingFactor(q: QueuedItem, spec: PositionSpec, market: MarketStep): number {
  const m = market.lrt[spec.symbol];
  if (m === undefined || m.rateWad === 0n) return 1;
  const markRatio = wadToNumber(divWad(markOf(spec, market), m.rateWad));
  const delay = m.queueDelaySeconds ?? spec.exits.queued?.delaySeconds ?? 0;
  return pendingClaimFactor(markRatio, q.completableAt - market.timestamp, delay, m.withdrawalsPaused === true);
}

/** Whether the protocol behind a position has its withdrawals paused at this step. */
export function protocolPaused(positionId: string, specs: readonly PositionSpec[], market: MarketStep): boolean {
  const spec = specs.find((s) => s.id === positionId);
  return spec !== undefined && market.lrt[spec.symbol]?.withdrawalsPaused === true;
}

function rateOf(positionId: string, specs: readonly PositionSpec[], market: MarketStep): bigint {
  const spec = specs.find((s) => s.id === positionId);
  return spec === undefined ? 0n : (market.lrt[spec.symbol]?.rateWad ?? 0n);
}

/** The lower of the protocol rate and the DEX mid price: what the LRT could be sold near. */
export function markOf(spec: PositionSpec, market: MarketStep): bigint {
  const m = market.lrt[spec.symbol];
  if (m === undefined) return 0n;
  if (m.dex === undefined) return m.rateWad;
  const mid = midPriceWad(m.dex);
  return mid < m.rateWad ? mid : m.rateWad;
}
