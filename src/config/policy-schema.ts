/**
 * The policy sections of the config: risk limits, compounding and strategy choice, each as a
 * full schema with defaults (global) and as a partial override (per vault).
 *
 * The risk field names are shared with the risk engine; renaming one is a breaking change for
 * it. Defaults are deliberately conservative: a config that omits `risk` should be safe to run.
 */
import { z } from 'zod';
import type { SchemaContext } from './context.ts';
import { bps, nameField, positiveInt } from './fields.ts';
import { issueToSubIssues } from './issues.ts';

const positiveNumber = () => z.number().positive();

const depegShape = {
  /** Discount to the LRT's fair rate that counts as a depeg. */
  thresholdBps: bps(),
  /** Whether a depeg triggers an exit (true) or only freezes new deposits (false). */
  exit: z.boolean(),
  /** Seconds a depeg must persist before it forces an exit (new deposits freeze at once). */
  confirmSeconds: z.number().int().min(0).max(7 * 86_400),
  /** Longest wait, once a depeg exit through a queue is due, for a base-fee spike to pass (0: never wait). */
  maxGasWaitSeconds: z.number().int().min(0).max(7 * 86_400),
};

const repairWait = () => z.number().int().min(0).max(7 * 86_400);

const slashingShape = {
  freezeDeposits: z.boolean(),
  exit: z.boolean(),
  /** Expected yearly loss of a restaked position with no slashing history, bps (priced into its net APY). */
  hazardBps: bps(),
  /** Expected recurrences a year of a slashing of the position's own operator (raises the hazard by the fraction slashed × this). */
  repeatPerYear: z.number().min(0).max(100),
  /** Same, for a slashing of another operator by an AVS the position's operator serves. */
  avsRepeatPerYear: z.number().min(0).max(100),
};

const minNetGainShape = {
  /** Gains are compared with costs over this many days. */
  horizonDays: positiveInt().max(365),
  /** Expected gain must exceed cost times this. */
  safetyMultiple: z.number().min(1).max(100),
};

export const riskSchema = z.strictObject({
  maxWeightPerPositionBps: bps().default(4_000),
  maxWeightPerProtocolBps: bps().default(4_000),
  maxWeightPerOperatorBps: bps().default(5_000),
  maxWeightPerAvsBps: bps().default(5_000),
  minIdleBps: bps().default(200),
  /** Plans stay this far inside every cap and above minIdleBps, so drift triggers no repair. */
  capMarginBps: bps().max(500).default(25),
  /** Longest a broken cap or a short idle buffer waits out a base-fee spike before it is repaired at the spike's price (0: never wait). */
  maxRepairGasWaitSeconds: repairWait().default(43_200),
  maxTurnoverPerDayBps: bps().default(2_000),
  // Measured against the protocol rate, so it must leave room for the 0.3% pool fee itself.
  maxSlippageBpsPerSwap: bps().default(60),
  maxSlippageBpsPerRebalance: bps().default(50),
  depeg: z
    .strictObject({ thresholdBps: depegShape.thresholdBps.default(200), exit: depegShape.exit.default(true), confirmSeconds: depegShape.confirmSeconds.default(600), maxGasWaitSeconds: depegShape.maxGasWaitSeconds.default(43_200) })
    .prefault({}),
  staleAfterSeconds: positiveInt().default(600),
  maxBaseFeeGwei: positiveNumber().default(50),
  slashing: z
    .strictObject({
      freezeDeposits: slashingShape.freezeDeposits.default(true),
      exit: slashingShape.exit.default(false),
      hazardBps: slashingShape.hazardBps.default(10),
      repeatPerYear: slashingShape.repeatPerYear.default(6),
      avsRepeatPerYear: slashingShape.avsRepeatPerYear.default(0.5),
    })
    .prefault({}),
  minNetGain: z
    .strictObject({
      horizonDays: minNetGainShape.horizonDays.default(30),
      safetyMultiple: minNetGainShape.safetyMultiple.default(2),
    })
    .prefault({}),
  /** Sanity bound on an observed rate change between two ticks; larger jumps are distrusted. */
  maxRateJumpBps: bps().default(100),
});
export type RiskConfig = z.output<typeof riskSchema>;

