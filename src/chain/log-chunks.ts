/**
 * A one-off eth_getLogs over a long block range, read in bounded chunks. Mainnet providers cap
 * the block range of one request (often 10,000 blocks, some 2,000 or fewer) and the number of
 * results, so one request from a deployment years back fails. When the provider says a range
 * is too large, the chunk is halved and the same blocks are asked again; the smaller size is
 * kept for the rest of the scan, since the provider's cap does not change between requests.
 *
 * For scans that keep a cursor between calls (fee ledger, rewards log) the caller bounds each
 * call itself; this is for a scan that must read the whole range now (`keeper vault diff`).
 */
import { NonRetryableError, RetryableError } from '../domain/errors.ts';

/** Blocks per request unless told otherwise: the most common provider cap. */
export const DEFAULT_LOG_CHUNK_BLOCKS = 10_000;
/** Enough halvings to go from 10,000 blocks to 1. */
const DEFAULT_MAX_HALVINGS = 14;

export interface LogScanProgress {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Last block read so far. */
  readonly doneTo: number;
  /** Blocks per request now (smaller than asked once the provider refused a range). */
  readonly chunkBlocks: number;
}

export interface ChunkedLogScan<T> {
  /** What is read, for errors: e.g. 'allowlist events of vault 0x…'. */
  readonly what: string;
  readonly fromBlock: number;
  /** Inclusive. */
  readonly toBlock: number;
  readonly chunkBlocks: number;
  /** One eth_getLogs over [from, to], inclusive. */
  read(from: number, to: number): Promise<readonly T[]>;
  /** Called after each chunk read. */
  onProgress?(progress: LogScanProgress): void;
  /** Halvings allowed in the whole scan before giving up (default 14: 10,000 blocks down to 1). */
  readonly maxHalvings?: number;
}

/**
 * The logs of [fromBlock, toBlock] in block order, one request per chunk.
 * @example const logs = await readLogsInChunks({ what: 'vault events', fromBlock: 100, toBlock: head, chunkBlocks: 10_000, read: (from, to) => provider.getLogs({ address, fromBlock: from, toBlock: to }) });
 */
export async function readLogsInChunks<T>(scan: ChunkedLogScan<T>): Promise<T[]> {
  if (!Number.isSafeInteger(scan.chunkBlocks) || scan.chunkBlocks < 1) throw new RangeError(`chunkBlocks must be a whole number of blocks, 1 or more: ${scan.chunkBlocks}`);
  const maxHalvings = scan.maxHalvings ?? DEFAULT_MAX_HALVINGS;
  const logs: T[] = [];
  let size = scan.chunkBlocks;
  let halvings = 0;
  let from = scan.fromBlock;
  while (from <= scan.toBlock) {
    const to = Math.min(scan.toBlock, from + size - 1);
    let chunk: readonly T[];
    try {
      chunk = await scan.read(from, to);
    } catch (cause) {
      const blocks = to - from + 1;
      if (!isRangeTooLarge(cause)) throw new RetryableError(`eth_getLogs failed for the ${scan.what}`, { details: [`blocks: ${from}-${to}`], cause });
      if (blocks === 1 || halvings >= maxHalvings) {
        throw new NonRetryableError(`the RPC provider refuses eth_getLogs for the ${scan.what} even over ${blocks} block(s)`, {
          details: [`blocks: ${from}-${to}`, `asked ${scan.chunkBlocks} blocks per request at first, halved ${halvings} time(s)`, 'use an RPC URL whose provider allows wider log ranges, or a later start block'],
          cause,
        });
      }
      size = Math.floor(blocks / 2);
      halvings += 1;
      continue;
    }
    logs.push(...chunk);
    scan.onProgress?.({ fromBlock: scan.fromBlock, toBlock: scan.toBlock, doneTo: to, chunkBlocks: size });
    from = to + 1;
  }
  return logs;
}

// How providers word a refused range or result count (geth, Erigon, Alchemy, Infura, QuickNode,
// Ankr, dRPC, Chainstack, BlastAPI...). Rate limits ("request limit exceeded") are not among
// them: a smaller range would not help.
const RANGE_TOO_LARGE = [
  /block range/i,
  /range (is )?too (large|wide|big)/i,
  /ranges? over \d/i,
  /max(imum)? (block )?range/i,
  /limited to a [\d,]+ (block )?range/i,
  /more than [\d,]+ (results|logs)/i,
  /response size/i,
  /too many (blocks|results|logs)/i,
  /exceeds? (the )?max(imum)? (number of )?results/i,
];

/**
 * Whether an error says the eth_getLogs range or its result count was too large; looks through
 * ethers' wrapping (`error`, `info.error`, `cause`) for the provider's own message.
 * @example isRangeTooLarge(new Error('query returned more than 10000 results')) // true
 */
export function isRangeTooLarge(err: unknown): boolean {
  return messagesOf(err, 0).some((m) => RANGE_TOO_LARGE.some((re) => re.test(m)));
}

function messagesOf(err: unknown, depth: number): string[] {
  if (depth > 3 || err === null || typeof err !== 'object') return typeof err === 'string' ? [err] : [];
  const e = err as { message?: unknown; error?: unknown; info?: { error?: unknown }; cause?: unknown };
  return [
    ...(typeof e.message === 'string' ? [e.message] : []),
    ...messagesOf(e.error, depth + 1),
    ...messagesOf(e.info?.error, depth + 1),
    ...messagesOf(e.cause, depth + 1),
  ];
}
