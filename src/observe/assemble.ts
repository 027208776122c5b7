/**
 * Turns one batch's answers into an Observation: the Snapshot the pure middle reads, plus
 * what the keeper needs around it (rates by LRT for the history, the EigenLayer delay, the
 * reward trees for accrual). Pure: same answers and trees, same observation.
 */
import { AbiCoder, keccak256 } from 'ethers';
import type { ReadAnswers, Slot } from '../chain/read-batch.ts';
import type {
  DexReserves,
  PendingRewardObservation,
  PositionObservation,
  QuotePoint,
  QueuedWithdrawalObservation,
  SlashingObservation,
  Snapshot,
  VenueObservation,
} from '../domain/snapshot.ts';
import type { Address, LrtSymbol } from '../domain/types.ts';
import { WAD, divWad, mulWad } from '../domain/units.ts';
import { sharesToUnderlying, type QueuedWithdrawal } from '../protocols/eigenlayer/reads.ts';
import { orientReserves } from '../protocols/uniswap/reads.ts';
import { cumulativeOf, type TreeSelection } from './rewards.ts';
import type { RewardsTreeFile } from './rewards-source.ts';
import type { ObserveTargets } from './targets.ts';
import type { PairSlots, VaultSlots, VenueSlots } from './vault-reads.ts';
import type { LrtQueueBook, UnexplainedRequest } from './lrt-queues.ts';
import { bookNative } from '../reconcile/native-book.ts';

export interface Observation {
  readonly snapshot: Snapshot;
  /** Protocol rate per LRT (asset wei per 1e18), as read this tick. */
  readonly rates: Readonly<Partial<Record<LrtSymbol, bigint>>>;
  /** DelegationManager.minWithdrawalDelayBlocks, when EigenLayer is read. */
  readonly minWithdrawalDelayBlocks?: number;
  /** Published reward trees up to the observed block, newest first. */
  readonly rewardTrees: readonly RewardsTreeFile[];
  /** Things worth a log line that do not make the answer wrong. */
  readonly notes: readonly string[];
  /** What the reconciliation compares with the keeper's records (src/reconcile). */
  readonly book: BookReads;
}

/** The chain's side of the book beyond the snapshot. */
export interface BookReads {
  /** The holder's whole native balance (on the eoa backend: book and gas). */
  readonly holderNativeWei: bigint;
  /** The native-book credit the keeper's ledger claims (eoa), or undefined (vault: all of it is book). */
  readonly nativeCreditWei?: bigint;
  /** LRT-queue requests on chain but untracked, or tracked but gone. */
  readonly unexplainedRequests: readonly UnexplainedRequest[];
}

/** What the keeper's own records add to one tick's reads. */
export interface BookInputs {
  /** The holder's LRT-queue requests read this tick (lrt-queues.ts). */
  readonly lrtQueues?: LrtQueueBook;
  /** The eoa ledger's native credit (native-book.ts); ignored when every native wei is book. */
  readonly nativeCreditWei?: bigint;
}

const ZERO_ADDRESS = /^0x0{40}$/;
const WITHDRAWAL_TUPLE = 'tuple(address,address,address,uint256,uint32,address[],uint256[])';

/**
 * @throws ReadFailedError when an answer does not decode (the observer rejects the tick).
 */
