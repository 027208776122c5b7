/**
 * Scenario names → the PositionSpecs the decision engine reads. Scenarios name operators, AVSs
 * and tokens instead of giving addresses; each gets a stable address derived from its kind and
 * name, so snapshots, reward keys and slashing observations line up like on a chain.
 */
import { createHash } from 'node:crypto';
import { EIGEN_WITHDRAWAL_DELAY_SECONDS, LRT_PROTOCOL, type Address, type PositionSpec } from '../domain/types.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';

/** A deterministic address for a named thing. @example nameAddress('operator', 'p2p') // '0x…' (40 hex) */
export function nameAddress(kind: string, name: string): Address {
  return `0x${createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 40)}`;
}

export interface ScenarioSpecs {
  readonly specs: PositionSpec[];
  /** Reward token symbol by its address (lower case). */
  readonly rewardTokenByAddress: ReadonlyMap<string, string>;
}

/** PositionSpecs in scenario order. */
export function scenarioSpecs(doc: ScenarioDoc): ScenarioSpecs {
  const avsByName = new Map(doc.avs.map((a) => [a.name, a]));
  const specs = doc.positions.map((p): PositionSpec => {
    const base = {
      id: p.id,
      symbol: p.symbol,
      protocol: LRT_PROTOCOL[p.symbol],
      token: nameAddress('token', p.symbol),
      exits: {
        ...(p.exits.dex ? { dex: { feeBps: p.exits.dex.feeBps } } : {}),
        ...(p.exits.instant ? { instant: { feeBps: p.exits.instant.feeBps } } : {}),
        ...(p.exits.queued ? { queued: { delaySeconds: p.exits.queued.delaySeconds } } : {}),
      },
      riskTier: p.riskTier as PositionSpec['riskTier'],
    };
    if (p.restaked === undefined) return base;
    const operator = doc.operators.find((o) => o.name === p.restaked?.operator);
    const sets = (operator?.avs ?? []).map((name, id) => ({
      avs: nameAddress('avs', name),
      id,
      rewardToken: nameAddress('token', avsByName.get(name)?.rewardToken ?? name),
    }));
    return {
      ...base,
      eigen: {
        strategy: nameAddress('strategy', p.symbol),
        operator: nameAddress('operator', p.restaked.operator),
        operatorSets: sets,
        withdrawalDelaySeconds: p.restaked.withdrawalDelaySeconds ?? EIGEN_WITHDRAWAL_DELAY_SECONDS,
      },
    };
  });
  const rewardTokenByAddress = new Map(doc.rewardTokens.map((t) => [nameAddress('token', t.symbol).toLowerCase(), t.symbol]));
  return { specs, rewardTokenByAddress };
}

/**
 * The specs as the keeper would see the exits at one step: the protocol queue's delay of the
 * moment, and no queue while the protocol's withdrawals are paused (a request would revert;
 * the paused instant exit shows as no liquidity, see the market).
 */
export function specsAt(specs: readonly PositionSpec[], market: MarketStep): PositionSpec[] {
  return specs.map((spec) => {
    const lrt = market.lrt[spec.symbol];
    const queued = spec.exits.queued;
    if (queued === undefined || lrt === undefined) return spec;
    if (lrt.withdrawalsPaused === true) {
      const { queued: _closed, ...open } = spec.exits;
      return { ...spec, exits: open };
    }
    if (lrt.queueDelaySeconds === undefined || lrt.queueDelaySeconds === queued.delaySeconds) return spec;
    return { ...spec, exits: { ...spec.exits, queued: { delaySeconds: lrt.queueDelaySeconds } } };
  });
}
