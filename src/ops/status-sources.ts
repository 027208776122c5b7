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
import { createFeeLedger, type FeeAccrual, type FeeLedger } from '../state/fee-ledger.ts';
import { VAULT_FEE_HOOKS_ABI, VAULT_FEES_ABI } from '../vault-admin/fee-abi.ts';
import type { VaultPerformance } from '../perf/vault-performance.ts';
import { feePricer, feeScanStart } from '../perf/fee-pricing.ts';
import type { SharePriceSample } from '../perf/realised-apy.ts';
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
  const fees = createFeeLedger(redis, prefix);
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
    async performance(vault, feeSource) {
      const [history, gasSpentWei] = await Promise.all([sharePrices.history(vault), sharePrices.gasSpentWei(vault)]);
      // Fees are telemetry here: a node that cannot serve the logs leaves the line out, status still prints.
      const feesTaken =
        feeSource === undefined
          ? undefined
          : await withDeadline(readFeesTaken(fees, provider, vault, feeSource.address, history, feeSource.deployedAtBlock), chainTimeoutMs, 'fee events').catch(() => undefined);
      return { history, gasSpentWei, ...(feesTaken ? { feesTaken } : {}) };
    },
    pendingProposals: (vault) => createProposalStore(redis, `${prefix}:`).list({ vault, pendingOnly: true }),
    async failedJobs(limit) {
      const [count, recent] = await Promise.all([countFailedJobs(redis, prefix), limit > 0 ? listFailedJobs(redis, prefix, limit) : []]);
      return { count, recent };
    },
  };
}

/**
 * Fees minted by the vault's fee contract, through the Redis ledger: from the vault's
 * deployment block when the config gives it, else from the first share-price sample (the
 * keeper's inception for this vault), which the result says. Undefined without samples: a fee
 * share has no price before the keeper's first one.
 */
export async function readFeesTaken(ledger: FeeLedger, provider: Provider, vault: string, address: string, history: readonly SharePriceSample[], deployedAtBlock?: number): Promise<VaultPerformance['feesTaken']> {
  const first = history[0];
  const priceAt = feePricer(history);
  if (first === undefined || priceAt === undefined) return undefined;
  const controller = (await new Contract(address, VAULT_FEE_HOOKS_ABI, provider).getFunction('feeController')()) as string;
  const feeContract = new Contract(controller, VAULT_FEES_ABI, provider);
  const head = await provider.getBlockNumber();
  const read = async (from: number, to: number): Promise<FeeAccrual[]> => {
    const logs = await feeContract.queryFilter(feeContract.getEvent('FeesAccrued'), from, to);
    return logs.map((l) => {
      const args = (l as unknown as { args: { managementShares: bigint; performanceShares: bigint } }).args;
      return { block: l.blockNumber, managementShares: args.managementShares, performanceShares: args.performanceShares };
    });
  };
  const { startBlock, since } = feeScanStart(deployedAtBlock, first.block);
  const totals = await ledger.sync(vault, { startBlock, head, read, priceAt });
  return {
    managementWei: totals.managementWei,
    performanceWei: totals.performanceWei,
    fromBlock: totals.fromBlock,
    toBlock: totals.toBlock,
    since,
    firstSampleBlock: first.block,
    beforeFirstSampleWei: totals.beforeFirstSampleWei,
  };
}
