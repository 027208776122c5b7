/**
 * Every read of one vault's tick, in one Multicall3 batch: chain head, LRT rates, balances,
 * DEX reserves, instant-exit capacity, EigenLayer shares, delegation, queued withdrawals,
 * reward claims and the operators' slashing state.
 */
import { ReadBatch, type Slot } from '../chain/read-batch.ts';
import { optionalRead } from '../chain/read.ts';
import { exitVenue } from '../protocols/exit-venues.ts';
import type { VenueDepth } from '../protocols/uniswap/venue.ts';
import { ladderAmounts } from '../yield/venue-quotes.ts';
import { balanceOf, decimals } from '../protocols/erc20/reads.ts';
import { pairReserves, pairToken0, type PairReserves } from '../protocols/uniswap/reads.ts';
import {
  cumulativeClaimed,
  currentClaimableRoot,
  delegatedTo,
  distributionRootsLength,
  maxMagnitudes,
  minWithdrawalDelayBlocks,
  queuedWithdrawals,
  sharePrice,
  slashCount,
  withdrawableShares,
  type DistributionRoot,
  type QueuedWithdrawal,
  type StakerShares,
} from '../protocols/eigenlayer/reads.ts';
import { vaultSharePrice } from '../protocols/vault/reads.ts';
import type { Address } from '../domain/types.ts';
import { baseFee, blockNumber, blockTimestamp, chainId, ethBalance } from './chain-reads.ts';
import { addQueueCounts, type QueueCountSlots } from './lrt-queues.ts';
import type { ObserveTargets } from './targets.ts';

export interface PairSlots {
  readonly reserves: Slot<PairReserves>;
  readonly token0: Slot<`0x${string}`>;
}

/** A quoted venue's reads: its depth (several reads, one value) and its quote ladders, selling and buying. */
export interface VenueSlots {
  readonly kind: string;
  readonly label: string;
  readonly depth: readonly Slot<unknown>[];
  readonly combineDepth: (answers: readonly unknown[]) => VenueDepth;
  /** One optional read per size: a size the venue cannot fill is left out, not a failed tick. */
  readonly quotes: readonly { readonly amountIn: bigint; readonly slot: Slot<bigint> }[];
  /** The same sizes in WETH, bought into the token (an entry's price), optional the same way. */
  readonly buyQuotes: readonly { readonly amountIn: bigint; readonly slot: Slot<bigint> }[];
}

export interface LrtSlots {
  readonly rate: Slot<bigint>;
  readonly balance: Slot<bigint>;
  readonly instant?: Slot<bigint>;
  readonly dex?: PairSlots;
  readonly venues?: readonly VenueSlots[];
  /** Present for a restaked LRT: the strategy's share price (see SHARE_PRICE_SCALE). */
  readonly sharePrice?: Slot<bigint>;
}

export interface EigenSlots {
  /** Strategies in the order of the shares arrays. */
  readonly strategies: readonly Address[];
  readonly shares?: Slot<StakerShares>;
  readonly delegatedTo: Slot<`0x${string}`>;
  readonly queued: Slot<QueuedWithdrawal[]>;
  readonly minDelayBlocks: Slot<number>;
  readonly claimableRoot: Slot<DistributionRoot>;
  readonly rootsLength: Slot<number>;
  /** Per operator (targets order): max magnitudes over `strategies`. */
  readonly magnitudes: readonly Slot<bigint[]>[];
  /** Per operator, per operator set (targets order). */
  readonly slashCounts: readonly (readonly Slot<bigint>[])[];
}

export interface RewardSlots {
  readonly decimals: Slot<number>;
  readonly claimed?: Slot<bigint>;
  readonly dex?: PairSlots;
}

export interface VaultSlots {
  readonly block: Slot<number>;
  readonly timestamp: Slot<number>;
  readonly baseFee: Slot<bigint>;
  readonly chainId: Slot<number>;
  readonly weth: Slot<bigint>;
  /** The holder's whole native ETH balance (book and, on the eoa backend, gas). */
  readonly native: Slot<bigint>;
  /** The vault's share price (vaultShares targets only). */
  readonly sharePrice?: Slot<bigint>;
  readonly queues?: QueueCountSlots;
  readonly lrts: readonly LrtSlots[];
  readonly eigen?: EigenSlots;
  readonly rewards: readonly RewardSlots[];
}

