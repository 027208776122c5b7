/**
 * Read-only views of the keeper's Redis stores for `keeper execute --dry-run`: reads go to
 * Redis, writes stay in this process's memory and are read back from there. A dry run
 * observes, resolves open intents, bootstraps rate history and simulates exactly like a real
 * run (so it reports what a real run would do), yet leaves Redis byte for byte as it found
 * it: the daemon and the next real run see nothing of it.
 *
 * @example
 *   const intents = opts.dryRun ? dryRunIntentStore(createIntentStore(redis, prefix)) : createIntentStore(redis, prefix);
 */
import type { RateSample } from '../domain/estimate.ts';
import { NonRetryableError } from '../domain/errors.ts';
import { TERMINAL_STATUSES, type Intent, type IntentStore } from '../state/intents.ts';
import type { RateHistory, RateSeries } from '../state/rate-history.ts';
import type { TrackedWithdrawal, WithdrawalStore } from '../state/withdrawals.ts';

/** Intents: creates and updates kept in memory, with the store's rules (one per plan id, terminal is final). */
export function dryRunIntentStore(inner: IntentStore, now: () => number = () => Math.floor(Date.now() / 1000)): IntentStore {
  const local = new Map<string, Intent>();
  const get = async (planId: string): Promise<Intent | undefined> => local.get(planId) ?? (await inner.get(planId));
  return {
    async create(intent) {
      if ((await get(intent.planId)) !== undefined) return false;
      local.set(intent.planId, intent);
      return true;
    },
    get,
    async update(planId, change) {
      const current = await get(planId);
      if (current === undefined) throw new NonRetryableError('intent not found', { details: [`plan: ${planId}`] });
      if (TERMINAL_STATUSES.includes(current.status)) throw new NonRetryableError(`intent is already ${current.status}`, { details: [`plan: ${planId}`] });
      const next = { ...change(current), updatedAt: now() };
      local.set(planId, next);
      return next;
    },
    async reorged(planId, reason) {
      const current = await get(planId);
      if (current?.status !== 'included') throw new NonRetryableError(`only an included intent can be reorged, not ${current?.status ?? 'a missing one'}`, { details: [`plan: ${planId}`] });
      const next: Intent = { ...current, status: 'reorged', reason, updatedAt: now() };
      local.set(planId, next);
      return next;
    },
    async open() {
      const stored = await inner.open();
      const ids = new Set(stored.map((i) => i.planId));
      const merged = [...stored.map((i) => local.get(i.planId) ?? i), ...[...local.values()].filter((i) => !ids.has(i.planId))];
      return merged.filter((i) => !TERMINAL_STATUSES.includes(i.status)).sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}

/** Tracked withdrawals: puts and completions kept in memory. */
export function dryRunWithdrawalStore(inner: WithdrawalStore): WithdrawalStore {
  const local = new Map<string, TrackedWithdrawal>();
  const get = async (id: string): Promise<TrackedWithdrawal | undefined> => local.get(id) ?? (await inner.get(id));
  return {
    put: async (record) => void local.set(record.id, record),
    get,
    async open() {
      const stored = await inner.open();
      const ids = new Set(stored.map((w) => w.id));
      const merged = [...stored.map((w) => local.get(w.id) ?? w), ...[...local.values()].filter((w) => !ids.has(w.id))];
      return merged.filter((w) => w.status === 'queued').sort((a, b) => a.queuedBlock - b.queuedBlock);
    },
    async markCompleted(id, block) {
      const record = await get(id);
      if (record !== undefined) local.set(id, { ...record, status: 'completed', completedBlock: block });
    },
  };
}

/** Rate history: appended samples kept in memory and merged into every read. */
export function dryRunRateHistory(inner: RateHistory): RateHistory {
  const local = new Map<RateSeries, Map<number, RateSample>>();
  const mine = (symbol: RateSeries): Map<number, RateSample> => {
    let samples = local.get(symbol);
    if (samples === undefined) {
      samples = new Map();
      local.set(symbol, samples);
    }
    return samples;
  };
  return {
    async append(symbol, sample) {
      const samples = mine(symbol);
      if (samples.has(sample.timestamp) || (await inner.window(symbol, sample.timestamp, sample.timestamp)).length > 0) return false;
      samples.set(sample.timestamp, sample);
      return true;
    },
    async window(symbol, from, to) {
      const byTime = new Map((await inner.window(symbol, from, to)).map((s) => [s.timestamp, s]));
      for (const s of mine(symbol).values()) if (s.timestamp >= from && s.timestamp <= to && !byTime.has(s.timestamp)) byTime.set(s.timestamp, s);
      return [...byTime.values()].sort((a, b) => a.timestamp - b.timestamp);
    },
    async latest(symbol, atOrBefore) {
      let best = await inner.latest(symbol, atOrBefore);
      for (const s of mine(symbol).values()) if (s.timestamp <= atOrBefore && (best === undefined || s.timestamp > best.timestamp)) best = s;
      return best;
    },
    async size(symbol) {
      return (await inner.size(symbol)) + mine(symbol).size;
    },
  };
}
