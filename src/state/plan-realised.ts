/**
 * Expected against realised, per plan: what the keeper said a plan would cost and earn when
 * it decided, next to what the chain shows it did. `keeper audit` prints it; beyond gas it
 * answers "did the move pay?":
 * - gas: planned (at the decision's base fee) vs paid (receipts);
 * - value moved: the plan's total vs what left the book by the post-state balance checks,
 *   valued at the decision's rates (tokens the decision has no rate for are named, not valued);
 * - net change of the book across the plan: expected −(slippage + fees + delay) vs the
 *   share-price change from the last sample at or before the decision to the first after
 *   inclusion, times the book's value (yield of those few blocks included, a rounding error;
 *   past a day the store keeps hourly samples, so up to an hour's yield is included);
 *   a book without a share-price sample falls back to the next decision's total value;
 * - APY: expected at the decision (resulting weights × estimated net APY) vs realised from the
 *   share price between this plan's inclusion and the next plan's (or the newest sample),
 *   annualised only over at least a day.
 *
 * The join is pure (records and samples in); `readPlansRealised` reads them from Redis.
 */
import type { AuditLog, DecisionRecord, OutcomeRecord } from './audit.ts';
import type { SharePriceStore } from './share-prices.ts';
import { expectedApy } from '../perf/vault-performance.ts';
import type { SharePriceSample } from '../perf/realised-apy.ts';
import { SECONDS_PER_DAY, WAD, growthToApy } from '../domain/units.ts';

export interface PlanRealised {
  readonly planId: string;
  readonly kind: string;
  readonly status: string;
  readonly reason: string;
  /** Block and time (unix ms) of the decision. */
  readonly decidedAtBlock?: number;
  readonly decidedAt?: number;
  readonly inclusionBlock?: number;
  readonly expected: {
    readonly gasCostWei: bigint;
    readonly totalCostWei: bigint;
    /** The plan's value moved (sold + bought), wei; undefined when the decision record is gone. */
    readonly movedWei?: bigint;
    readonly yearlyGainWei: bigint;
    /**
     * What the plan expected the book to lose at once for its gain: its cost without gas, which
     * the keeper's account pays (vault backend: the keeper signs; eoa: its gas ETH is kept out of the book).
     */
    readonly netChangeWei: bigint;
    readonly apy?: number;
  };
  readonly realised: {
    readonly gasCostWei: bigint;
    /** Value that left the book by the balance checks, at the decision's rates. */
    readonly movedWei?: bigint;
    /** Tokens that moved but had no rate in the decision (not in movedWei). */
    readonly unvalued?: readonly string[];
    readonly netChangeWei?: bigint;
    readonly netChangeFrom?: 'share-price' | 'book';
    /** Annualised growth of the share price while this plan's allocation stood. */
    readonly apy?: number;
    readonly apyDays?: number;
    readonly checksOk: boolean | null;
  };
}

/** APY is annualised only over at least this much time: an hour annualised says nothing about a year. */
const MIN_APY_SECONDS = SECONDS_PER_DAY;

/**
 * Joins the audit log's outcomes (newest first, as listed) with their decisions and the vault's
 * share-price samples (time order). One row per outcome, newest first.
 * @example plansRealised(await audit.list('main', { limit: 2000, kinds: ['decision', 'outcome'] }), await prices.history('main'))
 */
export function plansRealised(records: readonly (DecisionRecord | OutcomeRecord)[], samples: readonly SharePriceSample[]): PlanRealised[] {
  const decisions = records.filter((r): r is DecisionRecord => r.kind === 'decision');
  const outcomes = records.filter((r): r is OutcomeRecord => r.kind === 'outcome');
  const decisionOf = new Map<string, DecisionRecord>();
  for (const d of decisions) if (d.plan.id !== undefined && !decisionOf.has(d.plan.id)) decisionOf.set(d.plan.id, d);
  const landed = outcomes.filter((o) => o.inclusionBlock !== undefined).map((o) => o.inclusionBlock as number);
  return outcomes.map((o) => row(o, decisionOf.get(o.planId), decisions, samples, landed));
}

