/**
 * Where the vault page reads from in a running keeper: the same Redis state and chain reads
 * as `keeper status` (so the page and `keeper status --json` agree), plus the audit log's
 * recent decisions, the shared breaker state and the share-price history.
 */
import type { Provider } from 'ethers';
import type { Redis } from 'ioredis';
import type { KeeperConfig } from '../config/schema.ts';
import { createAuditLog, type DecisionRecord, type RejectedRecord } from '../state/audit.ts';
import { createBreakerState } from '../state/breaker-state.ts';
import { createSharePriceStore } from '../state/share-prices.ts';
import { collectStatus } from './status.ts';
import { redisStatusSources } from './status-sources.ts';
import type { VaultPageSources } from './vault-page-model.ts';

/** @example buildVaultPage(redisVaultPageSources(redis, provider, config)) */
export function redisVaultPageSources(redis: Redis, provider: Provider, config: Pick<KeeperConfig, 'queue' | 'vaults' | 'chain'>): VaultPageSources {
  const prefix = config.queue.prefix;
  const statusSources = redisStatusSources(redis, prefix, provider, config.chain.requestTimeoutMs);
  const audit = createAuditLog(redis, prefix);
  const breakers = createBreakerState(redis, prefix);
  const sharePrices = createSharePriceStore(redis, prefix);
  return {
    status: () => collectStatus(config.vaults, config.chain.chainId, statusSources),
    recentDecisions: async (vault, limit) => (await audit.list(vault, { limit, kinds: ['decision', 'rejected'] })) as (DecisionRecord | RejectedRecord)[],
    openBreakers: (vault) => breakers.open(vault),
    sharePrices: (vault) => sharePrices.history(vault),
  };
}
