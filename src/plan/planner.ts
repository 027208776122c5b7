/**
 * The planner: from the current allocation to the approved weights as ordered actions, with
 * amounts, min-outs and the cost/benefit that justifies them.
 *
 * Order: complete withdrawals that are due, claim and sell rewards, sell (DEX / instant /
 * queued) and queue EigenLayer exits, restake held LRT in place where the weights move it
 * from liquid to restaked (restake-in-place.ts: no sale, no mint), then deposit: each entry
 * planned once, a DEX buy up to the pool's rate and a mint of the rest (entry.ts). A sale
 * that would queue goes through the DEX or instant route instead while buys at a pool
 * discount of now are short of cash and the discount pays the difference. Deposits
 * are paid from idle asset plus the proceeds of immediate sales, keeping the idle buffer;
 * when that is short, every deposit shrinks in proportion. Costs are measured against the protocol rate; gas is priced at the
 * snapshot's base fee plus the configured tip.
 */
import type { Allocation } from '../domain/allocation.ts';
import type { YieldEstimate } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Action, CompleteWithdrawalAction, DelegateAction, DepositLrtAction, EigenDepositAction, Plan, PlanInputs, WithdrawAction } from '../domain/plan.ts';
import { dueProtocolWei, type PositionObservation, type Snapshot } from '../domain/snapshot.ts';
import { liquidTwin } from '../domain/lrt-pairs.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import { BPS_BIG, applyBps, bpsOf, ethText, minBig, mulDiv, weiToNumber } from '../domain/units.ts';
import { SECONDS_PER_YEAR } from '../domain/units.ts';
import { gasWait } from '../risk/gas-wait.ts';
import { GAS, gasCostWei } from './gas.ts';
import { dexEntryGain, entryActions, entryGainWei, poolFillWei, realisable } from './entry.ts';
import { restakeInPlace } from './restake-in-place.ts';
import { planRewards } from './rewards.ts';
import { streamClaimActions, type StreamPolicy } from './stream-actions.ts';
import type { StreamClaimable } from './stream-claims.ts';
import { queueRestaked, sellLiquid, soldAsOf, withoutQueuedExit, type SellContext } from './sells.ts';
import { summarise } from './totals.ts';
import { fittingSaleBps } from './fitting-sale.ts';

export interface PlannerOptions {
  /** Yield forgone while waiting in a queue; default: best fresh net APY. */
  readonly opportunityApy?: number;
  /** Deposits smaller than this are not worth a transaction, asset wei. */
  readonly dustWei: bigint;
  readonly priorityFeeWei: bigint;
  /**
   * False when the holder cannot hold an LRT protocol's withdrawal request (the RestakingVault
   * neither values nor accepts those tickets, so its allowlist refuses the calls): sales then
   * never use an LRT's own queue, only the DEX and instant routes. EigenLayer's queue is
   * unaffected. Default true.
   */
  readonly lrtQueuedExits?: boolean;
  /** Gas every bundle costs on top of its actions (the vault backend's two totalAssets() valuations); default 0. */
  readonly bundleGasOverhead?: number;
  /** The vault's compounding settings; default enabled with a 3× value-to-cost floor. */
  readonly compounding?: CompoundingOptions;
  /**
   * Expected yearly loss of holding each reward token unsold, by token address in lower case
   * (claim-timing's rewardPriceRiskApy over the token's recent prices); absent: no price risk.
   */
  readonly rewardPriceRiskApy?: Readonly<Record<string, number>>;
  /**
   * What the LRT reward streams' distributors owe the holder, checked against the chain when
   * read (rewards/streams/claimables.ts); absent: streams are not claimed in this decision.
   */
  readonly streamClaims?: readonly StreamClaimable[];
}

/** The part of the config's `compounding` section the planner applies to reward claims. */
export interface CompoundingOptions {
  readonly enabled: boolean;
  /** Never claim for less than this multiple of the claim's cost. */
  readonly minValueToCostMultiple: number;
  /** `value-multiple` skips the gas-optimal waiting rule (see config `compounding.timing`). */
  readonly timing?: 'gas-optimal' | 'value-multiple';
}

const DEFAULT_COMPOUNDING: CompoundingOptions = { enabled: true, minValueToCostMultiple: 3, timing: 'gas-optimal' };

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { dustWei: 10n ** 15n, priorityFeeWei: 0n };

