/** eth_getLogs in bounded chunks: every block once, in order; a refused range is halved and the smaller size kept. */
import { describe, expect, it } from 'vitest';
import { isRangeTooLarge, readLogsInChunks, type LogScanProgress } from '../../../src/chain/log-chunks.ts';
import { NonRetryableError, RetryableError } from '../../../src/domain/errors.ts';

/** A provider that refuses ranges over `cap` blocks the way geth words it, and has one log per block. */
function cappedReader(cap: number): { read: (from: number, to: number) => Promise<number[]>; asked: [number, number][] } {
  const asked: [number, number][] = [];
  return {
    asked,
    read: async (from, to) => {
      asked.push([from, to]);
      if (to - from + 1 > cap) throw new Error(`exceed maximum block range: ${cap}`);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    },
  };
}

describe('readLogsInChunks', () => {
  it('reads 100..349 in chunks of 100 blocks: 3 requests, every block once, in order', async () => {
    const r = cappedReader(1_000);
    const logs = await readLogsInChunks({ what: 'test events', fromBlock: 100, toBlock: 349, chunkBlocks: 100, read: r.read });
    expect(r.asked).toEqual([[100, 199], [200, 299], [300, 349]]);
    expect(logs).toEqual(Array.from({ length: 250 }, (_, i) => 100 + i));
  });

  it('halves 10,000 blocks to 625 under a 1,000-block cap and keeps 625 for the rest of the scan', async () => {
    const r = cappedReader(1_000);
    const progress: LogScanProgress[] = [];
    const logs = await readLogsInChunks({ what: 'test events', fromBlock: 0, toBlock: 1_999, chunkBlocks: 10_000, read: r.read, onProgress: (p) => progress.push(p) });
    // The first request is the whole 2,000-block range (less than the 10,000 asked): refused, then 1,000 each.
    expect(r.asked).toEqual([[0, 1_999], [0, 999], [1_000, 1_999]]);
    expect(logs).toHaveLength(2_000);
    expect(progress.map((p) => [p.doneTo, p.chunkBlocks])).toEqual([[999, 1_000], [1_999, 1_000]]);

    const wide = cappedReader(1_000);
    const all = await readLogsInChunks({ what: 'test events', fromBlock: 0, toBlock: 29_999, chunkBlocks: 10_000, read: wide.read });
    expect(wide.asked.slice(0, 6)).toEqual([[0, 9_999], [0, 4_999], [0, 2_499], [0, 1_249], [0, 624], [625, 1_249]]);
    expect(wide.asked).toHaveLength(4 + 48); // 4 refusals, then 30,000 / 625 = 48 requests
    expect(all).toEqual(Array.from({ length: 30_000 }, (_, i) => i));
  });

  it('recognises the refusal inside an ethers-style wrapper (error / info.error)', async () => {
    let calls = 0;
    const read = async (from: number, to: number): Promise<number[]> => {
      calls += 1;
      if (to - from + 1 > 50) throw Object.assign(new Error('could not coalesce error'), { info: { error: { code: -32005, message: 'block range is too wide' } } });
      return [from];
    };
    const logs = await readLogsInChunks({ what: 'test events', fromBlock: 1, toBlock: 100, chunkBlocks: 100, read });
    expect(logs).toEqual([1, 51]);
    expect(calls).toBe(3);
  });

  it('gives up after maxHalvings with the block range in the error', async () => {
    const r = cappedReader(10);
    const err = await readLogsInChunks({ what: 'allowlist events of vault 0xabc', fromBlock: 5_000, toBlock: 9_000, chunkBlocks: 1_000, maxHalvings: 3, read: r.read }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toContain('the RPC provider refuses eth_getLogs for the allowlist events of vault 0xabc even over 125 block(s)');
    expect((err as Error).message).toContain('blocks: 5000-5124');
    expect((err as Error).message).toContain('asked 1000 blocks per request at first, halved 3 time(s)');
    expect(r.asked).toEqual([[5_000, 5_999], [5_000, 5_499], [5_000, 5_249], [5_000, 5_124]]);
  });

  it('gives up at a single refused block', async () => {
    const read = async (): Promise<number[]> => {
      throw new Error('query returned more than 10000 results');
    };
    const err = await readLogsInChunks({ what: 'test events', fromBlock: 7, toBlock: 10, chunkBlocks: 4, read }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('even over 1 block(s)');
    expect((err as Error).message).toContain('blocks: 7-7');
  });

  it('does not halve on other errors: a retryable error naming the range', async () => {
    const r = { calls: 0 };
    const read = async (): Promise<number[]> => {
      r.calls += 1;
      throw new Error('daily request limit exceeded');
    };
    const err = await readLogsInChunks({ what: 'test events', fromBlock: 0, toBlock: 50_000, chunkBlocks: 10_000, read }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toContain('eth_getLogs failed for the test events');
    expect((err as Error).message).toContain('blocks: 0-9999');
    expect(r.calls).toBe(1);
  });

  it('reads nothing when the start is past the end', async () => {
    const r = cappedReader(1_000);
    expect(await readLogsInChunks({ what: 'test events', fromBlock: 11, toBlock: 10, chunkBlocks: 100, read: r.read })).toEqual([]);
    expect(r.asked).toEqual([]);
  });
});

describe('isRangeTooLarge', () => {
  it.each([
    'exceed maximum block range: 5000',
    'query returned more than 10000 results',
    'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range',
    'block range is too wide',
    'eth_getLogs is limited to a 10,000 range',
    'ranges over 10000 blocks are not supported on freetier',
    'query exceeds max block range 50000',
    'Block range limit exceeded.',
  ])('%s', (message) => {
    expect(isRangeTooLarge(new Error(message))).toBe(true);
  });

  it('not a rate limit, a timeout or a non-error', () => {
    expect(isRangeTooLarge(new Error('daily request limit exceeded'))).toBe(false);
    expect(isRangeTooLarge(new Error('429 Too Many Requests'))).toBe(false);
    expect(isRangeTooLarge(new Error('request timeout'))).toBe(false);
    expect(isRangeTooLarge(undefined)).toBe(false);
  });
});
