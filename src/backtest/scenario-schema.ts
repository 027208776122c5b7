/**
 * The backtest scenario format (JSON, validated with zod; see docs/backtest.md).
 *
 * A scenario is a small market replayed step by step:
 * - `positions`: what the vault may hold (LRT symbol, risk tier, exit routes, and for a
 *   restaked position its EigenLayer operator), plus the `operators`, `avs` and
 *   `rewardTokens` those refer to by name (addresses are derived from the names).
 * - `initial`: the vault's size and weights at the first step after the warm-up.
 * - `series`: keyframes, inline (`rows`) or in a CSV file (`csv`, relative to the JSON). Each
 *   row has a `step` and any of these columns (empty = not given):
 *     baseFeeGwei                       gas base fee
 *     <SYMBOL>.rate                     protocol rate, ETH per LRT (required at step 0)
 *     <SYMBOL>.apyBps                   rate growth; then later rates compound from it
 *     <SYMBOL>.dexDiscountBps           DEX mid price below the rate (default 0 = pegged)
 *     <SYMBOL>.dexLiquidityEth          WETH side of the LRT/WETH pool
 *     <SYMBOL>.instantLiquidityEth      what the protocol's instant exit can take (drain / refill)
 *     <SYMBOL>.queueDelayDays           the protocol queue's delay for a request made now
 *     <SYMBOL>.withdrawalsPaused        1 = the protocol takes no instant or queued exit and
 *                                       pays no queued request (held, not interpolated)
 *     <AVS>.aprBps                      AVS reward APR paid on restaked value
 *     <TOKEN>.priceEth / .liquidityEth  the reward token's pool
 *   Values between keyframes are interpolated linearly and held after the last keyframe.
 * - `events` at a step: `depeg` (DEX discount overlay that recovers linearly), `slashing`
 *   (an operator loses a fraction of restaked value), `reward-stop` (an AVS pays nothing
 *   from then on), `gas-spike` (base fee overlay for some steps), `withdrawal-pause` (the
 *   protocol's withdrawals paused for some steps, like the series column).
 * - `sources`: the public facts the numbers come from; a scenario without them is refused.
 */
import { z } from 'zod';
import { LRT_SYMBOLS, type LrtSymbol } from '../domain/types.ts';

/** More ether than exists (about 1.2e8): the ceiling of any amount in ETH a scenario gives. */
export const MAX_ETH = 1e9;
/** A DEX price at a tenth of the rate: the deepest discount a scenario may give. */
export const MAX_DISCOUNT_BPS = 9_000;
/** 100,000 gwei: far past any base fee mainnet has seen. */
export const MAX_BASE_FEE_GWEI = 100_000;

const name = () => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/, 'use letters, digits, _ and - (at most 41)');
const bps = () => z.number().int().min(0).max(10_000);
const nonNeg = () => z.number().finite().min(0);

export const exitsSchema = z
  .strictObject({
    dex: z.strictObject({ feeBps: bps().default(30) }).optional(),
    instant: z.strictObject({ feeBps: bps() }).optional(),
    queued: z.strictObject({ delaySeconds: z.number().int().positive() }).optional(),
  })
  .refine((e) => e.dex !== undefined || e.instant !== undefined || e.queued !== undefined, { message: 'give at least one exit (dex, instant or queued)' });

export const positionSchema = z.strictObject({
  id: name(),
  symbol: z.enum(LRT_SYMBOLS as [LrtSymbol, ...LrtSymbol[]]),
  riskTier: z.number().int().min(1).max(5),
  exits: exitsSchema,
  /** Present for a position restaked in EigenLayer through this operator. */
  restaked: z
    .strictObject({
      operator: name(),
      /** EigenLayer withdrawal delay; default 14 days (mainnet 100800 blocks). */
      withdrawalDelaySeconds: z.number().int().positive().optional(),
    })
    .optional(),
});

const seriesRowSchema = z.record(z.string(), z.union([z.number().finite(), z.null()]));

const eventBase = { step: z.number().int().min(0), note: z.string().optional() };

export const eventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...eventBase,
    kind: z.literal('depeg'),
    symbol: z.enum(LRT_SYMBOLS as [LrtSymbol, ...LrtSymbol[]]),
    /** Deepest DEX discount to the protocol rate, reached at `step`. */
    discountBps: z.number().int().min(1).max(MAX_DISCOUNT_BPS),
    /** Steps to recover linearly to the series' own discount. */
    recoverySteps: z.number().int().min(1),
    /** Pool depth multiplier during the event (LPs pull liquidity), default 1. */
    liquidityFactor: z.number().positive().max(1).default(1),
  }),
  z.strictObject({ ...eventBase, kind: z.literal('slashing'), operator: name(), avs: name(), fractionBps: z.number().int().min(1).max(10_000) }),
  z.strictObject({ ...eventBase, kind: z.literal('reward-stop'), avs: name() }),
  z.strictObject({ ...eventBase, kind: z.literal('gas-spike'), baseFeeGwei: z.number().positive().max(MAX_BASE_FEE_GWEI), durationSteps: z.number().int().min(1) }),
  z.strictObject({
    ...eventBase,
    kind: z.literal('withdrawal-pause'),
    symbol: z.enum(LRT_SYMBOLS as [LrtSymbol, ...LrtSymbol[]]),
    /** Steps the protocol's instant exit, queue and queued payouts stay paused. */
    durationSteps: z.number().int().min(1),
  }),
]);

export const scenarioSchema = z.strictObject({
  name: name(),
  description: z.string().min(1),
  /** Public facts the numbers are built from. */
  sources: z.array(z.string().min(1)).min(1, 'name at least one public source for the numbers'),
  notes: z.array(z.string()).default([]),
  /** Unix seconds of step 0. */
  start: z.number().int().min(0),
  stepSeconds: z.number().int().min(12).max(7 * 86_400),
  /** Total steps, warm-up included. */
  steps: z.number().int().min(2).max(20_000),
  /** Leading steps that only build rate history; the book starts after them. */
  warmupSteps: z.number().int().min(0).default(0),
  /** Tip paid on top of the base fee, gwei. */
  priorityFeeGwei: nonNeg().default(0.5),
  initial: z.strictObject({ totalEth: z.number().positive().max(MAX_ETH), weights: z.record(z.string(), bps()) }),
  positions: z.array(positionSchema).min(1),
  operators: z.array(z.strictObject({ name: name(), avs: z.array(name()).min(1) })).default([]),
  avs: z.array(z.strictObject({ name: name(), rewardToken: name() })).default([]),
  rewardTokens: z.array(z.strictObject({ symbol: name(), decimals: z.number().int().min(0).max(36).default(18) })).default([]),
  series: z.union([z.strictObject({ csv: z.string().min(1) }), z.strictObject({ rows: z.array(seriesRowSchema).min(1) })]),
  events: z.array(eventSchema).default([]),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioDoc = z.output<typeof scenarioSchema>;
export type ScenarioPosition = ScenarioDoc['positions'][number];
export type ScenarioEvent = ScenarioDoc['events'][number];
/** One keyframe row; `step` plus column values (null = not given). */
export type SeriesRow = Readonly<Record<string, number | null>>;
