/**
 * Progress of a long eth_getLogs scan on stderr (stdout stays clean for --json): a line each
 * time another tenth of the range is read, and one when the provider's range cap made the
 * requests smaller. A scan done in one request prints nothing.
 */
import type { LogScanProgress } from '../../chain/log-chunks.ts';

/**
 * @example diffVault(..., { onProgress: logScanProgress('allowlist events', 10_000, io.stderr) })
 * // "allowlist events: read to block 5000 of 1-10000 (50 %), 5000 blocks per request"
 */
export function logScanProgress(label: string, askedChunkBlocks: number, write: (text: string) => void): (p: LogScanProgress) => void {
  let tenthsShown = 0;
  let chunk = askedChunkBlocks;
  return (p) => {
    if (p.chunkBlocks < chunk) write(`${label}: the RPC provider refused ${chunk} blocks per eth_getLogs; reading ${p.chunkBlocks} at a time\n`);
    chunk = p.chunkBlocks;
    const total = p.toBlock - p.fromBlock + 1;
    const done = p.doneTo - p.fromBlock + 1;
    const tenths = Math.floor((done * 10) / total);
    if (tenthsShown === 0 && done === total) return;
    if (tenths <= tenthsShown) return;
    tenthsShown = tenths;
    write(`${label}: read to block ${p.doneTo} of ${p.fromBlock}-${p.toBlock} (${Math.floor((done * 100) / total)} %), ${p.chunkBlocks} blocks per request\n`);
  };
}