export function assembleObservation(targets: ObserveTargets, slots: VaultSlots, answers: ReadAnswers, trees: TreeSelection, observedAt: number, book: BookInputs = {}): Observation {
  const block = answers.get(slots.block);
  const timestamp = answers.get(slots.timestamp);
  const notes: string[] = [];
  const rates: Partial<Record<LrtSymbol, bigint>> = {};
  const positions: PositionObservation[] = [];
  const eigen = slots.eigen;
  const shares = eigen?.shares ? answers.get(eigen.shares) : undefined;
  const dexOf = (pair: PairSlots | undefined): DexReserves | undefined =>
    pair === undefined ? undefined : orientReserves(answers.get(pair.reserves), answers.get(pair.token0), targets.weth);
  const priceByStrategy = new Map<string, { price: bigint; rate: bigint; positionId: string }>();

  targets.lrts.forEach((lrt, i) => {
    const s = slots.lrts[i];
    if (s === undefined) return;
    const rate = answers.get(s.rate);
    rates[lrt.symbol] = rate;
    const balance = answers.get(s.balance);
    const dex = dexOf(s.dex);
    const venues = s.venues?.map((v) => venueOf(v, answers));
    const capacity = s.instant ? answers.get(s.instant) : undefined;
    const instantLiquidity = capacity === undefined || rate === 0n ? undefined : lrt.instant?.unit === 'asset' ? divWad(capacity, rate) : capacity;
    if (lrt.liquidPositionId !== undefined) {
      positions.push({
        positionId: lrt.liquidPositionId,
        rateWad: rate,
        ...(dex ? { dex } : {}),
        ...(venues ? { venues } : {}),
        liquidBalance: balance,
        ...(instantLiquidity === undefined ? {} : { instantLiquidity }),
        valueWei: mulWad(balance, rate),
      });
    }
    const restaked = lrt.restaked;
    if (restaked !== undefined && eigen !== undefined && s.sharePrice !== undefined) {
      const j = eigen.strategies.findIndex((st) => st.toLowerCase() === restaked.strategy.toLowerCase());
      const price = answers.get(s.sharePrice);
      priceByStrategy.set(restaked.strategy.toLowerCase(), { price, rate, positionId: restaked.positionId });
      const withdrawable = shares?.withdrawable[j] ?? 0n;
      const underlying = sharesToUnderlying(withdrawable, price);
      // Without a liquid position for this LRT, tokens not yet restaked belong here.
      const liquid = lrt.liquidPositionId === undefined ? balance : 0n;
      positions.push({
        positionId: restaked.positionId,
        rateWad: rate,
        ...(dex ? { dex } : {}),
        ...(venues ? { venues } : {}),
        liquidBalance: liquid,
        eigen: { depositShares: shares?.deposit[j] ?? 0n, withdrawableShares: withdrawable, withdrawableUnderlying: underlying },
        valueWei: mulWad(liquid + underlying, rate),
      });
    }
  });

  const delegated = eigen ? answers.get(eigen.delegatedTo) : undefined;
  const minDelay = eigen ? answers.get(eigen.minDelayBlocks) : undefined;
  const queuedWithdrawals = eigen
    ? answers.get(eigen.queued).flatMap((w) => queuedObservation(w, priceByStrategy, { block, timestamp, delayBlocks: minDelay ?? 0, secondsPerBlock: targets.secondsPerBlock }, notes))
    : [];

  const rewards: PendingRewardObservation[] = targets.rewardTokens.map((token, i) => {
    const s = slots.rewards[i];
    if (s === undefined) throw new TypeError(`reward slot ${i} missing`);
    const claimed = s.claimed ? answers.get(s.claimed) : 0n;
    const earnedClaimable = cumulativeOf(trees.claimable, targets.holder, token.address);
    const dex = dexOf(s.dex);
    return {
      token: token.address,
      decimals: answers.get(s.decimals),
      claimable: earnedClaimable > claimed ? earnedClaimable - claimed : 0n,
      cumulativeEarned: cumulativeOf(trees.history[0], targets.holder, token.address),
      ...(dex ? { dex } : {}),
    };
  });

  const holderNative = answers.get(slots.native);
  const nativeWei = targets.native === 'all' ? holderNative : bookNative(book.nativeCreditWei ?? 0n, holderNative);
  const snapshot: Snapshot = {
    chainId: answers.get(slots.chainId),
    block,
    timestamp,
    baseFeeWei: answers.get(slots.baseFee),
    holder: targets.holder,
    ...(delegated !== undefined && !ZERO_ADDRESS.test(delegated) ? { delegatedTo: delegated } : {}),
    idleWei: answers.get(slots.weth) + nativeWei,
    nativeWei,
    positions,
    queuedWithdrawals: [...queuedWithdrawals, ...(book.lrtQueues?.requests ?? [])],
    rewards,
    slashing: eigen ? slashingObservations(targets, eigen, answers, block) : [],
    observedAt,
    ...sharePriceOf(slots.sharePrice, answers, notes),
  };
  const bookReads: BookReads = {
    holderNativeWei: holderNative,
    ...(targets.native === 'all' ? {} : { nativeCreditWei: book.nativeCreditWei ?? 0n }),
    unexplainedRequests: book.lrtQueues?.unexplained ?? [],
  };
  return { snapshot, rates, ...(minDelay === undefined ? {} : { minWithdrawalDelayBlocks: minDelay }), rewardTrees: trees.history, notes, book: bookReads };
}

