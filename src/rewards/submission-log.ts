/**
 * The RewardsCoordinator's submission and split events, scanned incrementally: a cursor (the
 * last block scanned) and what is still relevant (running or future submissions, every split)
 * live in one Redis key, so a restart resumes where it stopped instead of re-scanning from the
 * deployment block. At most one bounded eth_getLogs per block per process; while behind
 * (catching up from the deployment block) each block scans the next `rangeBlocks`.
 *
 * Ticks of one process do not ask in block order: the ticks of two vaults (or two jobs of one
 * vault) run concurrently, and the one that observed block N may ask after the one that
 * observed N+1. The answer for a block therefore depends on that block alone: submissions
 * logged after it are left out, and an ended submission is kept `retentionSeconds` after the
 * newest time asked (it was dropped at once, so a lagging tick at N found none of the
 * submissions that paid N's 12-second devnet window and read every set at 0 %, a reward stop).
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';
import { isRangeTooLarge } from '../chain/log-chunks.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { decodeRewardsLog, REWARDS_EVENT_TOPICS, type RawLog, type RewardSubmissionEvent, type SplitEvent } from '../protocols/eigenlayer/rewards-events.ts';
import { EMPTY_SPLITS, splitBookFromJson, splitBookToJson, withSplits, type SplitBook } from './splits.ts';

export interface SubmissionLogState {
  /** Last block scanned (inclusive). */
  readonly cursor: number;
  readonly submissions: readonly RewardSubmissionEvent[];
  readonly splits: SplitBook;
  /**
   * Chain time from which every submission running then is still held (older ended ones were
   * dropped). Undefined in a state written before it was recorded: that one was pruned at its
   * last scan's time, which the next scan's `now` takes the place of.
   */
  readonly keptFrom?: number;
}

export interface ScanResult {
  readonly state: SubmissionLogState;
  /** The submissions on chain at the block asked for (logged at or before it) that the log holds. */
  readonly submissions: readonly RewardSubmissionEvent[];
  /** False when `now` is older than `state.keptFrom`: submissions running then may have been dropped. */
  readonly covers: boolean;
  /** False while the cursor is behind the block asked for. */
  readonly complete: boolean;
  /** Log queries made by this call (0 or 1). */
  readonly queries: number;
}

export interface SubmissionLogOptions {
  readonly rpc: RpcTransport;
  readonly redis: Redis;
  /** Redis key of this chain's and coordinator's state. */
  readonly key: string;
  readonly coordinator: string;
  readonly deploymentBlock: number;
  readonly rangeBlocks: number;
  /** How long after the newest time asked an ended submission is kept, for ticks that observed an older block. */
  readonly retentionSeconds: number;
  /** False for `keeper execute --dry-run`: the cursor advances in memory only, Redis is left as it was. */
  readonly persist?: boolean;
}

/** Redis key for the state: facts about a chain, shared by every vault. */
export function submissionLogKey(prefix: string, chainId: number, coordinator: string): string {
  return `${prefix}:chain-${chainId}:rewards-log:${coordinator.toLowerCase()}`;
}

