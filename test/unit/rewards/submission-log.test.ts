/**
 * The RewardsCoordinator log as ticks ask it: not in block order. Two ticks of one process
 * (two vaults, or two jobs of one vault) run concurrently, and the one that observed block N
 * may ask after the one that observed N+1, or while N+1's scan is in flight. Its answer must
 * be block N's: a daemon e2e run read every operator set at 0 % (a reward stop) at one block
 * because N+1's scan had dropped the submission that paid N's 12-second window.
 */
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { rewardsEvents, type RawLog } from '../../../src/protocols/eigenlayer/rewards-events.ts';
import { createSubmissionLog } from '../../../src/rewards/submission-log.ts';
import type { RpcTransport } from '../../../src/observe/transport.ts';

const COORDINATOR = '0x00000000000000000000000000000000000000c0';
const AVS = '0x00000000000000000000000000000000000000a1';
const TOKEN = '0x00000000000000000000000000000000000000d1';
const STRATEGY = '0x00000000000000000000000000000000000000e1';
/** Blocks 100..102, 12 s apart, each logging the submission that pays its own 12-second window (the devnet market). */
const TIME = { 100: 1_200, 101: 1_212, 102: 1_224 } as Record<number, number>;

function submissionLog(block: number): RawLog {
  const event = rewardsEvents.getEvent('TotalStakeRewardsSubmissionCreated')!;
  const submission = [[[STRATEGY, 10n ** 18n]], TOKEN, BigInt(block) * 1_000n, TIME[block]!, 12];
  const { topics, data } = rewardsEvents.encodeEventLog(event, [AVS, `0x${block.toString(16).padStart(64, '0')}`, [AVS, 1], BigInt(block), submission]);
  return { topics, data, blockNumber: block, logIndex: 0 };
}

/** eth_getLogs over blocks 100..102; `gate` holds the answer back until released. */
function fakeRpc(gate?: Promise<void>): RpcTransport & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    async call(method, params) {
      if (method !== 'eth_getLogs') throw new Error(`unexpected ${method}`);
      const f = params[0] as { fromBlock: string; toBlock: string };
      queries.push(`${Number(f.fromBlock)}..${Number(f.toBlock)}`);
      await gate;
      const logs: RawLog[] = [];
      for (let b = Number(f.fromBlock); b <= Number(f.toBlock); b++) if (TIME[b] !== undefined) logs.push(submissionLog(b));
      return logs;
    },
    batch: async () => [],
  };
}

const memoryRedis = (): Redis => {
  const kv = new Map<string, string>();
  return { get: async (k: string) => kv.get(k) ?? null, set: async (k: string, v: string) => (kv.set(k, v), 'OK') } as unknown as Redis;
};

const logOver = (rpc: RpcTransport, retentionSeconds = 600) =>
  createSubmissionLog({ rpc, redis: memoryRedis(), key: 'k', coordinator: COORDINATOR, deploymentBlock: 100, rangeBlocks: 5_000, retentionSeconds });

const running = (subs: readonly { startTimestamp: number; duration: number; block: number }[], now: number): number[] =>
  subs.filter((s) => now >= s.startTimestamp && now < s.startTimestamp + s.duration).map((s) => s.block);

describe('RewardsCoordinator submission log, asked out of block order', () => {
  it('answers a tick at block 101 that asks after the one at 102: block 101 window\'s submission still pays', async () => {
    const log = logOver(fakeRpc());
    const newer = await log.scanTo(102, TIME[102]!);
    expect(running(newer.submissions, TIME[102]!)).toEqual([102]);
    const older = await log.scanTo(101, TIME[101]!);
    expect(running(older.submissions, TIME[101]!)).toEqual([101]);
    expect(older.covers).toBe(true);
    expect(older.queries).toBe(0);
  });

  it('leaves out what was logged after the block asked for', async () => {
    const log = logOver(fakeRpc());
    await log.scanTo(102, TIME[102]!);
    expect((await log.scanTo(100, TIME[100]!)).submissions.map((s) => s.block)).toEqual([100]);
  });

  it('a tick at 101 asking while the scan to 102 is in flight waits for it instead of answering from a log without block 101', async () => {
    let release = (): void => undefined;
    const rpc = fakeRpc(new Promise<void>((r) => (release = r)));
    const log = logOver(rpc);
    const newer = log.scanTo(102, TIME[102]!);
    await new Promise((r) => setTimeout(r, 0));
    const older = log.scanTo(101, TIME[101]!);
    release();
    expect(running((await older).submissions, TIME[101]!)).toEqual([101]);
    expect((await older).complete).toBe(true);
    expect(running((await newer).submissions, TIME[102]!)).toEqual([102]);
    expect(rpc.queries).toEqual(['100..102']);
  });

  it('says it cannot answer for a time older than it keeps, rather than answer without the submissions it dropped', async () => {
    const log = logOver(fakeRpc(), 20);
    await log.scanTo(102, TIME[102]!);
    // Kept from 1 224 − 20 = 1 204: block 101 (1 212) is covered, block 100 (1 200) is not.
    expect((await log.scanTo(101, TIME[101]!)).covers).toBe(true);
    const old = await log.scanTo(100, TIME[100]!);
    expect(old.covers).toBe(false);
    expect(old.state.keptFrom).toBe(1_204);
  });
});

describe('RewardsCoordinator submission log on a provider that caps the log range', () => {
  it('halves its range each time the provider refuses one, and catches up once a range fits', async () => {
    const queries: string[] = [];
    // A provider that serves at most 1 000 blocks per eth_getLogs, as some mainnet providers do.
    const rpc: RpcTransport = {
      async call(_method, params) {
        const f = params[0] as { fromBlock: string; toBlock: string };
        const [from, to] = [Number(f.fromBlock), Number(f.toBlock)];
        queries.push(`${from}..${to}`);
        if (to - from + 1 > 1_000) throw new Error('query exceeds max block range 1000');
        return [];
      },
      batch: async () => [],
    };
    const log = createSubmissionLog({ rpc, redis: memoryRedis(), key: 'k', coordinator: COORDINATOR, deploymentBlock: 0, rangeBlocks: 5_000, retentionSeconds: 600 });
    await expect(log.scanTo(20_000, 1)).rejects.toThrow(/log scan failed/);
    await expect(log.scanTo(20_001, 2)).rejects.toMatchObject({ details: expect.arrayContaining(['the RPC provider refused the range: the next scans read 1250 blocks']) });
    await expect(log.scanTo(20_002, 3)).rejects.toMatchObject({ details: expect.arrayContaining(['the RPC provider refused the range: the next scans read 625 blocks']) });
    const fits = await log.scanTo(20_003, 4);
    expect(queries).toEqual(['0..4999', '0..2499', '0..1249', '0..624']);
    expect(fits.state.cursor).toBe(624);
    expect(fits.complete).toBe(false);
    // The next block's scan goes on from there at the range that fits.
    expect((await log.scanTo(20_004, 5)).state.cursor).toBe(1_249);
    expect(queries.at(-1)).toBe('625..1249');
  });
});
