/**
 * The holder's LRT-queue requests as part of the book: what the chain holds for it (phase one
 * counts in the tick's batch, phase two the requests themselves, lrt-queue-reads.ts), matched
 * with the requests the keeper tracks. A request on chain that the keeper does not track, or a
 * tracked one the chain no longer has, is unexplained: the reconciliation reports both.
 *
 * A request is completable only when its protocol says so (ether.fi finalised, Renzo's
 * cooldown over, Kelp unlocked, Swell processed): a claim planned earlier would fail the
 * simulation and take the whole plan down with it.
 */
import { ReadBatch, type ReadAnswers, type Slot } from '../chain/read-batch.ts';
import type { QueuedWithdrawalObservation } from '../domain/snapshot.ts';
import type { Address, PositionId } from '../domain/types.ts';
import * as q from './lrt-queue-reads.ts';

export type LrtQueueKind = 'etherfi' | 'renzo' | 'kelp' | 'swell';

export interface LrtQueueTargets {
  readonly etherfiPool?: Address;
  readonly renzoQueue?: Address;
  readonly kelpManager?: Address;
  readonly swellNft?: Address;
  /** Position a request of each protocol belongs to (the LRT's liquid position). */
  readonly positionOf: Readonly<Partial<Record<LrtQueueKind, PositionId>>>;
}

/** A request the keeper tracks (src/state/withdrawals.ts), reduced to what observing needs. */
export interface TrackedRequest {
  readonly id: string;
  readonly kind: LrtQueueKind;
  readonly positionId: PositionId;
  /** NFT id (ether.fi, Swell), request id (Renzo) or user nonce (Kelp). */
  readonly ticket: bigint;
  readonly expectedWei: bigint;
}

export interface UnexplainedRequest {
  readonly kind: LrtQueueKind;
  readonly id: string;
  /** Value in asset wei, 0 when the chain does not say (an NFT the keeper has no id for). */
  readonly amountWei: bigint;
  readonly why: string;
}

export interface LrtQueueBook {
  readonly requests: readonly QueuedWithdrawalObservation[];
  readonly unexplained: readonly UnexplainedRequest[];
}

export interface QueueCountSlots {
  readonly etherfiNft?: Slot<`0x${string}`>;
  readonly renzoCount?: Slot<bigint>;
  readonly renzoCooldown?: Slot<number>;
  readonly kelpCount?: Slot<bigint>;
  readonly kelpNextLocked?: Slot<bigint>;
  readonly swellCount?: Slot<bigint>;
}

/** Phase one: added to the tick's batch. */
export function addQueueCounts(batch: ReadBatch, t: LrtQueueTargets, holder: Address): QueueCountSlots {
  return {
    ...(t.etherfiPool ? { etherfiNft: batch.add(q.etherfiNftAddress(t.etherfiPool)) } : {}),
    ...(t.renzoQueue ? { renzoCount: batch.add(q.renzoCount(t.renzoQueue, holder)), renzoCooldown: batch.add(q.renzoCooldown(t.renzoQueue)) } : {}),
    ...(t.kelpManager ? { kelpCount: batch.add(q.kelpCount(t.kelpManager, holder)), kelpNextLocked: batch.add(q.kelpNextLocked(t.kelpManager)) } : {}),
    ...(t.swellNft ? { swellCount: batch.add(q.nftBalance(t.swellNft, holder, 'swell')) } : {}),
  };
}

/** Rows a phase-two batch may hold per enumerable queue: a keeper never has more in flight. */
const MAX_ROWS = 32;

export interface QueuePhaseTwo {
  readonly batch: ReadBatch;
  assemble(answers: ReadAnswers, timestamp: number): LrtQueueBook;
}

/**
 * Phase two from phase one's answers and the tracked requests; undefined when nothing is in
 * flight and nothing is tracked (no second call at all).
 */