const serialise = (s: SubmissionLogState): string =>
  JSON.stringify({ version: 1, cursor: s.cursor, submissions: s.submissions, splits: splitBookToJson(s.splits), keptFrom: s.keptFrom }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function deserialise(text: string): SubmissionLogState | undefined {
  const json = JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as {
    version?: number;
    cursor: number;
    submissions: RewardSubmissionEvent[];
    splits: { defaultBips: number; events: SplitEvent[] };
    keptFrom?: number;
  };
  if (json.version !== 1 || !Number.isSafeInteger(json.cursor)) return undefined;
  return { cursor: json.cursor, submissions: json.submissions, splits: splitBookFromJson(json.splits), ...(Number.isSafeInteger(json.keptFrom) ? { keptFrom: json.keptFrom } : {}) };
}

export interface SubmissionLog {
  /**
   * Scans up to `block` (one bounded query at most, none if this process already scanned it or
   * a scan in flight reaches it) and answers for `block` at chain time `now`. Submissions that
   * ended `retentionSeconds` before the newest `now` are dropped.
   */
  scanTo(block: number, now: number): Promise<ScanResult>;
}

/** @example const log = createSubmissionLog({ rpc, redis, key, coordinator, deploymentBlock, rangeBlocks: 5000, retentionSeconds: 600 }); await log.scanTo(head, ts); */
export function createSubmissionLog(o: SubmissionLogOptions): SubmissionLog {
  let state: SubmissionLogState | undefined;
  let scannedFor = -1;
  /** Blocks per scan: the configured range, halved each time the provider refuses one. */
  let rangeBlocks = o.rangeBlocks;
  /** The scan in flight: a caller for a block it reaches waits for it, rather than answer from a log that lacks the block. */
  let inflight: { to: number; done: Promise<SubmissionLogState> } | undefined;

  async function load(): Promise<SubmissionLogState> {
    if (state) return state;
    const text = await o.redis.get(o.key);
    const stored = text === null ? undefined : deserialise(text);
    // A log read from the deployment block holds every submission: it keeps them from time 0.
    state = stored ?? { cursor: o.deploymentBlock - 1, submissions: [], splits: EMPTY_SPLITS, keptFrom: 0 };
    return state;
  }

  /** Reads blocks current.cursor+1..to and keeps the result unless a concurrent scan got further. */
  async function scan(current: SubmissionLogState, to: number, now: number): Promise<SubmissionLogState> {
    const from = current.cursor + 1;
    let logs: RawLog[];
    try {
      logs = (await o.rpc.call('eth_getLogs', [{ address: o.coordinator, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, topics: [[...REWARDS_EVENT_TOPICS]] }])) as RawLog[];
    } catch (cause) {
      // A provider that caps the range (or the result count) below rangeBlocks would refuse
      // every scan: halve the range for the rest of this process, so the next block's scan fits.
      const halved = isRangeTooLarge(cause) && to > from ? Math.floor((to - from + 1) / 2) : undefined;
      if (halved !== undefined) rangeBlocks = Math.min(rangeBlocks, halved);
      throw new RetryableError('RewardsCoordinator log scan failed', {
        details: [`blocks: ${from}..${to}`, ...(halved === undefined ? [] : [`the RPC provider refused the range: the next scans read ${rangeBlocks} blocks`])],
        cause,
      });
    }
    const keptFrom = Math.max(current.keptFrom ?? now, now - o.retentionSeconds);
    const submissions = current.submissions.filter((s) => s.startTimestamp + s.duration > keptFrom);
    const splits: SplitEvent[] = [];
    for (const log of logs) {
      const event = decodeRewardsLog(log);
      if (event?.type === 'submission') {
        if (event.startTimestamp + event.duration > keptFrom) submissions.push(event);
      } else if (event?.type === 'split') splits.push(event);
    }
    const next: SubmissionLogState = { cursor: to, submissions, splits: withSplits(current.splits, splits), keptFrom };
    // Two scans from the same cursor may overlap; the one that read further holds all the other read.
    if (state === undefined || next.cursor > state.cursor) {
      state = next;
      if (o.persist !== false) await o.redis.set(o.key, serialise(next));
    }
    return next;
  }

  return {
    async scanTo(block, now) {
      let current = await load();
      let queries = 0;
      if (block > current.cursor && inflight !== undefined && inflight.to >= block) current = await inflight.done;
      else if (block > current.cursor && block > scannedFor) {
        scannedFor = block;
        const to = Math.min(block, current.cursor + rangeBlocks);
        const done = scan(current, to, now);
        inflight = { to, done };
        try {
          current = await done;
        } finally {
          if (inflight?.done === done) inflight = undefined;
        }
        queries = 1;
      }
      return {
        state: current,
        submissions: current.submissions.filter((s) => s.block <= block),
        covers: now >= (current.keptFrom ?? now),
        complete: block <= current.cursor,
        queries,
      };
    },
  };
}