export interface PlannerInput {
  readonly current: Allocation;
  readonly approved: Readonly<Record<PositionId, number>>;
  readonly snapshot: Snapshot;
  readonly specs: readonly PositionSpec[];
  readonly estimates: readonly YieldEstimate[];
  readonly limits: RiskLimits;
  readonly options: PlannerOptions;
  /** Carried into the plan for explanation. */
  readonly explain: Pick<PlanInputs, 'targetWeights' | 'findings' | 'rationale'>;
  /**
   * Positions a breaker orders out, emptied whatever their weight: a remnant worth less than
   * 1 bp reads 0 bps, equal to its target, and would otherwise never be sold.
   */
  readonly exitRemnants?: readonly PositionId[];
  /**
   * The risk engine tops the idle buffer up before it breaks, after it has waited out the spike
   * for as long as it may (RiskAssessment.idleTopUpNow): the floor's sale may take a queue, which
   * raises no idle, so the top-up's sale of now goes at once whatever the fee.
   */
  readonly idleTopUpNow?: boolean;
}

/**
 * The compounding policy reward streams are judged by in this decision: the vault's compounding
 * settings, the snapshot's base fee, the best fresh yield for the proceeds (as AVS rewards).
 * `keeper plan` shows its decisions through the same function, so what it shows is what the plan does.
 */
export function streamPolicy(options: PlannerOptions, limits: Pick<RiskLimits, 'maxSlippageBpsPerSwap'>, snapshot: Pick<Snapshot, 'baseFeeWei'>, estimates: readonly YieldEstimate[]): StreamPolicy {
  return {
    ...(options.compounding ?? DEFAULT_COMPOUNDING),
    baseFeeWei: snapshot.baseFeeWei,
    priorityFeeWei: options.priorityFeeWei,
    reinvestApy: opportunityApyOf(options, estimates),
    maxSlippageBpsPerSwap: limits.maxSlippageBpsPerSwap,
    ...(options.rewardPriceRiskApy === undefined ? {} : { priceRiskApyByToken: options.rewardPriceRiskApy }),
  };
}

/**
 * The yield cash could earn instead (what a queue's delay costs, what reinvested proceeds
 * earn): the configured figure, else the best fresh net APY, never below 0.
 * @example opportunityApyOf({}, [weETH at 3 %, a stale ezETH estimate at 9 %]) // 0.03
 */
export function opportunityApyOf(options: Pick<PlannerOptions, 'opportunityApy'>, estimates: readonly YieldEstimate[]): number {
  return options.opportunityApy ?? Math.max(0, ...estimates.filter((e) => !e.stale).map((e) => e.netApy));
}

/**
 * @example buildPlan({ current, approved: { ezETH: 3000 }, … }) // sells/deposits toward 30 % ezETH
 */