export function requestReads(t: LrtQueueTargets, holder: Address, counts: QueueCountSlots, first: ReadAnswers, tracked: readonly TrackedRequest[]): QueuePhaseTwo | undefined {
  const get = <T>(slot: Slot<T> | undefined): T | undefined => (slot === undefined ? undefined : first.get(slot));
  const nft = get(counts.etherfiNft);
  const renzoRows = Math.min(Number(get(counts.renzoCount) ?? 0n), MAX_ROWS);
  const kelpRows = Math.min(Number(get(counts.kelpCount) ?? 0n), MAX_ROWS);
  const swellCount = get(counts.swellCount) ?? 0n;
  const ofKind = (kind: LrtQueueKind) => tracked.filter((r) => r.kind === kind);
  // Nothing in flight and nothing tracked: no second call (the tick stays one request). The
  // ether.fi NFT balance is then not read: its address is only known from phase one.
  if (renzoRows + kelpRows === 0 && swellCount === 0n && tracked.length === 0) return undefined;
  const batch = new ReadBatch();
  const etherfi = nft === undefined ? [] : ofKind('etherfi').map((r) => ({ r, req: batch.add(q.etherfiRequest(nft, r.ticket)), value: batch.add(q.etherfiClaimable(nft, r.ticket)), done: batch.add(q.etherfiFinalized(nft, r.ticket)) }));
  const etherfiCount = nft === undefined ? undefined : batch.add(q.nftBalance(nft, holder, 'etherfi'));
  const renzo = t.renzoQueue ? Array.from({ length: renzoRows }, (_, i) => batch.add(q.renzoRow(t.renzoQueue as Address, holder, i))) : [];
  const kelp = t.kelpManager ? Array.from({ length: kelpRows }, (_, i) => batch.add(q.kelpRow(t.kelpManager as Address, holder, i))) : [];
  const swell = t.swellNft ? ofKind('swell').map((r) => ({ r, req: batch.add(q.swellRequest(t.swellNft as Address, r.ticket)), done: batch.add(q.swellProcessed(t.swellNft as Address, r.ticket)) })) : [];

  return {
    batch,
    assemble(answers, timestamp) {
      const requests: QueuedWithdrawalObservation[] = [];
      const unexplained: UnexplainedRequest[] = [];
      const known = new Set(tracked.map((r) => r.id));
      const seen = new Set<string>();
      const push = (kind: LrtQueueKind, id: string, amountWei: bigint, ready: boolean, readyAt?: number): void => {
        const positionId = tracked.find((r) => r.id === id)?.positionId ?? t.positionOf[kind] ?? kind;
        const completableAt = ready ? timestamp - 1 : Math.max(readyAt ?? 0, timestamp + 1);
        seen.add(id);
        if (known.has(id)) requests.push({ id, positionId, kind: 'protocol', amountWei, completableAt });
        else {
          // Ours but untracked: counted in the book, never planned for completion (no record to build it from).
          requests.push({ id, positionId, kind: 'protocol', amountWei, completableAt: Number.MAX_SAFE_INTEGER });
          unexplained.push({ kind, id, amountWei, why: 'on chain but not tracked by the keeper' });
        }
      };
      for (const e of etherfi) if (answers.get(e.req).valid) push('etherfi', e.r.id, answers.get(e.value), answers.get(e.done));
      const cooldown = get(counts.renzoCooldown) ?? 0;
      for (const slot of renzo) {
        const row = answers.get(slot);
        push('renzo', `renzo:${row.requestId}`, row.amountWei, timestamp > row.createdAt + cooldown, row.createdAt + cooldown + 1);
      }
      const locked = get(counts.kelpNextLocked) ?? 0n;
      for (const slot of kelp) {
        const row = answers.get(slot);
        push('kelp', `kelp:${row.nonce}`, row.amountWei, row.nonce < locked);
      }
      for (const s of swell) {
        const req = answers.get(s.req);
        if (req.amount === 0n) continue;
        const done = answers.get(s.done);
        const rate = done.processed && done.rate < req.rateWhenCreated ? done.rate : req.rateWhenCreated;
        push('swell', s.r.id, (req.amount * rate) / 10n ** 18n, done.processed);
      }
      // NFTs the keeper holds but has no id for: counted by the NFT balance, value unknown.
      const nfts: [LrtQueueKind, bigint | undefined, number][] = [
        ['etherfi', etherfiCount === undefined ? undefined : answers.get(etherfiCount), requests.filter((r) => r.id.startsWith('etherfi:')).length],
        ['swell', swellCount, requests.filter((r) => r.id.startsWith('swell:')).length],
      ];
      for (const [kind, held, matched] of nfts) {
        if (held !== undefined && held > BigInt(matched)) unexplained.push({ kind, id: `${kind}:untracked`, amountWei: 0n, why: `${held - BigInt(matched)} request NFT(s) held but not tracked` });
      }
      for (const r of tracked) if (!seen.has(r.id)) unexplained.push({ kind: r.kind, id: r.id, amountWei: r.expectedWei, why: 'tracked but no longer on chain (completed outside the keeper?)' });
      return { requests, unexplained };
    },
  };
}