/**
 * @example const { batch, slots } = buildVaultReads(targets); encodeAggregate3(batch.calls)
 */
export function buildVaultReads(targets: ObserveTargets): { batch: ReadBatch; slots: VaultSlots } {
  const batch = new ReadBatch();
  const { holder, multicall3 } = targets;
  const pair = (address: Address, label: string): PairSlots => ({
    reserves: batch.add(pairReserves(address, label)),
    token0: batch.add(pairToken0(address, label)),
  });

  const head = {
    block: batch.add(blockNumber(multicall3)),
    timestamp: batch.add(blockTimestamp(multicall3)),
    baseFee: batch.add(baseFee(multicall3)),
    chainId: batch.add(chainId(multicall3)),
    weth: batch.add(balanceOf(targets.weth, holder, 'WETH')),
    native: batch.add(ethBalance(multicall3, holder)),
    ...(targets.vaultShares ? { sharePrice: batch.add(vaultSharePrice(holder)) } : {}),
    ...(targets.lrtQueues ? { queues: addQueueCounts(batch, targets.lrtQueues, holder) } : {}),
  };

  const lrts: LrtSlots[] = targets.lrts.map((lrt) => ({
    rate: batch.add(lrt.rate),
    balance: batch.add(balanceOf(lrt.token, holder, lrt.symbol)),
    ...(lrt.instant ? { instant: batch.add(lrt.instant.read) } : {}),
    ...(lrt.dexPair ? { dex: pair(lrt.dexPair, `${lrt.symbol}/WETH`) } : {}),
    ...(lrt.venues && lrt.venues.length > 0
      ? {
          venues: lrt.venues.map((t): VenueSlots => {
            const venue = exitVenue(t);
            const depth = venue.depth();
            return {
              kind: venue.kind,
              label: venue.label,
              depth: depth.reads.map((r) => batch.add(r)),
              combineDepth: depth.combine,
              quotes: ladderAmounts(t.quoteSizes).map((amountIn) => ({ amountIn, slot: batch.add(optionalRead(venue.quote(amountIn))) })),
              buyQuotes: ladderAmounts(t.quoteSizes).map((amountIn) => ({ amountIn, slot: batch.add(optionalRead(venue.buyQuote(amountIn))) })),
            };
          }),
        }
      : {}),
    ...(lrt.restaked && targets.eigen ? { sharePrice: batch.add(sharePrice(lrt.restaked.strategy, `${lrt.symbol} strategy`)) } : {}),
  }));

  let eigen: EigenSlots | undefined;
  const e = targets.eigen;
  if (e !== undefined) {
    const strategies = targets.lrts.flatMap((l) => (l.restaked ? [l.restaked.strategy] : []));
    eigen = {
      strategies,
      ...(strategies.length > 0 ? { shares: batch.add(withdrawableShares(e.delegationManager, holder, strategies)) } : {}),
      delegatedTo: batch.add(delegatedTo(e.delegationManager, holder)),
      queued: batch.add(queuedWithdrawals(e.delegationManager, holder)),
      minDelayBlocks: batch.add(minWithdrawalDelayBlocks(e.delegationManager)),
      claimableRoot: batch.add(currentClaimableRoot(e.rewardsCoordinator)),
      rootsLength: batch.add(distributionRootsLength(e.rewardsCoordinator)),
      magnitudes: e.operators.map((o) => batch.add(maxMagnitudes(e.allocationManager, o.address, strategies, o.name))),
      slashCounts: e.operators.map((o) => o.operatorSets.map((s) => batch.add(slashCount(e.allocationManager, s.avs, s.id)))),
    };
  }

  const rewards: RewardSlots[] = targets.rewardTokens.map((t) => ({
    decimals: batch.add(decimals(t.address, t.symbol)),
    ...(e ? { claimed: batch.add(cumulativeClaimed(e.rewardsCoordinator, holder, t.address, t.symbol)) } : {}),
    ...(t.dexPair ? { dex: pair(t.dexPair, `${t.symbol}/WETH`) } : {}),
  }));

  return { batch, slots: { ...head, lrts, ...(eigen ? { eigen } : {}), rewards } };
}
