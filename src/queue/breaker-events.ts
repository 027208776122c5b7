/**
 * `breaker.tripped` / `breaker.reset` from the observe job's decisions: which per-position
 * breakers a verdict shows open, applied to the vault's breaker state in Redis
 * (src/state/breaker-state.ts), which says which of them changed, once across processes.
 *
 * Breakers are the findings of the per-position breakers (src/risk/breakers.ts): depeg,
 * slashed operator, stale or jumping rate data, delegation conflict. A clamp by a cap, the
 * turnover limit or a base-fee refusal is a limit the plan respects, not a breaker. A breaker
 * is named `${code}:${positionId}` (e.g. `DEPEG:weETH`): bounded by the fixed code list times
 * the configured positions, and one alert per position, resolved when that position clears.
 *
 * When the engine refused before running the per-position breakers (a stale snapshot), their
 * state is unknown, not clear: nothing is applied, so open breakers do not reset and trip
 * again a block later.
 */
import type { FindingCode, RiskFinding } from '../domain/verdict.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import { createBreakerState, type BreakerTransitions } from '../state/breaker-state.ts';
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { DaemonContext } from './context.ts';

/** Finding codes produced by positionBreakers. */
export const BREAKER_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['DEPEG', 'SLASHED_OPERATOR', 'STALE_DATA', 'RATE_JUMP', 'DELEGATION_CONFLICT']);

export interface OpenBreaker {
  readonly breaker: string;
  readonly reason: string;
}

/** @example breakerName('DEPEG', 'weETH') // 'DEPEG:weETH' */
export function breakerName(code: FindingCode, positionId: string): string {
  return `${code}:${positionId}`;
}

/**
 * The breakers open in a verdict, one per name (messages of a repeated name joined), or
 * undefined when the per-position breakers did not run (global stale-snapshot refusal).
 */
export function openBreakers(findings: readonly RiskFinding[]): OpenBreaker[] | undefined {
  if (findings.some((f) => f.code === 'STALE_DATA' && f.positionId === undefined)) return undefined;
  const reasons = new Map<string, string[]>();
  for (const f of findings) {
    if (!BREAKER_CODES.has(f.code) || f.positionId === undefined) continue;
    const name = breakerName(f.code, f.positionId);
    reasons.set(name, [...(reasons.get(name) ?? []), f.message]);
  }
  return [...reasons].map(([breaker, messages]) => ({ breaker, reason: messages.join('; ') }));
}

/**
 * Applies the decision's open breakers at its snapshot block and emits the transitions this
 * call won. Returns undefined when the verdict says nothing about the breakers.
 *
 * @example await emitBreakerTransitions(ctx, 'devnet-main', planned) // { applied: true, tripped: ['DEPEG:weETH'], reset: [], … }
 */
export async function emitBreakerTransitions(ctx: Pick<DaemonContext, 'redis' | 'config'> & { readonly events: KeeperEventBus }, vault: string, planned: Pick<VaultPlan, 'observation' | 'decision'>): Promise<BreakerTransitions | undefined> {
  const open = openBreakers(planned.decision.verdict.findings);
  if (open === undefined) return undefined;
  const state = createBreakerState(ctx.redis, ctx.config.queue.prefix);
  const transitions = await state.apply(vault, planned.observation.snapshot.block, open.map((b) => b.breaker));
  const reasonOf = new Map(open.map((b) => [b.breaker, b.reason]));
  for (const breaker of transitions.tripped) ctx.events.emit('breaker.tripped', { vault, breaker, reason: reasonOf.get(breaker) ?? breaker });
  for (const breaker of transitions.reset) ctx.events.emit('breaker.reset', { vault, breaker });
  if (transitions.applied) ctx.events.emit('breaker.state', { vault, open: open.map((b) => b.breaker) });
  return transitions;
}
