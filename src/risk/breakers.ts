/**
 * Per-position breakers: reasons to stop adding to a position (freeze) or to leave it (exit).
 *
 * Depeg compares the DEX mid price with the protocol rate; slashing looks for events against
 * the position's operator; stale or jumping rate data freezes the position until it is sane
 * again; a restaked position whose operator is not the vault's delegation cannot receive
 * deposits (EigenLayer delegates a staker to one operator at a time).
 */
import type { YieldEstimate } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import type { FindingCode, RiskFinding } from '../domain/verdict.ts';
import { dexDeviations } from './depeg-watch.ts';

/** Finding codes produced by positionBreakers. */
export const BREAKER_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['DEPEG', 'SLASHED_OPERATOR', 'STALE_DATA', 'RATE_JUMP', 'DELEGATION_CONFLICT']);

export interface BreakerResult {
  /** Positions that may not grow. */
  readonly frozen: ReadonlySet<PositionId>;
  /** Positions to sell entirely (a subset of frozen). */
  readonly exits: ReadonlySet<PositionId>;
  /** Positions to leave exactly as they are: without fresh data we neither buy nor sell. */
  readonly pinned: ReadonlySet<PositionId>;
  readonly findings: readonly RiskFinding[];
}

/**
 * Runs every per-position breaker.
 * @param depegSince when each position's discount was first seen without a break (RiskContext.depegSince);
 *   a depeg forces an exit only once it has lasted `limits.depeg.confirmSeconds`.
 */
export function positionBreakers(
  specs: readonly PositionSpec[],
  snapshot: Snapshot,
  estimates: readonly YieldEstimate[],
  limits: RiskLimits,
  depegSince: Readonly<Record<PositionId, number>> = {},
): BreakerResult {
  const frozen = new Set<PositionId>();
  const exits = new Set<PositionId>();
  const pinned = new Set<PositionId>();
  const findings: RiskFinding[] = [];
  const freeze = (f: RiskFinding): void => {
    frozen.add(f.positionId as PositionId);
    if (f.action === 'exit') exits.add(f.positionId as PositionId);
    findings.push(f);
  };

  const deviations = dexDeviations(snapshot);
  const confirmSeconds = limits.depeg.confirmSeconds ?? 0;
  for (const spec of specs) {
    const id = spec.id;
    const obs = snapshot.positions.find((p) => p.positionId === id);
    if (obs === undefined) {
      pinned.add(id);
      freeze({ code: 'STALE_DATA', positionId: id, observed: 1, limit: 0, action: 'clamped', message: `${id}: not in the snapshot, left as it is` });
      continue;
    }
    const dev = deviations.get(id);
    if (dev !== undefined && Math.abs(dev) > limits.depeg.thresholdBps) {
      const lasted = snapshot.timestamp - (depegSince[id] ?? snapshot.timestamp);
      const confirmed = lasted >= confirmSeconds;
      const exit = limits.depeg.exit && dev < 0 && confirmed;
      const unconfirmed = limits.depeg.exit && dev < 0 && !confirmed ? `, no new deposits; exit once it lasts ${confirmSeconds} s (seen for ${lasted} s)` : '';
      freeze({
        code: 'DEPEG',
        positionId: id,
        observed: round2(dev),
        limit: limits.depeg.thresholdBps,
        action: exit ? 'exit' : 'clamped',
        message: `${id}: DEX price ${round2(dev)} bps from the protocol rate (limit ±${limits.depeg.thresholdBps})${exit ? `, exiting (lasted ${lasted} s)` : unconfirmed || ', no new deposits'}`,
      });
    }
    if (spec.eigen !== undefined) {
      const operator = spec.eigen.operator.toLowerCase();
      const slashes = snapshot.slashing.filter((s) => s.operator.toLowerCase() === operator);
      if (slashes.length > 0 && (limits.slashing.freezeDeposits || limits.slashing.exit)) {
        freeze({
          code: 'SLASHED_OPERATOR',
          positionId: id,
          observed: slashes.length,
          limit: 0,
          action: limits.slashing.exit ? 'exit' : 'clamped',
          message: `${id}: operator ${spec.eigen.operator} slashed ${slashes.length} time(s)${limits.slashing.exit ? ', exiting' : ', no new deposits'}`,
        });
      }
      const delegated = snapshot.delegatedTo;
      if (delegated !== undefined && delegated.toLowerCase() !== operator) {
        freeze({ code: 'DELEGATION_CONFLICT', positionId: id, observed: 1, limit: 0, action: 'clamped', message: `${id}: vault is delegated to ${delegated}, not ${spec.eigen.operator}` });
      }
    }
    const est = estimates.find((e) => e.positionId === id);
    if (est === undefined || est.stale) {
      pinned.add(id);
      freeze({ code: 'STALE_DATA', positionId: id, observed: est?.samples ?? 0, limit: limits.staleAfterSeconds, action: 'clamped', message: `${id}: rate estimate missing or stale, left as it is` });
    } else if (Math.abs(est.lastJumpBps) > limits.maxRateJumpBps) {
      freeze({
        code: 'RATE_JUMP',
        positionId: id,
        observed: round2(est.lastJumpBps),
        limit: limits.maxRateJumpBps,
        action: 'clamped',
        message: `${id}: newest rate ${round2(est.lastJumpBps)} bps off its trend (limit ${limits.maxRateJumpBps}), no new deposits`,
      });
    }
  }
  // An exit wins over a pin: a depeg or slashing seen on-chain does not need the rate history.
  for (const id of exits) pinned.delete(id);
  return { frozen, exits, pinned, findings };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
