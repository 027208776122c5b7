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
 *
 * A fresh start has no rate history, so every position's estimate is stale until a few
 * samples arrive: that is the start-up, not data that went stale, and paging for it teaches
 * operators to ignore the page. STALE_DATA of a position never seen with fresh rate data
 * (remembered per vault in Redis, so it holds across processes and restarts) is left out.
 *
 * Each transition is one log line in plain words: a trip at WARN, a reset at INFO.
 */
import type { FindingCode, RiskFinding } from '../domain/verdict.ts';
import { BREAKER_CODES } from '../risk/breakers.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import { createBreakerState, type BreakerTransitions } from '../state/breaker-state.ts';
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { DaemonContext } from './context.ts';

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
export async function emitBreakerTransitions(
  ctx: Pick<DaemonContext, 'redis' | 'config'> & { readonly events: KeeperEventBus; readonly logger?: Logger },
  vault: string,
  planned: Pick<VaultPlan, 'observation' | 'decision'> & { readonly estimates?: VaultPlan['estimates'] },
): Promise<BreakerTransitions | undefined> {
  const all = openBreakers(planned.decision.verdict.findings);
  if (all === undefined) return undefined;
  const state = createBreakerState(ctx.redis, ctx.config.queue.prefix);
  const block = planned.observation.snapshot.block;
  const fresh = (planned.estimates ?? []).filter((e) => !e.stale).map((e) => e.positionId);
  const staleOf = (b: OpenBreaker): string | undefined => (b.breaker.startsWith('STALE_DATA:') ? b.breaker.slice('STALE_DATA:'.length) : undefined);
  // The warm-up and the apply are one script: one Redis round trip.
  const observed = all.map((b) => {
    const position = staleOf(b);
    return position === undefined ? { breaker: b.breaker } : { breaker: b.breaker, unlessWarmingUp: position };
  });
  const transitions = await state.applyObserved(vault, block, observed, fresh);
  const { warming } = transitions;
  const open = all.filter((b) => {
    const position = staleOf(b);
    return position === undefined || !warming.has(position);
  });
  if (warming.size > 0) ctx.logger?.debug({ vault, block, positions: [...warming] }, `rate history still warming up for ${[...warming].join(', ')}: not a stale-data breaker yet`);
  const reasonOf = new Map(open.map((b) => [b.breaker, b.reason]));
  for (const breaker of transitions.tripped) {
    const reason = reasonOf.get(breaker) ?? breaker;
    ctx.logger?.warn({ vault, breaker, block }, `breaker ${breaker} tripped on ${vault} at block ${block}: ${reason}`);
    ctx.events.emit('breaker.tripped', { vault, breaker, reason });
  }
  for (const breaker of transitions.reset) {
    ctx.logger?.info({ vault, breaker, block }, resetText(vault, breaker, block, transitions.resetSince?.[breaker]));
    ctx.events.emit('breaker.reset', { vault, breaker });
  }
  if (transitions.applied) ctx.events.emit('breaker.state', { vault, open: open.map((b) => b.breaker) });
  return transitions;
}

/** @example resetText('main', 'DEPEG:weETH', 130, 120) // 'breaker DEPEG:weETH reset on main at block 130: no longer seen (open since block 120, 10 blocks)' */
export function resetText(vault: string, breaker: string, block: number, since: number | undefined): string {
  const lasted = since === undefined || !Number.isFinite(since) ? '' : ` (open since block ${since}, ${block - since} block${block - since === 1 ? '' : 's'})`;
  return `breaker ${breaker} reset on ${vault} at block ${block}: no longer seen${lasted}`;
}
