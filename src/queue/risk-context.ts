/**
 * The decision again, with the state only the daemon knows: turnover already landed today
 * and the last rebalance. planVault decides one tick as if the day started fresh (right for
 * a dry run); the daemon re-runs the same pure `decide` with the real context, so the risk
 * engine clamps a move to what is left of the day's budget instead of the keeper spending
 * it twice. Same inputs, same code as planVault: only the context differs.
 */
import type { KeeperConfig } from '../config/schema.ts';
import { decide } from '../plan/decide.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import { riskLimits } from '../keeper/settings.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';
import type { TurnoverLedger } from './turnover.ts';

/**
 * @example const planned = await withDaemonContext(await planVault(deps, vault), config, strategies, ledger);
 */
export async function withDaemonContext(planned: VaultPlan, config: KeeperConfig, strategies: StrategyRegistry, ledger: TurnoverLedger): Promise<VaultPlan> {
  const vault = planned.settings.name;
  const vaultConfig = config.vaults.find((v) => v.name === vault);
  if (vaultConfig === undefined) return planned;
  const timestamp = planned.observation.snapshot.timestamp;
  const [used, lastRebalanceAt] = await Promise.all([ledger.used(vault, timestamp), ledger.lastRebalance(vault)]);
  if (used === 0 && lastRebalanceAt === undefined) return planned;
  const decision = decide({
    snapshot: planned.observation.snapshot,
    specs: planned.specs,
    estimates: planned.estimates,
    limits: riskLimits(planned.settings.risk),
    context: { ...planned.context, turnoverUsedTodayBps: used, ...(lastRebalanceAt === undefined ? {} : { lastRebalanceAt }) },
    strategy: strategies.get(planned.settings.strategy.name),
    params: planned.settings.strategy.params,
    plannerOptions: planned.plannerOptions,
  });
  return { ...planned, decision };
}