/** A quoted venue's depth (must answer: a pool without slot0 is a broken config) and the quotes it could fill, each way. */
function venueOf(v: VenueSlots, answers: ReadAnswers): VenueObservation {
  const depth = v.combineDepth(v.depth.map((slot) => answers.get(slot)));
  const filled = (quotes: VenueSlots['quotes']): QuotePoint[] =>
    quotes.flatMap((q) => {
      const out = answers.tryGet(q.slot);
      return out === undefined ? [] : [{ amountIn: q.amountIn, out }];
    });
  return { kind: v.kind, label: v.label, spotRateWad: depth.spotRateWad, wethDepth: depth.wethDepth, ladder: filled(v.quotes), buyLadder: filled(v.buyQuotes) };
}

interface Clock {
  readonly block: number;
  readonly timestamp: number;
  readonly delayBlocks: number;
  readonly secondsPerBlock: number;
}

/** One queued EigenLayer withdrawal, valued at the slashing-adjusted shares it will pay. */
function queuedObservation(
  w: QueuedWithdrawal,
  prices: ReadonlyMap<string, { price: bigint; rate: bigint; positionId: string }>,
  clock: Clock,
  notes: string[],
): QueuedWithdrawalObservation[] {
  let amountWei = 0n;
  let positionId: string | undefined;
  w.strategies.forEach((strategy, k) => {
    const known = prices.get(strategy.toLowerCase());
    if (known === undefined) {
      notes.push(`queued withdrawal from unconfigured strategy ${strategy}: not valued`);
      return;
    }
    positionId ??= known.positionId;
    amountWei += mulWad(sharesToUnderlying(w.shares[k] ?? 0n, known.price), known.rate);
  });
  if (positionId === undefined) return [];
  const root = keccak256(
    AbiCoder.defaultAbiCoder().encode([WITHDRAWAL_TUPLE], [[w.staker, w.delegatedTo, w.withdrawer, w.nonce, w.startBlock, w.strategies, w.scaledShares]]),
  );
  // Completion needs block.number > startBlock + delay: later than this many seconds from now.
  const completableAt = clock.timestamp + (w.startBlock + clock.delayBlocks - clock.block) * clock.secondsPerBlock;
  return [{ id: root, positionId, kind: 'eigen', amountWei, completableAt }];
}

/**
 * Slashing as state: an operator whose max magnitude fell below 1e18 in some strategy, in
 * each of its operator sets that recorded a slash. Cumulative since genesis (the chain keeps
 * no per-operator slash history in a view), stamped with the observed block.
 */
function slashingObservations(targets: ObserveTargets, eigen: NonNullable<VaultSlots['eigen']>, answers: ReadAnswers, block: number): SlashingObservation[] {
  const out: SlashingObservation[] = [];
  targets.eigen?.operators.forEach((operator, k) => {
    const magnitudes = answers.get(eigen.magnitudes[k] as NonNullable<(typeof eigen.magnitudes)[number]>);
    const hit = eigen.strategies.flatMap((strategy, j) => ((magnitudes[j] ?? WAD) < WAD ? [{ strategy, wad: WAD - (magnitudes[j] ?? WAD) }] : []));
    if (hit.length === 0) return;
    operator.operatorSets.forEach((set, m) => {
      const slot = eigen.slashCounts[k]?.[m];
      if (slot === undefined || answers.get(slot) === 0n) return;
      out.push({
        operator: operator.address,
        avs: set.avs,
        operatorSetId: set.id,
        strategies: hit.map((h) => h.strategy as Address),
        wadSlashed: hit.map((h) => h.wad),
        block,
      });
    });
  });
  return out;
}

/**
 * The vault's share price, when read. Performance accounting only: a failed read is a note,
 * never a rejected observation (the keeper still decides from its own valuation).
 */
function sharePriceOf(slot: Slot<bigint> | undefined, answers: ReadAnswers, notes: string[]): { sharePriceWad?: bigint } {
  if (slot === undefined) return {};
  try {
    return { sharePriceWad: answers.get(slot) };
  } catch (err) {
    notes.push(`vault share price not read: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
}
