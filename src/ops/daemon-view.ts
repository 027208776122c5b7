/**
 * What the running daemon knows that one tick does not: the turnover already landed today,
 * the last rebalance, the keeper-side pause and a plan still in flight. `keeper plan` and
 * `keeper execute` decide with the same context as the daemon (src/queue/risk-context.ts), so
 * a dry run never says ACT where the daemon would hold, and say which of these holds it.
 */
import type { Redis } from 'ioredis';
import type { KeeperConfig } from '../config/schema.ts';
import type { VaultPlan, VaultRejected } from '../keeper/tick.ts';
import { withDaemonContext } from '../queue/risk-context.ts';
import { createTurnoverLedger } from '../queue/turnover.ts';
import { vaultStatePrefix } from '../queue/names.ts';
import { createIntentStore } from '../state/intents.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';
import { pausedVaults } from './pause.ts';

export interface DaemonView {
  /** Discretionary turnover landed on the snapshot's UTC day, bps of the vault. */
  turnoverUsedTodayBps: number;
  turnoverLimitBps: number;
  /** Chain time of the last landed rebalance, unix seconds. */
  lastRebalanceAt: number | null;
  /** The keeper-side pause (`keeper pause`), if any. */
  paused: { reason: string; by: string; since: number } | null;
  /** Plans of this vault still open (sent or being sent): the daemon waits for them. */
  openPlans: string[];
  /** Why the daemon would not act on this plan now; empty when it would. */
  holds: string[];
}

/**
 * Re-decides with the daemon's context and says what would hold the daemon back.
 * @example const { planned, view } = await withDaemonView(await planVault(deps, vault), redis, config, strategies);
 */
export async function withDaemonView<T extends VaultPlan | VaultRejected>(
  planned: T,
  redis: Redis,
  config: KeeperConfig,
  strategies: StrategyRegistry,
): Promise<{ planned: T; view?: DaemonView }> {
  if (!planned.ok) return { planned };
  const vault = planned.settings.name;
  const prefix = config.queue.prefix;
  const ledger = createTurnoverLedger(redis, prefix);
  const timestamp = planned.observation.snapshot.timestamp;
  const [decided, used, last, pauses, open] = await Promise.all([
    withDaemonContext(planned, config, strategies, ledger),
    ledger.used(vault, timestamp),
    ledger.lastRebalance(vault),
    pausedVaults(redis, prefix, [vault]),
    createIntentStore(redis, vaultStatePrefix(prefix, vault)).open(),
  ]);
  const pause = pauses.get(vault);
  const limit = planned.settings.risk.maxTurnoverPerDayBps;
  const acts = decided.decision.plan.kind !== 'hold';
  const holds: string[] = [];
  if (acts && pause) holds.push(`vault paused with keeper pause by ${pause.by}${pause.reason ? `: ${pause.reason}` : ''}`);
  if (acts && open.length > 0) holds.push(`plan ${open.map((i) => i.planId).join(', ')} is still in flight`);
  const view: DaemonView = {
    turnoverUsedTodayBps: used,
    turnoverLimitBps: limit,
    lastRebalanceAt: last ?? null,
    paused: pause ? { reason: pause.reason, by: pause.by, since: pause.since } : null,
    openPlans: open.map((i) => i.planId),
    holds,
  };
  return { planned: decided as T, view };
}