export function buildPlan(input: PlannerInput): Plan {
  const { snapshot, current, limits, options } = input;
  const total = current.totalWei;
  const netApy: Record<PositionId, number> = Object.fromEntries(input.estimates.map((e) => [e.positionId, e.netApy]));
  const opportunityApy = opportunityApyOf(options, input.estimates);
  const ctx = { maxSlippageBpsPerSwap: limits.maxSlippageBpsPerSwap, opportunityApy };

  const compounding = options.compounding ?? DEFAULT_COMPOUNDING;
  const rewards = compounding.enabled
    ? planRewards(snapshot, {
        minValueToCostMultiple: compounding.minValueToCostMultiple,
        maxSlippageBpsPerSwap: limits.maxSlippageBpsPerSwap,
        priorityFeeWei: options.priorityFeeWei,
        // With no accrual rate the claim rule falls back to the value floor alone.
        rewardWeiPerSecond: compounding.timing === 'value-multiple' ? 0 : rewardRate(snapshot, input.estimates),
        reinvestApy: opportunityApy,
        ...(options.rewardPriceRiskApy === undefined ? {} : { priceRiskApyByToken: options.rewardPriceRiskApy }),
      })
    : [];
  const streams = options.streamClaims ? streamClaimActions(options.streamClaims, streamPolicy(options, limits, snapshot, input.estimates)) : [];
  const housekeeping: Action[] = [...completions(snapshot), ...rewards, ...streams];
  // Liquid → restaked of the same LRT moves the held tokens first; the rest goes through the routes below.
  const inPlace = restakeInPlace({ snapshot, specs: input.specs, totalWei: total, currentWeights: current.weights, approved: input.approved, dustWei: options.dustWei });
  const observed = inPlace.positions;
  const sells: Action[] = [];
  const buys: { spec: PositionSpec; wei: bigint }[] = [];
  // Value that arrives in a position once a queued exit completes, without a trade of its own.
  const later: Record<PositionId, bigint> = {};
  // Value each position holds after the plan (queued exits leave it at once).
  const after: Record<PositionId, bigint> = {};
  // Protocol withdrawals completed first in this bundle pay the asset, which deposits may use.
  let cash = snapshot.idleWei + dueProtocolWei(snapshot);
  // Proceeds of queued exits: they fund later deposits once the queue pays out.
  let queuedWei = 0n;
  // Restaked value coming back as the liquid LRT the plan keeps: no sale, no buy of it.
  const unrestaked = unrestakeInPlace(input, observed);

  // Keep the idle buffer out of what deposits may spend.
  const buffer = mulDiv(total, BigInt(limits.minIdleBps), BPS_BIG, 'up');
  // Buys first: the sales below may need to know what they fund.
  const moving: { spec: PositionSpec; obs: PositionObservation; targetBps: number; targetWei: bigint }[] = [];
  for (const spec of input.specs) {
    const obs = observed.find((p) => p.positionId === spec.id);
    if (obs === undefined) continue;
    after[spec.id] = obs.valueWei;
    const targetBps = input.approved[spec.id] ?? 0;
    const remnant = targetBps === 0 && input.exitRemnants?.includes(spec.id) === true && obs.valueWei > 0n;
    if (targetBps === (current.weights[spec.id] ?? 0) && !remnant) continue;
    const targetWei = applyBps(total, targetBps);
    if (targetWei <= obs.valueWei) {
      moving.push({ spec, obs, targetBps, targetWei });
      continue;
    }
    // What an EigenLayer exit of the same LRT brings back covers this much, after its delay.
    const arriving = unrestaked.intoLiquid.get(spec.id) ?? 0n;
    const wei = targetWei - obs.valueWei - minBig(arriving, targetWei - obs.valueWei);
    if (wei >= options.dustWei) buys.push({ spec, wei });
  }

  // Buys priced under a mint now (a sound LRT's pool discount) cannot wait for a queue's cash:
  // while they are short of cash of now, a sale takes its immediate route when the extra cost
  // is under the discount it funds (the strategy's LP prices the same choice).
  const discount = discountBuys(buys, observed, opportunityApy);
  let discountShortWei = discount.wei - (cash > buffer ? cash - buffer : 0n);

  for (const { spec, obs, targetBps, targetWei } of moving) {
    // No dust filter on sells: a sale may be what brings a position back under its cap.
    // A position moved by a restake in place that already reads its approved weight keeps its rounding.
    if (inPlace.touched.has(spec.id) && targetBps > 0 && bpsOf(obs.valueWei, total) <= targetBps) continue;
    const sellWei = obs.valueWei - targetWei;
    const all = targetBps === 0;
    if (spec.eigen !== undefined) {
      const keptLiquidWei = unrestaked.fromRestaked.get(spec.id) ?? 0n;
      const soldAs = soldAsOf(input.specs, observed, spec);
      const a = queueRestaked(spec, obs, sellWei, all, ctx, { keptLiquidWei, ...(soldAs === undefined ? {} : { soldAs }) });
      if (a === undefined) continue;
      sells.push(a);
      const kept = minBig(keptLiquidWei, a.valueWei);
      queuedWei += a.valueWei - kept;
      after[spec.id] = obs.valueWei - a.valueWei > 0n ? obs.valueWei - a.valueWei : 0n;
      const twin = unrestaked.twinOf.get(spec.id);
      if (kept > 0n && twin !== undefined) later[twin] = (later[twin] ?? 0n) + kept;
    } else {
      const queued = sellLiquid(options.lrtQueuedExits === false ? withoutQueuedExit(spec) : spec, obs, sellWei, all, ctx);
      const a = queued?.route === 'queued' && discountShortWei > 0n ? (immediateFor(spec, obs, sellWei, all, ctx, queued, discount.gain) ?? queued) : queued;
      if (a === undefined) continue;
      if (a.route !== 'queued') discountShortWei -= a.expectedOutWei;
      sells.push(a);
      after[spec.id] = obs.valueWei - a.fairValueWei > 0n ? obs.valueWei - a.fairValueWei : 0n;
      if (a.route !== 'queued') cash += a.expectedOutWei;
      else queuedWei += a.expectedOutWei;
    }
  }

  // The bundle's gas is paid from idle too: reserve it, so deposits leave the buffer whole.
  const gasUnits = [...housekeeping, ...sells, ...inPlace.actions].reduce((u, a) => u + a.gas, GAS.bundleOverhead + (options.bundleGasOverhead ?? 0)) + buys.reduce((u, b) => u + GAS['deposit-lrt'] + (b.spec.eigen === undefined ? 0 : GAS['eigen-deposit'] + GAS.delegate), 0);
  const gasReserve = gasCostWei(gasUnits, snapshot.baseFeeWei, options.priorityFeeWei);
  const spendable = cash > buffer + gasReserve ? cash - buffer - gasReserve : 0n;
  const wanted = buys.reduce((s, b) => s + b.wei, 0n);
  const deposits: Action[] = [];
  const gasPrice = snapshot.baseFeeWei + options.priorityFeeWei;
  let entryGain = 0n;
  let delegated = inPlace.delegated;
  // Where the plan leads once queued exits have paid out and funded the deposits they were
  // sold for: the yield gain is judged on that, as the queue's delay is already a cost.
  const eventual: Record<PositionId, bigint> = { ...after };
  for (const [id, wei] of Object.entries(later)) eventual[id] = (eventual[id] ?? 0n) + wei;
  const unfunded = wanted > spendable ? wanted - spendable : 0n;
  for (const b of buys) {
    const wei = wanted <= spendable ? b.wei : mulDiv(b.wei, spendable, wanted);
    const later = unfunded === 0n || queuedWei === 0n ? 0n : mulDiv(b.wei - wei, unfunded <= queuedWei ? unfunded : queuedWei, unfunded);
    if (later > 0n) eventual[b.spec.id] = (eventual[b.spec.id] ?? 0n) + later;
    if (wei < options.dustWei) continue;
    const obs = observed.find((p) => p.positionId === b.spec.id);
    if (obs === undefined || obs.rateWad <= 0n) continue;
    // A deposit whose own gas it cannot earn back (× safetyMultiple over the horizon) is left
    // out rather than riding along with the moves that pay: the value stays idle.
    // The entry's realisable gain over a mint (a sound LRT bought under its rate) counts once.
    const actions = depositActions(b.spec, obs, wei, limits.maxSlippageBpsPerSwap, !delegated, gasPrice);
    const gained = actions.reduce((g, a) => g + (a.kind === 'deposit-lrt' ? entryGainWei(b.spec, obs, a, opportunityApy) : 0n), 0n);
    const gainOverHorizon = (Number(wei) * Math.max(0, netApy[b.spec.id] ?? 0) * limits.minNetGain.horizonDays) / 365 + Number(gained);
    const depositGas = actions.reduce((u, a) => u + a.gas, 0);
    if (gainOverHorizon <= Number(gasCostWei(depositGas, snapshot.baseFeeWei, options.priorityFeeWei)) * limits.minNetGain.safetyMultiple) continue;
    deposits.push(...actions);
    entryGain += gained;
    if (b.spec.eigen !== undefined) delegated = true;
    after[b.spec.id] = (after[b.spec.id] ?? 0n) + wei;
    eventual[b.spec.id] = (eventual[b.spec.id] ?? 0n) + wei;
  }

  const restakes = [...inPlace.actions, ...deposits];
  const topUp = bufferTopUp(input, observed, sells, restakes, housekeeping, cash, buffer, ctx);
  if (topUp !== undefined) {
    const { sale, replacing } = topUp;
    // A top-up taken out of a queued sale of the same LRT: that sale queues only the rest.
    let freed = 0n;
    if (replacing !== undefined) {
      const i = sells.indexOf(replacing.queued);
      freed = replacing.queued.fairValueWei - (replacing.rest?.fairValueWei ?? 0n);
      if (replacing.rest === undefined) sells.splice(i, 1);
      else sells[i] = replacing.rest;
    }
    sells.push(sale);
    const left = (after[sale.positionId] ?? 0n) + freed - sale.fairValueWei;
    after[sale.positionId] = left > 0n ? left : 0n;
    eventual[sale.positionId] = after[sale.positionId] ?? 0n;
  }

  const actions = [...housekeeping, ...withUndelegate(sells, restakes, snapshot), ...restakes];
  const resultingWeights: Record<PositionId, number> = Object.fromEntries(Object.entries(after).map(([id, v]) => [id, bpsOf(v, total)]));
  const summary = summarise(actions, snapshot, options.priorityFeeWei, input.specs, snapshot.positions, eventual, netApy, options.bundleGasOverhead, entryGain);
  const moved = sells.length + restakes.length > 0;
  const inputs: PlanInputs = {
    block: snapshot.block,
    timestamp: snapshot.timestamp,
    baseFeeWei: snapshot.baseFeeWei,
    totalWei: total,
    currentWeights: current.weights,
    approvedWeights: input.approved,
    netApy,
    ...input.explain,
  };
  const kind = moved ? 'rebalance' : actions.length > 0 ? 'compound' : 'hold';
  const reason =
    kind === 'rebalance'
      ? `move ${ethText(summary.totals.movedWei)} for ${ethText(summary.expectedYearlyGainWei)}/year at a cost of ${ethText(summary.totals.totalCostWei)} (gas ${ethText(summary.totals.gasCostWei)})`
      : kind === 'compound'
        ? 'compound: claim rewards and reward streams and complete due withdrawals only'
        : 'approved weights equal the current ones (or every trade is below dust)';
  return { kind, reason, actions, ...summary, resultingWeights, inputs };
}

