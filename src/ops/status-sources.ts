/**
 * Where `keeper status` reads from: the keeper's Redis (pause flags, audit log, intents,
 * withdrawals, failed jobs, Safe proposals, under the same prefixes the daemon writes) and the chain (the vault's
 * `paused()` and the head block). Separate from the model so the model is tested with
 * literal fixtures and this file against a real Redis and devnet.
 */
import { Contract, type Provider } from 'ethers';
import type { Redis } from 'ioredis';
import { VAULT_KEEPER_ABI } from '../protocols/vault/abi.ts';
import { createAuditLog, type DecisionRecord, type RejectedRecord } from '../state/audit.ts';
import { createIntentStore } from '../state/intents.ts';
import { createWithdrawalStore } from '../state/withdrawals.ts';
import { vaultStatePrefix } from '../queue/names.ts';
import { countFailedJobs, listFailedJobs } from '../queue/failures.ts';
import { pausedVaults } from './pause.ts';
import { createSharePriceStore } from '../state/share-prices.ts';
import { createProposalStore } from '../safe/proposal-store.ts';
import type { StatusSources } from './status.ts';

/** The vault contract's own pause (set by its guardian or owner). */
export async function readVaultPaused(provider: Provider, address: string): Promise<boolean> {
  const vault = new Contract(address, VAULT_KEEPER_ABI, provider);
  return (await vault.getFunction('paused')()) as boolean;
}

/** Chain reads give up after `ms`: status must print even when the node hangs. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * @example const sources = redisStatusSources(redis, config.queue.prefix, provider, config.chain.requestTimeoutMs);
 */
export function redisStatusSources(redis: Redis, prefix: string, provider: Provider, chainTimeoutMs = 10_000): StatusSources {
  const audit = createAuditLog(redis, prefix);
  const sharePrices = createSharePriceStore(redis, prefix);
  return {
    pausedVaults: (vaults) => pausedVaults(redis, prefix, vaults),
    async lastDecision(vault) {
      const [record] = await audit.list(vault, { limit: 1, kinds: ['decision', 'rejected'] });
      return record as DecisionRecord | RejectedRecord | undefined;
    },
    openIntents: (vault) => createIntentStore(redis, vaultStatePrefix(prefix, vault)).open(),
    pendingWithdrawals: (vault) => createWithdrawalStore(redis, vaultStatePrefix(prefix, vault)).open(),
    onChainPaused: (address) => withDeadline(readVaultPaused(provider, address), chainTimeoutMs, 'paused()'),
    blockNumber: () => withDeadline(provider.getBlockNumber(), chainTimeoutMs, 'eth_blockNumber'),
    async performance(vault) {
      const [history, gasSpentWei] = await Promise.all([sharePrices.history(vault), sharePrices.gasSpentWei(vault)]);
      return { history, gasSpentWei };
    },
    pendingProposals: (vault) => createProposalStore(redis, `${prefix}:`).list({ vault, pendingOnly: true }),
    async failedJobs(limit) {
      const [count, recent] = await Promise.all([countFailedJobs(redis, prefix), limit > 0 ? listFailedJobs(redis, prefix, limit) : []]);
      return { count, recent };
    },
  };
}
