/**
 * Queue depths, sampled from BullMQ when Prometheus scrapes rather than on a timer: the
 * numbers are as fresh as the scrape, and an idle keeper makes no Redis calls for them.
 *
 * A scrape must still answer when Redis is slow or gone (that is exactly when an operator
 * looks), so each sample has a deadline; on failure the gauge keeps nothing stale for that
 * queue and `keeper_queue_depth_errors_total` counts the miss.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics.ts';
import { createLabelGuard, type LabelGuard } from './labels.ts';

/** The part of a BullMQ `Queue` this needs; a real Queue satisfies it. */
export interface QueueCountsSource {
  readonly name: string;
  getJobCounts(...types: never[]): Promise<Record<string, number>>;
}

/** States exported; BullMQ's getJobCounts() without arguments returns these and more. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed', 'paused'] as const;

export interface QueueDepthOptions {
  /** Per-queue deadline for one sample, ms (default 1,000). */
  timeoutMs?: number;
  guard?: LabelGuard;
  onError?: (err: unknown, queue: string) => void;
}

/**
 * Registers `keeper_queue_jobs{queue,state}`; `queues` is read at every scrape, so the
 * daemon may hand in a getter over queues it creates later.
 *
 * @example registerQueueDepth(registry, () => [observeQueue, planQueue]);
 */
export function registerQueueDepth(registry: Registry, queues: () => readonly QueueCountsSource[], options: QueueDepthOptions = {}): void {
  const guard = options.guard ?? createLabelGuard();
  const timeoutMs = options.timeoutMs ?? 1_000;
  let counts = new Map<string, Record<string, number>>();
  const errors = new Counter({
    name: `${METRIC_PREFIX}queue_depth_errors_total`,
    help: 'Queue depth samples that failed or timed out at scrape',
    labelNames: ['queue'],
    registers: [registry],
    // The registry collects every metric concurrently: wait for this scrape's sample, so the
    // error count matches the depths shown next to it.
    collect: () => sampleOnce(),
  });
  const sample = async (): Promise<void> => {
    const next = new Map<string, Record<string, number>>();
    await Promise.all(
      queues().map(async (queue) => {
        const name = guard.value('queue', queue.name);
        try {
          next.set(name, await withDeadline(queue.getJobCounts(...(QUEUE_STATES as unknown as never[])), timeoutMs, queue.name));
        } catch (err) {
          errors.inc({ queue: name });
          options.onError?.(err, queue.name);
        }
      }),
    );
    counts = next;
  };
  // One sample per scrape, shared by both metrics.
  let inflight: Promise<void> | undefined;
  const sampleOnce = (): Promise<void> => (inflight ??= sample().finally(() => (inflight = undefined)));
  new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs per queue and state, sampled from BullMQ at scrape',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      await sampleOnce();
      this.reset();
      for (const [queue, byState] of counts) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
      }
    },
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`queue ${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