/**
 * The bundle's gas is paid from idle asset. When the plan's immediate proceeds cannot cover it
 * without taking idle under the buffer (typically: the only sale goes through a queue, or the
 * plan only restakes LRT the vault holds), one
 * immediate sale tops the buffer up to the minimum plus the cap margin (limits.capMarginBps,
 * else twice the shortfall), so the next block's drift does not ask for another: first from a
 * position already being sold through a queue (from what the queue leaves it, else out of the
 * queued sale itself, which then queues only the rest: a cap repair that queued most of weETH
 * left too little beside it for the top-up, and the buffer stayed short until the queue paid),
 * else from the lowest-yielding liquid position the plan keeps whose sale stays within the
 * per-swap slippage limit (a sound LRT, never the depegged one into its discounted pool). When
 * no sale of now covers the shortfall, the largest one that fits the limit, of any of those.
 * Undefined when no top-up is needed or possible.
 */
function bufferTopUp(
  input: PlannerInput,
  observed: readonly PositionObservation[],
  sells: readonly Action[],
  deposits: readonly Action[],
  housekeeping: readonly Action[],
  cash: bigint,
  buffer: bigint,
  ctx: SellContext,
): BufferTopUp | undefined {
  if (sells.length === 0 && deposits.length === 0) return undefined;
  const units = [...housekeeping, ...sells, ...deposits].reduce((s, a) => s + a.gas, GAS.bundleOverhead + (input.options.bundleGasOverhead ?? 0));
  const gasPrice = input.snapshot.baseFeeWei + input.options.priorityFeeWei;
  const spent = deposits.reduce((s, a) => s + (a.kind === 'deposit-lrt' ? a.amountWei : 0n), 0n);
  const idleLeft = cash - spent - BigInt(units) * gasPrice;
  if (idleLeft >= buffer) return undefined;
  // The top-up waits out a base-fee spike by the one gas-wait rule (src/risk/gas-wait.ts), due
  // now, as this bundle leaves the buffer short. A shortfall within the 1 bp of rounding every
  // limit is allowed is not worth a sale at the spike's price: it waits as long as the spike
  // lasts, and should it drift further under, the risk engine's repair takes over with its own
  // bounded clock (which also tops up a buffer about to break through a spike, as it breaks:
  // idleTopUpNow, then this sale goes at once). A larger shortfall does not wait:
  // the bundle goes now and must not leave the buffer broken behind it. At ordinary fees the
  // top-up goes now, to the margin.
  const withinRounding = (buffer - idleLeft) * BPS_BIG <= input.current.totalWei;
  // A plan that sells nothing (a restake of LRT the vault holds) pays gas from idle all the same;
  // it tops up only a shortfall beyond that rounding, which the risk engine would not count.
  if (withinRounding && sells.length === 0) return undefined;
  const { timestamp } = input.snapshot;
  const wait = gasWait({ baseFeeWei: input.snapshot.baseFeeWei, maxBaseFeeGwei: input.limits.maxBaseFeeGwei, dueSince: timestamp, now: timestamp, maxWaitSeconds: withinRounding && input.idleTopUpNow !== true ? Number.POSITIVE_INFINITY : 0 });
  if (wait.wait) return undefined;
  // Short: the top-up sale's own gas comes on top.
  const idleAfter = cash - spent - BigInt(units + GAS.withdraw) * gasPrice;
  const shortfall = buffer - idleAfter;
  const margin = mulDiv(input.current.totalWei, BigInt(input.limits.capMarginBps ?? 0), BPS_BIG, 'up');
  // To the margin when a route takes that much within the per-swap limit, else the shortfall
  // (twice it, for the drift to the next block): a sale of the margin too large for the only
  // pool left the buffer short and the floor queuing another slice every block.
  const sizes = [shortfall + (margin > 0n ? margin : shortfall), 2n * shortfall];
  const within = (a: WithdrawAction | undefined): a is WithdrawAction => a !== undefined && a.route !== 'queued' && a.slippageBps <= ctx.maxSlippageBpsPerSwap && a.fairValueWei >= shortfall;
  const saleOf = (spec: PositionSpec, obs: PositionObservation): WithdrawAction | undefined => {
    for (const size of sizes) {
      const a = sellLiquid(withoutQueuedExit(spec), obs, size, false, ctx);
      if (within(a)) return a;
    }
    return undefined;
  };
  const queuedSales = sells.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.route === 'queued');
  // A sale of now out of a queued sale of the same LRT: that sale queues only the rest.
  const outOf = (queued: WithdrawAction, spec: PositionSpec, obs: PositionObservation, sale: WithdrawAction): BufferTopUp => {
    const restLrt = queued.amountLrt - sale.amountLrt;
    const requoted = restLrt > 0n && spec.exits.queued !== undefined ? sellLiquid({ ...spec, exits: { queued: spec.exits.queued } }, { ...obs, liquidBalance: restLrt }, 0n, true, ctx) : undefined;
    // It keeps its reason: the rest is still queued for what it was sold for.
    const rest = requoted === undefined ? undefined : { ...requoted, why: queued.why };
    return { sale, replacing: { queued, ...(rest === undefined ? {} : { rest }) } };
  };
  const why = (sale: WithdrawAction, spec: PositionSpec, what: string): WithdrawAction => ({ ...sale, why: `${spec.id}: sell ${sale.route}${what} to keep the idle buffer after the bundle's gas` });
  const queuedOf = queuedSales.flatMap((a) => {
    const spec = input.specs.find((x) => x.id === a.positionId);
    const obs = observed.find((p) => p.positionId === a.positionId);
    return spec === undefined || obs === undefined || obs.rateWad <= 0n ? [] : [{ a, spec, obs }];
  });
  for (const { a, spec, obs } of queuedOf) {
    const rest = { ...obs, liquidBalance: obs.liquidBalance - a.amountLrt };
    const beside = rest.liquidBalance > 0n ? saleOf(spec, rest) : undefined;
    if (beside !== undefined) return { sale: why(beside, spec, '') };
    const sale = saleOf(spec, obs);
    if (sale !== undefined) return outOf(a, spec, obs, why(sale, spec, ''));
  }
  const selling = new Set(sells.map((a) => ('positionId' in a ? a.positionId : '')));
  const buying = new Set(deposits.map((a) => ('positionId' in a ? a.positionId : '')));
  const apy = (id: PositionId): number => input.estimates.find((e) => e.positionId === id)?.netApy ?? 0;
  const candidates = input.specs
    .filter((s) => s.eigen === undefined && !selling.has(s.id) && !buying.has(s.id) && (input.approved[s.id] ?? 0) > 0)
    .sort((a, b) => apy(a.id) - apy(b.id))
    .flatMap((spec) => {
      const obs = observed.find((p) => p.positionId === spec.id);
      return obs === undefined || obs.rateWad <= 0n || obs.liquidBalance <= 0n ? [] : [{ spec, obs }];
    });
  for (const { spec, obs } of candidates) {
    const sale = saleOf(spec, obs);
    if (sale !== undefined) return { sale: why(sale, spec, ', the lowest-yielding sound position,') };
  }
  // No sale of now covers the shortfall: the largest that fits the per-swap limit goes, so the
  // buffer is short by less (or by no more than the rounding) until the queues pay, as a cap
  // repair too large for the pool sells the slice that fits (fitting-sale.ts). A 50,000 ETH
  // vault 325 bps short whose only sale of now within 30 bps, weETH's instant exit, took 1,500
  // of the 1,625 ETH sold nothing and waited ten days for a queue.
  const total = input.current.totalWei;
  const wantedBps = Number((shortfall * BPS_BIG + total - 1n) / total);
  let best: BufferTopUp | undefined;
  const saleGas = gasCostWei(GAS.withdraw, input.snapshot.baseFeeWei, input.options.priorityFeeWei);
  // fittingSaleBps found that size an immediate sale within the limit.
  const fitting = (spec: PositionSpec, obs: PositionObservation): WithdrawAction | undefined => {
    const bps = fittingSaleBps(spec, obs, total, wantedBps, ctx, saleGas);
    return bps < 1 ? undefined : sellLiquid(withoutQueuedExit(spec), obs, applyBps(total, bps), false, ctx);
  };
  const better = (option: BufferTopUp): void => {
    if (best === undefined || option.sale.expectedOutWei > best.sale.expectedOutWei) best = option;
  };
  for (const { a, spec, obs } of queuedOf) {
    const sale = fitting(spec, obs);
    if (sale !== undefined) better(outOf(a, spec, obs, why(sale, spec, ', what fits,')));
  }
  for (const { spec, obs } of candidates) {
    const sale = fitting(spec, obs);
    if (sale !== undefined) better({ sale: why(sale, spec, ', what fits,') });
  }
  return best;
}