/** Per-vault risk overrides: any subset of the global fields, merged over them. */
export const riskOverridesSchema = z.strictObject({
  maxWeightPerPositionBps: bps().optional(),
  maxWeightPerProtocolBps: bps().optional(),
  maxWeightPerOperatorBps: bps().optional(),
  maxWeightPerAvsBps: bps().optional(),
  minIdleBps: bps().optional(),
  capMarginBps: bps().max(500).optional(),
  maxRepairGasWaitSeconds: repairWait().optional(),
  maxTurnoverPerDayBps: bps().optional(),
  maxSlippageBpsPerSwap: bps().optional(),
  maxSlippageBpsPerRebalance: bps().optional(),
  depeg: z.strictObject(depegShape).partial().optional(),
  staleAfterSeconds: positiveInt().optional(),
  maxBaseFeeGwei: positiveNumber().optional(),
  slashing: z.strictObject(slashingShape).partial().optional(),
  minNetGain: z.strictObject(minNetGainShape).partial().optional(),
  maxRateJumpBps: bps().optional(),
});
export type RiskOverrides = z.output<typeof riskOverridesSchema>;

const compoundingShape = {
  enabled: z.boolean(),
  /** Claim and re-invest only when the value is at least this multiple of the gas cost. */
  minValueToCostMultiple: z.number().min(1).max(1_000),
  swapSlippageBps: bps(),
  checkEverySeconds: positiveInt(),
  /**
   * `gas-optimal`: claim once the accrued value reaches √(2·cost·rate/ρ), the interval that
   * minimises gas plus idle-reward drag (days on mainnet). `value-multiple`: claim as soon as
   * the value beats cost × minValueToCostMultiple (simple and predictable; used on the devnet,
   * whose minutes-long runs never reach the gas-optimal point).
   */
  timing: z.enum(['gas-optimal', 'value-multiple']),
};

export const compoundingSchema = z.strictObject({
  enabled: compoundingShape.enabled.default(true),
  minValueToCostMultiple: compoundingShape.minValueToCostMultiple.default(3),
  swapSlippageBps: compoundingShape.swapSlippageBps.default(50),
  checkEverySeconds: compoundingShape.checkEverySeconds.default(3_600),
  timing: compoundingShape.timing.default('gas-optimal'),
});
export type CompoundingConfig = z.output<typeof compoundingSchema>;

export const compoundingOverridesSchema = z.strictObject(compoundingShape).partial();
export type CompoundingOverrides = z.output<typeof compoundingOverridesSchema>;

/** A strategy choice after validation: params are the output of the strategy's own schema. */
export interface StrategyChoice {
  name: string;
  params: unknown;
}

/**
 * `{ name, params }`. With a registry in the context, the name must be registered and the
 * params must pass that strategy's schema; problems are reported under `…strategy.params.<field>`.
 */
export function strategyChoiceSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      name: nameField(),
      params: z.record(z.string(), z.unknown()).default({}),
    })
    .transform((choice, tctx): StrategyChoice => {
      const registry = ctx.strategies;
      if (!registry) return choice;
      const paramsSchema = registry.names.includes(choice.name) ? registry.paramsSchema(choice.name) : undefined;
      if (!paramsSchema) {
        const known = registry.names.length > 0 ? registry.names.join(', ') : '(none registered)';
        tctx.addIssue({ code: 'custom', path: ['name'], message: `unknown strategy "${choice.name}"; known strategies: ${known}` });
        return z.NEVER;
      }
      const parsed = paramsSchema.safeParse(choice.params);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          for (const sub of issueToSubIssues(issue)) {
            tctx.addIssue({ code: 'custom', path: ['params', ...sub.path], message: sub.message });
          }
        }
        return z.NEVER;
      }
      return { name: choice.name, params: parsed.data };
    });
}