function row(o: OutcomeRecord, d: DecisionRecord | undefined, decisions: readonly DecisionRecord[], samples: readonly SharePriceSample[], landed: readonly number[]): PlanRealised {
  const totals = (d?.plan.totals ?? {}) as { movedWei?: bigint };
  const apy = d ? expectedApy(d) : undefined;
  const moved = d && o.realised.balanceChecks.length > 0 ? valueMoved(o.realised.balanceChecks, d) : undefined;
  const net = o.inclusionBlock === undefined || d === undefined ? undefined : netChange(d, o.inclusionBlock, decisions, samples);
  const next = landed.filter((b) => o.inclusionBlock !== undefined && b > o.inclusionBlock).reduce((m, b) => Math.min(m, b), Number.POSITIVE_INFINITY);
  const held = o.inclusionBlock === undefined ? undefined : realisedApyBetween(samples, o.inclusionBlock, next);
  return {
    planId: o.planId,
    kind: d?.plan.kind ?? 'unknown',
    status: o.status,
    reason: d?.plan.reason ?? o.reason ?? '',
    ...(d ? { decidedAtBlock: d.block, decidedAt: d.at } : {}),
    ...(o.inclusionBlock === undefined ? {} : { inclusionBlock: o.inclusionBlock }),
    expected: {
      gasCostWei: o.expected.gasCostWei,
      totalCostWei: o.expected.totalCostWei,
      ...(typeof totals.movedWei === 'bigint' ? { movedWei: totals.movedWei } : {}),
      yearlyGainWei: o.expected.yearlyGainWei,
      netChangeWei: -(o.expected.totalCostWei - o.expected.gasCostWei),
      ...(apy === undefined ? {} : { apy }),
    },
    realised: {
      gasCostWei: o.realised.gasCostWei,
      ...(moved === undefined ? {} : { movedWei: moved.wei, ...(moved.unvalued.length > 0 ? { unvalued: moved.unvalued } : {}) }),
      ...(net === undefined ? {} : { netChangeWei: net.wei, netChangeFrom: net.from }),
      ...(held === undefined ? {} : { apy: held.apy, apyDays: held.days }),
      checksOk: o.realised.checksOk,
    },
  };
}

interface Check {
  readonly token?: string;
  readonly label?: string;
  readonly actual?: bigint;
}

/** What left the book (negative balance changes), valued at the decision's rates. */
function valueMoved(checks: readonly unknown[], d: DecisionRecord): { wei: bigint; unvalued: string[] } {
  const rates = new Map((d.snapshot?.positions ?? []).map((p) => [p.id.toLowerCase(), p.rateWad]));
  let wei = 0n;
  const unvalued: string[] = [];
  for (const raw of checks) {
    const c = raw as Check;
    if (typeof c.actual !== 'bigint' || c.actual >= 0n) continue;
    const label = c.label ?? c.token ?? '?';
    const out = -c.actual;
    if (c.token === 'native' || /^w?eth$/i.test(label)) wei += out;
    else {
      const rate = rates.get(label.toLowerCase());
      if (rate === undefined) unvalued.push(label);
      else wei += (out * rate) / WAD;
    }
  }
  return { wei, unvalued };
}

/** The book's change across the plan, from the share price (preferred) or the next decision's total. */
function netChange(d: DecisionRecord, inclusion: number, decisions: readonly DecisionRecord[], samples: readonly SharePriceSample[]): { wei: bigint; from: 'share-price' | 'book' } | undefined {
  const total = d.snapshot?.totalWei;
  if (total === undefined) return undefined;
  const before = [...samples].reverse().find((s) => s.block <= d.block);
  const after = samples.find((s) => s.block > inclusion);
  if (before && after && before.priceWad > 0n) return { wei: (total * (after.priceWad - before.priceWad)) / before.priceWad, from: 'share-price' };
  const next = decisions.filter((x) => x.snapshot !== undefined && x.block > inclusion).reduce<DecisionRecord | undefined>((m, x) => (m === undefined || x.block < m.block ? x : m), undefined);
  return next?.snapshot ? { wei: next.snapshot.totalWei - total, from: 'book' } : undefined;
}

/** Annualised share-price growth from the first sample after `from` to the last before `to`, over at least a day. */
function realisedApyBetween(samples: readonly SharePriceSample[], from: number, to: number): { apy: number; days: number } | undefined {
  const inside = samples.filter((s) => s.block > from && s.block < to);
  const start = inside[0];
  const end = inside.at(-1);
  if (!start || !end || start.priceWad <= 0n || end.priceWad <= 0n) return undefined;
  const span = end.timestamp - start.timestamp;
  if (span < MIN_APY_SECONDS) return undefined;
  return { apy: growthToApy(start.priceWad, end.priceWad, span), days: span / SECONDS_PER_DAY };
}

/** Records to scan for the join: the audit log's cap, so every kept outcome finds its decision. */
const SCAN = 2_000;

/** @example const rows = await readPlansRealised(createAuditLog(redis, prefix), createSharePriceStore(redis, prefix), 'main', 10) */
export async function readPlansRealised(audit: AuditLog, prices: SharePriceStore, vault: string, limit: number): Promise<PlanRealised[]> {
  const [records, samples] = await Promise.all([audit.list(vault, { limit: SCAN, kinds: ['decision', 'outcome'] }), prices.history(vault)]);
  return plansRealised(records as (DecisionRecord | OutcomeRecord)[], samples).slice(0, limit);
}