/** The top-up sale, and the queued sale it was taken out of with what that still queues (none: it is dropped). */
interface BufferTopUp {
  readonly sale: WithdrawAction;
  readonly replacing?: { readonly queued: WithdrawAction; readonly rest?: WithdrawAction };
}

/**
 * A plan that queues all of the holder's restaked shares and restakes nothing leaves the
 * operator as well: its queues become one DelegationManager.undelegate (the same shares of
 * every strategy, the same delay), since a delegation with no stake earns nothing and would
 * block restaking with any other operator later (the risk engine refuses a position whose
 * operator is not the delegated one). Every such queue is marked; the call is made once.
 */
function withUndelegate(sells: readonly Action[], restakes: readonly Action[], snapshot: Snapshot): Action[] {
  if (snapshot.delegatedTo === undefined || restakes.some((a) => a.kind === 'eigen-deposit' || a.kind === 'delegate')) return [...sells];
  const queued = new Map<PositionId, bigint>();
  for (const a of sells) if (a.kind === 'eigen-queue-withdrawal') queued.set(a.positionId, (queued.get(a.positionId) ?? 0n) + a.depositShares);
  const staked = snapshot.positions.filter((p) => (p.eigen?.depositShares ?? 0n) > 0n);
  if (staked.length === 0 || staked.some((p) => queued.get(p.positionId) !== p.eigen?.depositShares)) return [...sells];
  // The one call carries every strategy's withdrawal: its gas is theirs together (an EOA signs
  // it with twice its action's gas, which one strategy's share left short: out of gas).
  const gas = sells.reduce((g, a) => g + (a.kind === 'eigen-queue-withdrawal' ? a.gas : 0), 0);
  let first = true;
  return sells.map((a) => {
    if (a.kind !== 'eigen-queue-withdrawal') return a;
    const carries = first;
    first = false;
    return { ...a, undelegate: true, gas: carries ? gas : 0, why: `${a.why}; the last restaked shares: undelegate, leaving the operator${carries ? '' : ' (in the first queue\'s call)'}` };
  });
}

