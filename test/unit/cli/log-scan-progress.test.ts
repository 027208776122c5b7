/** Progress of a long log scan: a line per tenth read, one when the provider made requests smaller, nothing for a one-request scan. */
import { describe, expect, it } from 'vitest';
import { logScanProgress } from '../../../src/cli/format/log-scan-progress.ts';

describe('logScanProgress', () => {
  it('prints a line each time another tenth of 1..100 is read (chunks of 5: 20 reads, 10 lines)', () => {
    const lines: string[] = [];
    const progress = logScanProgress('allowlist events', 5, (t) => lines.push(t));
    for (let to = 5; to <= 100; to += 5) progress({ fromBlock: 1, toBlock: 100, doneTo: to, chunkBlocks: 5 });
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('allowlist events: read to block 10 of 1-100 (10 %), 5 blocks per request\n');
    expect(lines[9]).toBe('allowlist events: read to block 100 of 1-100 (100 %), 5 blocks per request\n');
  });

  it('says when the provider refused the range asked', () => {
    const lines: string[] = [];
    const progress = logScanProgress('allowlist events', 10_000, (t) => lines.push(t));
    progress({ fromBlock: 0, toBlock: 3_999, doneTo: 1_999, chunkBlocks: 2_000 });
    progress({ fromBlock: 0, toBlock: 3_999, doneTo: 3_999, chunkBlocks: 2_000 });
    expect(lines).toEqual([
      'allowlist events: the RPC provider refused 10000 blocks per eth_getLogs; reading 2000 at a time\n',
      'allowlist events: read to block 1999 of 0-3999 (50 %), 2000 blocks per request\n',
      'allowlist events: read to block 3999 of 0-3999 (100 %), 2000 blocks per request\n',
    ]);
  });

  it('prints nothing for a scan done in one request', () => {
    const lines: string[] = [];
    logScanProgress('allowlist events', 10_000, (t) => lines.push(t))({ fromBlock: 100, toBlock: 900, doneTo: 900, chunkBlocks: 10_000 });
    expect(lines).toEqual([]);
  });
});
