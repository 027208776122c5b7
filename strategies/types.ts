/**
 * The strategy plugin interface.
 *
 * A strategy is pure: from what was observed and estimated, and its own validated params, it
 * returns target weights. It sees no secrets, no clients and no clock other than the
 * snapshot's. The risk engine clamps whatever it returns, so a strategy may be naive about
 * breakers, but it should respect the caps to get the allocation it asks for.
 */
import type { z } from 'zod';
import type { Allocation, TargetWeights } from '../src/domain/allocation.ts';
import type { YieldEstimate } from '../src/domain/estimate.ts';
import type { RiskLimits } from '../src/domain/limits.ts';
import type { Snapshot } from '../src/domain/snapshot.ts';
import type { PositionSpec } from '../src/domain/types.ts';

export interface StrategyInput {
  readonly snapshot: Snapshot;
  readonly estimates: readonly YieldEstimate[];
  readonly current: Allocation;
  readonly limits: RiskLimits;
  readonly specs: readonly PositionSpec[];
  /** Unix seconds of the last executed rebalance, when known. */
  readonly lastRebalanceAt?: number;
  /** Since when (unix seconds) cash has waited above the idle buffer, when it does (src/risk/idle-wait.ts). */
  readonly idleWaitingSince?: number;
}

export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  /** Registry key, used in config (`strategy.name`). */
  readonly name: string;
  readonly description: string;
  /** Validates and defaults the params from config. */
  readonly paramsSchema: S;
  /** Params are the output of paramsSchema (already validated). */
  decide(input: StrategyInput, params: z.output<S>): TargetWeights;
}

/** Identity helper that infers the params type from the schema. */
export function defineStrategy<S extends z.ZodType>(def: StrategyDefinition<S>): StrategyDefinition<S> {
  return def;
}