/**
 * Restaked value the approved weights move into the liquid position of the same LRT: an
 * EigenLayer withdrawal returns the LRT itself (the book and the vault credit it to that
 * position), so that part is neither sold nor bought, only waited for. Pairs each shrinking
 * restaked position with the growing liquid position of its token, up to the smaller move.
 */
function unrestakeInPlace(input: PlannerInput, observed: readonly PositionObservation[]): { fromRestaked: Map<PositionId, bigint>; intoLiquid: Map<PositionId, bigint>; twinOf: Map<PositionId, PositionId> } {
  const fromRestaked = new Map<PositionId, bigint>();
  const intoLiquid = new Map<PositionId, bigint>();
  const twinOf = new Map<PositionId, PositionId>();
  const total = input.current.totalWei;
  const valueOf = (id: PositionId): bigint => observed.find((p) => p.positionId === id)?.valueWei ?? 0n;
  for (const restaked of input.specs) {
    if (restaked.eigen === undefined) continue;
    const out = valueOf(restaked.id) - applyBps(total, input.approved[restaked.id] ?? 0);
    if (out <= 0n) continue;
    const liquid = liquidTwin(input.specs, restaked);
    if (liquid === undefined) continue;
    const room = applyBps(total, input.approved[liquid.id] ?? 0) - valueOf(liquid.id) - (intoLiquid.get(liquid.id) ?? 0n);
    if (room <= 0n) continue;
    const kept = minBig(out, room);
    fromRestaked.set(restaked.id, kept);
    intoLiquid.set(liquid.id, (intoLiquid.get(liquid.id) ?? 0n) + kept);
    twinOf.set(restaked.id, liquid.id);
  }
  return { fromRestaked, intoLiquid, twinOf };
}

