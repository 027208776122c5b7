/**
 * The RewardsCoordinator's submission and split events, scanned incrementally: a cursor (the
 * last block scanned) and what is still relevant (running or future submissions, every split)
 * live in one Redis key, so a restart resumes where it stopped instead of re-scanning from the
 * deployment block. At most one bounded eth_getLogs per block per process; while behind
 * (catching up from the deployment block) each block scans the next `rangeBlocks`.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { decodeRewardsLog, REWARDS_EVENT_TOPICS, type RawLog, type RewardSubmissionEvent, type SplitEvent } from '../protocols/eigenlayer/rewards-events.ts';
import { EMPTY_SPLITS, splitBookFromJson, splitBookToJson, withSplits, type SplitBook } from './splits.ts';

export interface SubmissionLogState {
  /** Last block scanned (inclusive). */
  readonly cursor: number;
  readonly submissions: readonly RewardSubmissionEvent[];
  readonly splits: SplitBook;
}

export interface ScanResult {
  readonly state: SubmissionLogState;
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
  /** False for `keeper execute --dry-run`: the cursor advances in memory only, Redis is left as it was. */
  readonly persist?: boolean;
}

/** Redis key for the state: facts about a chain, shared by every vault. */
export function submissionLogKey(prefix: string, chainId: number, coordinator: string): string {
  return `${prefix}:chain-${chainId}:rewards-log:${coordinator.toLowerCase()}`;
}

const serialise = (s: SubmissionLogState): string =>
  JSON.stringify({ version: 1, cursor: s.cursor, submissions: s.submissions, splits: splitBookToJson(s.splits) }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function deserialise(text: string): SubmissionLogState | undefined {
  const json = JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as {
    version?: number;
    cursor: number;
    submissions: RewardSubmissionEvent[];
    splits: { defaultBips: number; events: SplitEvent[] };
  };
  if (json.version !== 1 || !Number.isSafeInteger(json.cursor)) return undefined;
  return { cursor: json.cursor, submissions: json.submissions, splits: splitBookFromJson(json.splits) };
}

export interface SubmissionLog {
  /** Scans up to `block` (one bounded query at most, none if this process already scanned it), dropping submissions that ended before `now`. */
  scanTo(block: number, now: number): Promise<ScanResult>;
}

/** @example const log = createSubmissionLog({ rpc, redis, key, coordinator, deploymentBlock, rangeBlocks: 5000 }); await log.scanTo(head, ts); */
export function createSubmissionLog(o: SubmissionLogOptions): SubmissionLog {
  let state: SubmissionLogState | undefined;
  let scannedFor = -1;

  async function load(): Promise<SubmissionLogState> {
    if (state) return state;
    const text = await o.redis.get(o.key);
    const stored = text === null ? undefined : deserialise(text);
    state = stored ?? { cursor: o.deploymentBlock - 1, submissions: [], splits: EMPTY_SPLITS };
    return state;
  }

  return {
    async scanTo(block, now) {
      const current = await load();
      if (block <= current.cursor || block <= scannedFor) return { state: current, complete: block <= current.cursor, queries: 0 };
      scannedFor = block;
      const from = current.cursor + 1;
      const to = Math.min(block, from + o.rangeBlocks - 1);
      let logs: RawLog[];
      try {
        logs = (await o.rpc.call('eth_getLogs', [{ address: o.coordinator, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, topics: [[...REWARDS_EVENT_TOPICS]] }])) as RawLog[];
      } catch (cause) {
        throw new RetryableError('RewardsCoordinator log scan failed', { details: [`blocks: ${from}..${to}`], cause });
      }
      const submissions = current.submissions.filter((s) => s.startTimestamp + s.duration > now);
      const splits: SplitEvent[] = [];
      for (const log of logs) {
        const event = decodeRewardsLog(log);
        if (event?.type === 'submission') {
          if (event.startTimestamp + event.duration > now) submissions.push(event);
        } else if (event?.type === 'split') splits.push(event);
      }
      state = { cursor: to, submissions, splits: withSplits(current.splits, splits) };
      if (o.persist !== false) await o.redis.set(o.key, serialise(state));
      return { state, complete: to >= block, queries: 1 };
    },
  };
}
