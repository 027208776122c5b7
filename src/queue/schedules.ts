/**
 * Timer-driven work as BullMQ job schedulers: one compound and one withdrawals scheduler per
 * vault. `upsertJobScheduler` is idempotent, so every process may (and does) declare them at
 * start; the schedulers live in Redis and produce one job per interval whichever processes
 * run. Schedulers of vaults no longer in the config are removed.
 */
import type { KeeperConfig } from '../config/schema.ts';
import { schedulerId } from './names.ts';
import type { DaemonQueues } from './queues.ts';

/** @returns how many schedulers were declared and removed. */
export async function declareSchedules(config: KeeperConfig, queues: Pick<DaemonQueues, 'compound' | 'withdrawals'>): Promise<{ declared: number; removed: number }> {
  const s = config.queue.schedules;
  const wanted = new Set<string>();
  let declared = 0;
  for (const vault of config.vaults) {
    for (const [kind, queue, seconds] of [
      ['compound', queues.compound, s.compoundEverySeconds],
      ['withdrawals', queues.withdrawals, s.withdrawalsEverySeconds],
    ] as const) {
      const id = schedulerId(kind, vault.name);
      wanted.add(`${kind}/${id}`);
      await queue.upsertJobScheduler(id, { every: seconds * 1_000 }, { name: kind, data: { vault: vault.name } });
      declared += 1;
    }
  }
  let removed = 0;
  for (const [kind, queue] of [['compound', queues.compound], ['withdrawals', queues.withdrawals]] as const) {
    for (const scheduler of await queue.getJobSchedulers()) {
      const id = scheduler.id ?? scheduler.key;
      if (!wanted.has(`${kind}/${id}`) && (await queue.removeJobScheduler(id))) removed += 1;
    }
  }
  return { declared, removed };
}

/** `keeper compound <vault> --now`: one compound job right away (its own id, so it never meets a scheduled one). */
export async function compoundNow(queues: Pick<DaemonQueues, 'compound'>, vault: string, now: number = Date.now()): Promise<string> {
  const jobId = `${vault}-now-${now}`;
  await queues.compound.add('compound', { vault }, { jobId });
  return jobId;
}
