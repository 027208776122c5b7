/**
 * Drives the observe ticks from new blocks: polls the chain head and, every
 * `everyBlocks` blocks, enqueues one observe job per vault with id `${vault}-${tickBlock}`.
 * Every process runs a watcher; the ids are the same everywhere, so each vault-tick exists
 * once in the queue whoever saw the block first. The tick block is rounded down to a
 * multiple of `everyBlocks` so processes agree on it; a watcher that falls behind enqueues
 * only the newest tick (observing an old block again helps no one).
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../telemetry/logger.ts';
import { tickJobId } from './names.ts';

export interface BlockWatcherOptions {
  readonly head: () => Promise<number>;
  readonly queue: Pick<Queue, 'addBulk'>;
  readonly vaults: () => readonly string[];
  readonly everyBlocks: number;
  readonly pollMs: number;
  readonly logger: Logger;
  /** Called after each enqueued tick (tests and the bench count them). */
  readonly onTick?: (block: number, jobs: number) => void;
}

export interface BlockWatcher {
  /** Latest tick block enqueued by this watcher (-1 before the first). */
  lastTick(): number;
  stop(): Promise<void>;
}

/** The block a tick at head `head` observes: the latest multiple of `everyBlocks`. */
export function tickBlockOf(head: number, everyBlocks: number): number {
  return head - (head % Math.max(1, everyBlocks));
}

/** @example const watcher = startBlockWatcher({ head: () => provider.getBlockNumber(), queue: queues.observe, vaults: () => names, everyBlocks: 1, pollMs: 1000, logger }); */
export function startBlockWatcher(options: BlockWatcherOptions): BlockWatcher {
  let last = -1;
  let stopped = false;
  let failing = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const tick = tickBlockOf(await options.head(), options.everyBlocks);
        if (tick > last) {
          const vaults = options.vaults();
          await options.queue.addBulk(vaults.map((vault) => ({ name: 'tick', data: { vault, block: tick }, opts: { jobId: tickJobId(vault, tick) } })));
          last = tick;
          options.onTick?.(tick, vaults.length);
        }
        if (failing) options.logger.info('block watcher recovered');
        failing = false;
      } catch (err) {
        // RPC or Redis away: keep polling; the first failure of a streak is logged.
        if (!failing) options.logger.warn({ err }, 'block watcher: head or enqueue failed (retrying)');
        failing = true;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  })();
  return {
    lastTick: () => last,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