/** The vault's current reward accrual: Σ restaked value × estimated AVS APR, wei per second. */
function rewardRate(snapshot: Snapshot, estimates: readonly YieldEstimate[]): number {
  let perYear = 0;
  for (const e of estimates) {
    if (!(e.avsApr > 0)) continue;
    const obs = snapshot.positions.find((p) => p.positionId === e.positionId);
    if (obs?.eigen !== undefined) perYear += Number(obs.valueWei) * e.avsApr;
  }
  return perYear / SECONDS_PER_YEAR;
}

/**
 * The plan's buys whose entry beats a mint now by a discount a par exit can realise
 * (src/plan/entry.ts): their asset wei and the largest realisable gain among them, fraction.
 */
function discountBuys(buys: readonly { spec: PositionSpec; wei: bigint }[], observed: readonly PositionObservation[], opportunityApy: number): { wei: bigint; gain: number } {
  let wei = 0n;
  let gain = 0;
  for (const b of buys) {
    const obs = observed.find((p) => p.positionId === b.spec.id);
    if (obs === undefined) continue;
    const fill = poolFillWei(b.spec, obs);
    const g = realisable(dexEntryGain(b.spec, obs, fill > 0n ? minBig(b.wei, fill) : b.wei), b.spec, opportunityApy);
    if (!(g > 0)) continue;
    wei += b.wei;
    gain = Math.max(gain, g);
  }
  return { wei, gain };
}

