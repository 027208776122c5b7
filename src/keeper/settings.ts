/**
 * Config → the option objects of the pure middle (risk limits, estimator, planner). Field
 * names are shared, so this is mostly a copy that the type checker keeps honest.
 */
import type { VaultConfig, KeeperConfig } from '../config/schema.ts';
import type { RiskConfig } from '../config/policy-schema.ts';
import type { RiskLimits } from '../domain/limits.ts';
import { gweiToWei } from '../domain/units.ts';
import { DEFAULT_ESTIMATOR_OPTIONS, type EstimatorOptions } from '../yield/estimate.ts';
import { slashingHazardOptions } from '../yield/slashing-hazard.ts';
import { DEFAULT_PLANNER_OPTIONS, type CompoundingOptions, type PlannerOptions } from '../plan/planner.ts';
import { VAULT_VALUATION_GAS } from '../plan/gas.ts';

export function riskLimits(risk: RiskConfig): RiskLimits {
  return {
    maxWeightPerPositionBps: risk.maxWeightPerPositionBps,
    maxWeightPerProtocolBps: risk.maxWeightPerProtocolBps,
    maxWeightPerOperatorBps: risk.maxWeightPerOperatorBps,
    maxWeightPerAvsBps: risk.maxWeightPerAvsBps,
    minIdleBps: risk.minIdleBps,
    capMarginBps: risk.capMarginBps,
    maxRepairGasWaitSeconds: risk.maxRepairGasWaitSeconds,
    maxTurnoverPerDayBps: risk.maxTurnoverPerDayBps,
    maxSlippageBpsPerSwap: risk.maxSlippageBpsPerSwap,
    maxSlippageBpsPerRebalance: risk.maxSlippageBpsPerRebalance,
    depeg: { ...risk.depeg },
    staleAfterSeconds: risk.staleAfterSeconds,
    maxBaseFeeGwei: risk.maxBaseFeeGwei,
    slashing: { ...risk.slashing },
    minNetGain: { ...risk.minNetGain },
    maxRateJumpBps: risk.maxRateJumpBps,
  };
}

/** Estimator windows and fees are not configurable yet: defaults, with the vault's risk bounds and slashing hazard. */
export function estimatorOptions(risk: RiskConfig): EstimatorOptions {
  return { ...DEFAULT_ESTIMATOR_OPTIONS, staleAfterSeconds: risk.staleAfterSeconds, maxRateJumpBps: risk.maxRateJumpBps, slashingHazard: slashingHazardOptions(risk.slashing) };
}

export function plannerOptions(config: KeeperConfig, vault: VaultConfig): PlannerOptions {
  const guarded = vault.backend === 'vault' || vault.backend === 'safe-module';
  return {
    ...DEFAULT_PLANNER_OPTIONS,
    priorityFeeWei: gweiToWei(config.execution.maxPriorityFeePerGasGwei),
    // The RestakingVault (and the Safe module, with the same guards) neither allowlists nor values
    // LRT withdrawal tickets, so they exit through DEX or instant routes (and EigenLayer's queue) only.
    lrtQueuedExits: !guarded,
    // RestakingVault.execute (and the module's) values the holder before and after the calls.
    ...(guarded ? { bundleGasOverhead: 2 * VAULT_VALUATION_GAS } : {}),
    // The vault's overrides over the global section, as resolveVaultSettings merges them.
    compounding: compoundingOptions({
      enabled: vault.compounding?.enabled ?? config.compounding.enabled,
      minValueToCostMultiple: vault.compounding?.minValueToCostMultiple ?? config.compounding.minValueToCostMultiple,
      timing: vault.compounding?.timing ?? config.compounding.timing,
    }),
  };
}

/** The planner's view of the vault's (merged) compounding settings. */
export function compoundingOptions(c: CompoundingOptions): CompoundingOptions {
  return { enabled: c.enabled, minValueToCostMultiple: c.minValueToCostMultiple, timing: c.timing ?? 'gas-optimal' };
}
