/**
 * The daemon: queues, one worker per queue, the block watcher and the timer schedulers, for
 * one process. Start as many processes as you like on one Redis; they share the work.
 *
 * Shutdown (SIGINT/SIGTERM through `stop()`): the watcher stops enqueueing, the workers stop
 * taking jobs and are given `drainMs` to finish the ones they run (an execute job may be
 * waiting for its target block); what is still running after that is abandoned without
 * being acknowledged, so its BullMQ lock lapses and another process takes it over as a
 * stalled job, with the intent store making sure nothing is sent twice. Then queues close.
 */
import { Worker, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { vaultStores, type DaemonContext } from './context.ts';
import { settleSlotOfPlan } from './settle-slot.ts';
import { startBlockWatcher, type BlockWatcher } from './block-watcher.ts';
import { processConfirm } from './confirm-job.ts';
import { enqueueConfirm, processExecute } from './execute-job.ts';
import { isFinalFailure, jobRunner, reasonOf, recordFailedJob } from './failures.ts';
import { processCompound, processWithdrawals } from './housekeeping-jobs.ts';
import { bullPrefix, QUEUE_NAMES, type QueueName } from './names.ts';
import { processObserve } from './observe-job.ts';
import { executeJobSchema } from './payloads.ts';
import { closeQueues, openQueues, type DaemonQueues } from './queues.ts';
import { declareSchedules } from './schedules.ts';
import { fromJson } from '../state/json-bigint.ts';
import type { Plan } from '../domain/plan.ts';

export interface DaemonOptions {
  /** Connection BullMQ uses (and duplicates for its blocking reads); reconnecting, maxRetriesPerRequest null. */
  readonly connection: Redis;
  /** Enqueue observe ticks from new blocks (default true; the bench drives ticks itself). */
  readonly watchBlocks?: boolean;
  /** Declare the compound/withdrawals schedulers (default true). */
  readonly schedule?: boolean;
  /** Time given to running jobs at shutdown before they are handed back, ms (default 30,000). */
  readonly drainMs?: number;
}

export interface Daemon {
  readonly queues: DaemonQueues;
  readonly workers: readonly Worker[];
  /** True while every worker runs and the watcher (if any) is polling. */
  running(): boolean;
  stop(): Promise<void>;
}

/** @example const daemon = await startDaemon(ctx, { connection: redis }); … await daemon.stop(); */
export async function startDaemon(ctx: DaemonContext, options: DaemonOptions): Promise<Daemon> {
  const prefix = bullPrefix(ctx.config);
  const queues = openQueues(options.connection, prefix, ctx.settings);
  const s = ctx.settings;
  const worker = (name: QueueName, concurrency: number, body: (job: Job) => Promise<string>): Worker => {
    const w = new Worker(name, jobRunner(name, ctx.events, body) as Processor, {
      connection: options.connection,
      prefix,
      concurrency,
      lockDuration: s.jobLockMs,
      stalledInterval: s.stalledIntervalMs,
      maxStalledCount: 2,
      autorun: true,
    });
    w.on('error', (err) => ctx.logger.warn({ err: { message: err.message }, queue: name }, 'worker error (reconnecting)'));
    w.on('failed', (job, err) => {
      if (job === undefined || !isFinalFailure(job, err)) return;
      void onFinalFailure(ctx, queues, name, job, err);
    });
    return w;
  };
  const workers = [
    worker(QUEUE_NAMES.observe, s.concurrency.observe, (job) => processObserve(ctx, queues, job)),
    worker(QUEUE_NAMES.execute, s.concurrency.execute, (job) => processExecute(ctx, queues, job)),
    worker(QUEUE_NAMES.confirm, s.concurrency.confirm, (job) => processConfirm(ctx, job)),
    worker(QUEUE_NAMES.compound, s.concurrency.housekeeping, (job) => processCompound(ctx, queues, job)),
    worker(QUEUE_NAMES.withdrawals, s.concurrency.housekeeping, (job) => processWithdrawals(ctx, queues, job)),
  ];
  if (options.schedule !== false) await declareSchedules(ctx.config, queues);
  let watcher: BlockWatcher | undefined;
  if (options.watchBlocks !== false) {
    const names = ctx.config.vaults.map((v) => v.name);
    watcher = startBlockWatcher({
      head: () => ctx.provider.getBlockNumber(),
      queue: queues.observe,
      vaults: () => names,
      everyBlocks: ctx.config.queue.schedules.observeEveryBlocks,
      pollMs: s.headPollMs,
      logger: ctx.logger.child({ component: 'block-watcher' }),
    });
  }
  ctx.logger.info({ vaults: ctx.config.vaults.length, prefix, dryRun: s.dryRun, watch: watcher !== undefined }, 'keeper daemon started');
  let stopping = false;
  return {
    queues,
    workers,
    running: () => !stopping && workers.every((w) => w.isRunning()),
    async stop() {
      if (stopping) return;
      stopping = true;
      await watcher?.stop();
      const drained = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([drained.then(() => false), sleep(options.drainMs ?? 30_000).then(() => true)]);
      if (timedOut) {
        ctx.logger.warn({ drainMs: options.drainMs ?? 30_000 }, 'jobs still running at shutdown: handing them back (another process takes them over)');
        await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
      }
      await closeQueues(queues);
      ctx.logger.info('keeper daemon stopped');
    },
  };
}

/** A job BullMQ gave up on: its record, and for an execute job a confirm that settles the vault's slot. */
async function onFinalFailure(ctx: DaemonContext, queues: DaemonQueues, queue: QueueName, job: Job, err: Error): Promise<void> {
  const vault = typeof (job.data as { vault?: unknown }).vault === 'string' ? (job.data as { vault: string }).vault : undefined;
  const reason = reasonOf(err);
  try {
    await recordFailedJob(ctx.redis, ctx.config.queue.prefix, { queue, jobId: job.id ?? '', ...(vault ? { vault } : {}), reason, attemptsMade: job.attemptsMade, at: Date.now() });
    ctx.logger.error({ queue, job: job.id, vault, reason, attempts: job.attemptsMade }, 'job failed for good');
    if (queue === QUEUE_NAMES.execute) {
      const parsed = executeJobSchema.safeParse(job.data);
      if (parsed.success) {
        const plan = fromJson<Plan>(parsed.data.plan);
        await settleIfPlanSettled(ctx, parsed.data.vault, parsed.data.planId);
        await enqueueConfirm(queues, parsed.data, plan, { planId: parsed.data.planId, status: 'failed', reason, calls: [], txCount: 0, targetBlocks: [], bundleHashes: [] });
      }
    }
    if (queue === QUEUE_NAMES.confirm && vault !== undefined && typeof (job.data as { planId?: unknown }).planId === 'string') {
      await settleIfPlanSettled(ctx, vault, (job.data as { planId: string }).planId);
    }
  } catch (cause) {
    ctx.logger.error({ err: cause, queue, job: job.id }, 'could not record a failed job');
  }
}

/** A plan whose intent is settled (or was never created) frees its slot now, not at the slot's expiry. */
async function settleIfPlanSettled(ctx: DaemonContext, vault: string, planId: string): Promise<void> {
  if (!ctx.config.vaults.some((v) => v.name === vault)) return;
  const intent = await vaultStores(ctx, vault).intents.get(planId);
  if (await settleSlotOfPlan(ctx.slots, ctx.provider, vault, planId, intent)) ctx.logger.info({ vault, plan: planId, status: intent?.status ?? 'never signed' }, 'plan slot freed after a failed job');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