/**
 * The immediate sale (DEX or instant, within the per-swap slippage limit) of what `queued`
 * would sell through the queue, when its extra cost is under `gain` (the realisable discount,
 * fraction) on its proceeds; else undefined.
 */
function immediateFor(spec: PositionSpec, obs: PositionObservation, sellWei: bigint, all: boolean, ctx: SellContext, queued: WithdrawAction, gain: number): WithdrawAction | undefined {
  const now = sellLiquid(withoutQueuedExit(spec), obs, sellWei, all, ctx);
  if (now === undefined || now.route === 'queued' || now.slippageBps > ctx.maxSlippageBpsPerSwap) return undefined;
  const extra = weiToNumber(now.costWei - queued.costWei);
  return extra < gain * weiToNumber(now.expectedOutWei) ? { ...now, why: `${spec.id}: sell ${now.venue === undefined ? now.route : `on ${now.venue}`} now, not through the queue, to buy at a discount of now` } : undefined;
}

function completions(snapshot: Snapshot): CompleteWithdrawalAction[] {
  return snapshot.queuedWithdrawals
    .filter((q) => q.completableAt < snapshot.timestamp)
    .map((q) => ({
      kind: 'complete-withdrawal' as const,
      withdrawalId: q.id,
      positionId: q.positionId,
      expectedWei: q.amountWei,
      gas: GAS['complete-withdrawal'],
      why: `${q.kind} withdrawal ${q.id} is due`,
    }));
}

function depositActions(spec: PositionSpec, obs: PositionObservation, wei: bigint, maxSlippageBps: number, needsDelegation: boolean, gasPriceWei: bigint): Action[] {
  const entries = entryActions(spec, obs, wei, maxSlippageBps, gasPriceWei);
  if (spec.eigen === undefined) return entries;
  // A restaked position always mints (entryActions): one deposit, whose LRT the restake takes.
  const deposit = entries[0] as DepositLrtAction;
  const out: Action[] = [deposit];
  if (needsDelegation) {
    const d: DelegateAction = { kind: 'delegate', operator: spec.eigen.operator, gas: GAS.delegate, why: `delegate to ${spec.eigen.operator} before restaking` };
    out.push(d);
  }
  const restake: EigenDepositAction = {
    kind: 'eigen-deposit',
    positionId: spec.id,
    strategy: spec.eigen.strategy,
    amountLrt: deposit.expectedLrt,
    gas: GAS['eigen-deposit'],
    why: `${spec.id}: restake the minted ${spec.symbol}`,
  };
  out.push(restake);
  return out;
}
