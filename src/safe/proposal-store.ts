/**
 * Safe proposals in Redis: one JSON record per safeTxHash (`<prefix>safe:proposal:<hash>`)
 * and one sorted set of all of them by creation time (`<prefix>safe:proposals`). Updates use
 * an optimistic lock, and a terminal proposal never changes again, so a proposal executed by
 * one process cannot be re-opened by another's stale view.
 */
import type { Redis } from 'ioredis';
import { InputError, NonRetryableError, RetryableError } from '../domain/errors.ts';
import { fromJson, toJson } from '../state/json-bigint.ts';
import { TERMINAL_PROPOSAL_STATUSES, type SafeProposal } from './proposal.ts';

export interface ProposalStore {
  /** Stores a new proposal; false when one with this safeTxHash exists. */
  create(proposal: SafeProposal): Promise<boolean>;
  get(id: string): Promise<SafeProposal | undefined>;
  /** A full safeTxHash, or a unique prefix of at least 6 hex digits after 0x. */
  resolve(idOrPrefix: string): Promise<SafeProposal>;
  update(id: string, change: (p: SafeProposal) => SafeProposal): Promise<SafeProposal>;
  /** Newest first. */
  list(filter?: { vault?: string; pendingOnly?: boolean }): Promise<SafeProposal[]>;
}

/** @example const store = createProposalStore(redis, 'rk:'); */
export function createProposalStore(redis: Redis, prefix: string): ProposalStore {
  const key = (id: string): string => `${prefix}safe:proposal:${id.toLowerCase()}`;
  const indexKey = `${prefix}safe:proposals`;
  const guard = async <T>(what: string, id: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      if (cause instanceof NonRetryableError || cause instanceof InputError) throw cause;
      throw new RetryableError(`proposal store ${what} failed`, { details: [`proposal: ${id}`], cause });
    }
  };
  const get = (id: string): Promise<SafeProposal | undefined> =>
    guard('read', id, async () => {
      const text = await redis.get(key(id));
      return text === null ? undefined : fromJson<SafeProposal>(text);
    });
  const list: ProposalStore['list'] = (filter = {}) =>
    guard('list', '*', async () => {
      const ids = await redis.zrevrange(indexKey, 0, -1);
      const all = await Promise.all(ids.map((id) => get(id)));
      return all.filter((p): p is SafeProposal => p !== undefined && (filter.vault === undefined || p.vault === filter.vault) && (filter.pendingOnly !== true || p.status === 'pending'));
    });
  return {
    create: (proposal) =>
      guard('create', proposal.id, async () => {
        if ((await redis.set(key(proposal.id), toJson(proposal), 'NX')) !== 'OK') return false;
        await redis.zadd(indexKey, proposal.createdAt, proposal.id.toLowerCase());
        return true;
      }),
    get,
    async resolve(idOrPrefix) {
      const wanted = idOrPrefix.toLowerCase();
      if (!/^0x[0-9a-f]{6,64}$/.test(wanted)) throw new InputError('proposal id must be a safeTxHash or a prefix of it (0x and at least 6 hex digits)', { details: [`id: ${idOrPrefix}`] });
      const ids = (await guard('list', wanted, () => redis.zrange(indexKey, 0, -1))).filter((id) => id.startsWith(wanted));
      if (ids.length !== 1) throw new InputError(ids.length === 0 ? 'no such proposal' : 'proposal id prefix is ambiguous', { details: [`id: ${idOrPrefix}`, ...ids.map((i) => `matches ${i}`)] });
      const found = await get(ids[0] as string);
      if (found === undefined) throw new InputError('no such proposal', { details: [`id: ${idOrPrefix}`] });
      return found;
    },
    update: (id, change) =>
      guard('update', id, async () => {
        for (let tries = 0; tries < 10; tries++) {
          await redis.watch(key(id));
          const text = await redis.get(key(id));
          if (text === null) {
            await redis.unwatch();
            throw new InputError('no such proposal', { details: [`proposal: ${id}`] });
          }
          const current = fromJson<SafeProposal>(text);
          if (TERMINAL_PROPOSAL_STATUSES.includes(current.status)) {
            await redis.unwatch();
            throw new NonRetryableError(`proposal is already ${current.status}`, { details: [`proposal: ${id}`, ...(current.reason ? [`reason: ${current.reason}`] : [])] });
          }
          const next = change(current);
          if ((await redis.multi().set(key(id), toJson(next)).exec()) !== null) return next;
        }
        throw new RetryableError('proposal update kept conflicting', { details: [`proposal: ${id}`] });
      }),
    list,
  };
}
