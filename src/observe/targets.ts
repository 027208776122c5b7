/**
 * What the observer reads for one vault, as plain data plus the per-protocol rate reads.
 * Built from the config by src/keeper/targets.ts; the observer itself knows no protocol.
 */
import type { Read } from '../chain/read.ts';
import type { Address, LrtSymbol, OperatorSetRef, PositionId, ProtocolId } from '../domain/types.ts';
import type { LrtQueueTargets } from './lrt-queues.ts';
import type { LrtVenueTarget } from '../protocols/exit-venues.ts';

/** An instant-exit capacity read and the unit it answers in. */
export interface InstantCapacityRead {
  readonly read: Read<bigint>;
  /** 'asset': wei of the vault asset (converted to LRT at the rate); 'lrt': LRT wei already. */
  readonly unit: 'asset' | 'lrt';
}

export interface LrtTarget {
  readonly symbol: LrtSymbol;
  readonly protocol: ProtocolId;
  readonly token: Address;
  /** The protocol's own rate function: asset wei per 1e18 LRT wei. */
  readonly rate: Read<bigint>;
  readonly instant?: InstantCapacityRead;
  /** LRT/WETH Uniswap V2 pair. */
  readonly dexPair?: Address;
  /** Quoted venues (Uniswap V3 pools): depth and a quote ladder read in the same batch. */
  readonly venues?: readonly LrtVenueTarget[];
  /** The position that holds the LRT liquid (gets the token balance). */
  readonly liquidPositionId?: PositionId;
  /** The position that holds it restaked in EigenLayer. */
  readonly restaked?: { readonly positionId: PositionId; readonly strategy: Address };
}

export interface OperatorTarget {
  readonly name: string;
  readonly address: Address;
  readonly operatorSets: readonly OperatorSetRef[];
}

export interface EigenTargets {
  readonly delegationManager: Address;
  readonly allocationManager: Address;
  readonly rewardsCoordinator: Address;
  readonly operators: readonly OperatorTarget[];
}

export interface RewardTokenTarget {
  readonly symbol: string;
  readonly address: Address;
  /** token/WETH pair to value and sell it. */
  readonly dexPair?: Address;
}

export interface ObserveTargets {
  /** Vault name: keys the last-seen block and labels logs. */
  readonly vault: string;
  /** Staker, earner and token holder (the vault contract or the keeper's EOA). */
  readonly holder: Address;
  readonly chainId: number;
  readonly multicall3: Address;
  readonly weth: Address;
  readonly lrts: readonly LrtTarget[];
  /** Absent when no LRT is restaked. */
  readonly eigen?: EigenTargets;
  readonly rewardTokens: readonly RewardTokenTarget[];
  /** Converts EigenLayer's block delays into seconds (12 on Ethereum and on the devnet). */
  readonly secondsPerBlock: number;
  /** The LRT queues whose requests the holder may have in flight (absent: none read). */
  readonly lrtQueues?: LrtQueueTargets;
  /**
   * Which of the holder's native ETH is book: 'all' for a vault contract (it pays no gas),
   * 'ledger' for the keeper's own account (the native-book credit, never the gas ETH). Default 'ledger'.
   */
  readonly native?: 'all' | 'ledger';
  /** True when the holder is a share-issuing vault: its share price is read with the batch. */
  readonly vaultShares?: boolean;
}
