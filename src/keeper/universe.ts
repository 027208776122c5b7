/**
 * The positions a vault may hold, from the config: every configured LRT held liquid, and
 * every LRT with an EigenLayer strategy also restaked and delegated to the vault's operator.
 *
 * EigenLayer delegates a staker to ONE operator at a time, so all restaked positions share
 * it: the operator the holder is delegated to on chain when there is one, else the first
 * operator in `eigenlayer.operators` that has not been slashed (the one the keeper would
 * delegate to: after leaving a slashed operator the vault restakes with a sound one), or the
 * first when all have been. The config has
 * no per-vault operator yet; with several vaults that want different operators it will need
 * one. A holder delegated to an operator the config does not list still gets its restaked
 * positions (so they are valued and can be exited), but with no operator sets: no AVS APR.
 */
import type { KeeperConfig, LrtConfig } from '../config/schema.ts';
import type { Address, EigenPlacement, ExitRoutes, OperatorSetRef, PositionSpec, RiskTier } from '../domain/types.ts';
import { sameAddress } from '../domain/types.ts';

/** Suffix of a restaked position's id: `ezETH` liquid, `ezETH-restaked` in EigenLayer. */
export const RESTAKED_SUFFIX = '-restaked';

export interface UniverseOptions {
  /** Operator the holder is delegated to on chain (undefined: not delegated). */
  readonly delegatedTo?: Address;
  /** DelegationManager.minWithdrawalDelayBlocks as observed. */
  readonly withdrawalDelayBlocks?: number;
  /** Default 12. */
  readonly secondsPerBlock?: number;
  /** Operators seen slashed (the snapshot's slashing observations): not chosen for a holder that is not delegated. */
  readonly slashedOperators?: readonly Address[];
}

export interface ChosenOperator {
  readonly name: string;
  readonly address: Address;
  readonly operatorSets: readonly OperatorSetRef[];
  /** Why this operator: 'delegated' on chain, or 'configured' (first in the list). */
  readonly source: 'delegated' | 'configured';
}

/**
 * @example positionSpecs(config, { delegatedTo: opAlpha }).map((s) => s.id) // ['weETH', 'weETH-restaked', 'ezETH', …]
 */
export function positionSpecs(config: KeeperConfig, options: UniverseOptions = {}): PositionSpec[] {
  const operator = chooseOperator(config, options.delegatedTo, options.slashedOperators);
  const delaySeconds = options.withdrawalDelayBlocks === undefined ? undefined : options.withdrawalDelayBlocks * (options.secondsPerBlock ?? 12);
  const specs: PositionSpec[] = [];
  for (const lrt of config.lrts) {
    const base = { symbol: lrt.symbol, protocol: lrt.protocol, token: lrt.token as Address, exits: exitRoutes(lrt) };
    specs.push({ id: lrt.symbol, ...base, riskTier: lrt.riskTier as RiskTier });
    const strategy = config.eigenlayer.strategies[lrt.symbol];
    if (strategy === undefined || operator === undefined) continue;
    const eigen: EigenPlacement = {
      strategy: strategy as Address,
      operator: operator.address,
      operatorSets: operator.operatorSets,
      ...(delaySeconds === undefined ? {} : { withdrawalDelaySeconds: delaySeconds }),
    };
    // Restaking adds the operator's slashing risk on top of the LRT's own.
    specs.push({ id: `${lrt.symbol}${RESTAKED_SUFFIX}`, ...base, eigen, riskTier: Math.min(5, lrt.riskTier + 1) as RiskTier });
  }
  return specs;
}

/**
 * The operator restaked positions use (see the file comment); undefined when none is known.
 * @example chooseOperator(config, undefined, [opAlpha]).name // 'op-beta': op-alpha was slashed
 */
export function chooseOperator(config: KeeperConfig, delegatedTo: Address | undefined, slashed: readonly Address[] = []): ChosenOperator | undefined {
  const operators = config.eigenlayer.operators;
  const sets = (o: (typeof operators)[number]): OperatorSetRef[] =>
    o.operatorSets.flatMap((s) => {
      const token = config.eigenlayer.rewardTokens.find((t) => t.symbol === s.rewardToken);
      return token ? [{ avs: s.avs as Address, id: s.id, rewardToken: token.address as Address }] : [];
    });
  if (delegatedTo !== undefined) {
    const known = operators.find((o) => sameAddress(o.address, delegatedTo));
    return known
      ? { name: known.name, address: known.address as Address, operatorSets: sets(known), source: 'delegated' }
      : { name: 'unconfigured', address: delegatedTo, operatorSets: [], source: 'delegated' };
  }
  const first = operators.find((o) => !slashed.some((s) => sameAddress(s, o.address))) ?? operators[0];
  return first ? { name: first.name, address: first.address as Address, operatorSets: sets(first), source: 'configured' } : undefined;
}

function exitRoutes(lrt: LrtConfig): ExitRoutes {
  return {
    ...(lrt.exits.dex ? { dex: { feeBps: lrt.exits.dex.feeBps } } : {}),
    ...(lrt.exits.instant ? { instant: { feeBps: lrt.exits.instant.feeBps } } : {}),
    ...(lrt.exits.queued ? { queued: { delaySeconds: lrt.exits.queued.delaySeconds } } : {}),
  };
}
