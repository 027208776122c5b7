/**
 * What to observe for a vault, from the config and its positions: the observer's input.
 */
import type { KeeperConfig, VaultConfig } from '../config/schema.ts';
import type { Address, PositionSpec } from '../domain/types.ts';
import { lrtReads } from '../observe/lrt-reads.ts';
import type { LrtTarget, ObserveTargets } from '../observe/targets.ts';
import type { LrtQueueTargets } from '../observe/lrt-queues.ts';
import { chooseOperator } from './universe.ts';
import { lrtVenueTargets } from './venues.ts';

export const SECONDS_PER_BLOCK = 12;

/**
 * @example observeTargets(config, config.vaults[0], positionSpecs(config)).lrts.length // 5
 */
export function observeTargets(config: KeeperConfig, vault: VaultConfig, specs: readonly PositionSpec[]): ObserveTargets {
  const holder = vault.address as Address;
  const lrts: LrtTarget[] = config.lrts.map((lrt) => {
    const liquid = specs.find((s) => s.symbol === lrt.symbol && s.eigen === undefined);
    const restaked = specs.find((s) => s.symbol === lrt.symbol && s.eigen !== undefined);
    const reads = lrtReads(lrt, holder);
    const venues = lrtVenueTargets(config, lrt);
    return {
      symbol: lrt.symbol,
      protocol: lrt.protocol,
      token: lrt.token as Address,
      rate: reads.rate,
      ...(reads.instant ? { instant: reads.instant } : {}),
      ...(lrt.exits.dex ? { dexPair: lrt.exits.dex.pair as Address } : {}),
      ...(venues.length > 0 ? { venues } : {}),
      ...(liquid ? { liquidPositionId: liquid.id } : {}),
      ...(restaked?.eigen ? { restaked: { positionId: restaked.id, strategy: restaked.eigen.strategy } } : {}),
    };
  });
  const el = config.eigenlayer;
  const operators = el.operators.map((o) => {
    const chosen = chooseOperator(config, o.address as Address);
    return { name: o.name, address: o.address as Address, operatorSets: chosen?.operatorSets ?? [] };
  });
  return {
    vault: vault.name,
    holder,
    chainId: config.chain.chainId,
    multicall3: config.universe.multicall3 as Address,
    weth: config.universe.weth as Address,
    lrts,
    eigen: {
      delegationManager: el.delegationManager as Address,
      allocationManager: el.allocationManager as Address,
      rewardsCoordinator: el.rewardsCoordinator as Address,
      operators,
    },
    rewardTokens: el.rewardTokens.map((t) => ({ symbol: t.symbol, address: t.address as Address, ...(t.dexPair ? { dexPair: t.dexPair as Address } : {}) })),
    secondsPerBlock: SECONDS_PER_BLOCK,
    // A vault contract pays no gas: all its ETH is book. The keeper's own account also holds gas.
    native: vault.backend === 'vault' ? 'all' : 'ledger',
    ...(vault.backend === 'vault' ? { vaultShares: true } : {}),
    // The RestakingVault can hold no LRT-queue ticket; the keeper's account can.
    ...(vault.backend === 'vault' ? {} : { lrtQueues: lrtQueueTargets(config, specs) }),
  };
}

/** The LRT queues configured with a queued exit, and the position their requests belong to. */
function lrtQueueTargets(config: KeeperConfig, specs: readonly PositionSpec[]): LrtQueueTargets {
  const liquid = (symbol: string) => specs.find((s) => s.symbol === symbol && s.eigen === undefined)?.id;
  const out: { etherfiPool?: Address; renzoQueue?: Address; kelpManager?: Address; swellNft?: Address } = {};
  const positionOf: Record<string, string> = {};
  for (const lrt of config.lrts) {
    if (lrt.exits.queued === undefined) continue;
    const id = liquid(lrt.symbol);
    if (lrt.protocol === 'etherfi') out.etherfiPool = lrt.contracts.liquidityPool as Address;
    else if (lrt.protocol === 'renzo') out.renzoQueue = lrt.contracts.withdrawQueue as Address;
    else if (lrt.protocol === 'kelp') out.kelpManager = lrt.contracts.withdrawalManager as Address;
    else if (lrt.protocol === 'swell') out.swellNft = lrt.contracts.withdrawalNft as Address;
    else continue;
    if (id !== undefined) positionOf[lrt.protocol] = id;
  }
  return { ...out, positionOf };
}
