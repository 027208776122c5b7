/**
 * Wires one daemon process from a validated config: Redis (reconnecting), the chain
 * provider and RPC client, signer and relay auth from their secret references, execution
 * targets, rewards source, stores and the event bus. The environment is passed in (the CLI
 * hands over its `io.env`); nothing here reads process.env.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Wallet } from 'ethers';
import type { Redis } from 'ioredis';
import { providerFor } from '../chain/provider-for.ts';
import { RpcClient } from '../chain/rpc-client.ts';
import { DEFAULT_DEPLOYMENT_FILE } from '../config/context.ts';
import type { KeeperConfig } from '../config/schema.ts';
import { loadSecret } from '../config/secrets.ts';
import { InputError } from '../domain/errors.ts';
import { readDeployment } from '../devnet/deployment.ts';
import { createFlashbotsRelay } from '../execution/relay-client.ts';
import { targetsFromConfig } from '../execution/targets-config.ts';
import { targetsFromDeployment } from '../execution/targets.ts';
import { DEFAULT_BOOTSTRAP, rateHistoryFor } from '../keeper/rates.ts';
import { sharedRateHistory } from '../keeper/shared-rates.ts';
import { streamProofClient } from '../rewards/streams/proof-client.ts';
import { cachedStreamProofClients } from '../rewards/streams/proof-cache.ts';
import { LastSeenBlocks } from '../observe/last-seen.ts';
import { RateJumpWatch } from '../observe/rate-jump-watch.ts';
import { rewardsSources } from '../rewards/sources.ts';
import { createAuditLog, DEFAULT_AUDIT_CAP } from '../state/audit.ts';
import { checkChainGenesis, type GenesisSource } from '../state/chain-genesis.ts';
import { createKeeperEventBus, type KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';
import { connectDaemonRedis } from './connection.ts';
import { DEFAULT_DAEMON_SETTINGS, type DaemonContext, type DaemonSettings } from './context.ts';
import { createHoldSampler } from './hold-sampler.ts';
import { createPausedVaults } from './paused.ts';
import { createPlanSlots } from './plan-slot.ts';
import { createTurnoverLedger } from './turnover.ts';
import { recordPerformance } from './record-performance.ts';
import { createSharePriceStore } from '../state/share-prices.ts';

export interface ComposeOptions {
  readonly config: KeeperConfig;
  readonly strategies: StrategyRegistry;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** Deployment JSON (devnet): execution targets, rewards trees, bootstrap floor. */
  readonly deploymentFile?: string;
  readonly settings?: Partial<DaemonSettings>;
  /** Subscribers (metrics, alerts) attach to this bus; a fresh one when omitted. */
  readonly events?: KeeperEventBus;
  /** Client name prefix in CLIENT LIST (default `${queue.prefix}-keeper-${pid}`). */
  readonly clientName?: string;
}

export interface ComposedDaemon {
  readonly ctx: DaemonContext;
  /** The connection to hand to startDaemon (BullMQ); ctx.redis is the same client. */
  readonly connection: Redis;
  /** Closes Redis and the provider (after the daemon stopped). */
  close(): Promise<void>;
}

/** @example const { ctx, connection, close } = await composeDaemon({ config, strategies, env: io.env, logger }); */
export async function composeDaemon(o: ComposeOptions): Promise<ComposedDaemon> {
  const { config, logger } = o;
  const settings: DaemonSettings = { ...DEFAULT_DAEMON_SETTINGS, ...o.settings, concurrency: { ...DEFAULT_DAEMON_SETTINGS.concurrency, ...o.settings?.concurrency } };
  const file = resolve(o.deploymentFile ?? config.deployment ?? DEFAULT_DEPLOYMENT_FILE);
  const deployment = existsSync(file) ? readDeployment(file) : undefined;
  const events = o.events ?? createKeeperEventBus((err, event) => logger.warn({ err, event }, 'event listener failed'));
  // Block watching, execution and confirmation all go through every chain.rpcUrls endpoint.
  const provider = providerFor(config, (health) => events.emit('rpc.endpoint', health));
  let redis: Redis | undefined;
  try {
    const readSecret = (p: string): Promise<string> => readFile(p, 'utf8');
    const signer = new Wallet(await loadSecret(config.secrets.signerKey, o.env, readSecret), provider);
    const authSigner = new Wallet(await loadSecret(config.secrets.relayAuthKey, o.env, readSecret));
    for (const v of config.vaults) {
      if (v.backend === 'eoa' && v.address.toLowerCase() !== signer.address.toLowerCase()) {
        throw new InputError('eoa vault address is not the signer', { details: [`vault ${v.name}: ${v.address}`, `signer: ${signer.address}`] });
      }
      if (v.backend === 'safe-propose') {
        // Proposals wait for owners' signatures: keeper execute proposes, keeper safe execute sends.
        throw new InputError('keeper run does not drive safe-propose vaults yet', { details: [`vault ${v.name}`, 'use keeper execute (proposes) and keeper safe execute <id> (sends once signed)'] });
      }
    }
    redis = await connectDaemonRedis(config.queue.redisUrl, o.clientName ?? `${config.queue.prefix}-keeper-${process.pid}`, logger);
    await pinChain(redis, config.queue.prefix, provider, logger);
    const targets = deployment ? targetsFromDeployment(deployment) : await targetsFromConfig(config, provider);
    const relays = await Promise.all(config.execution.relays.map((r) => createFlashbotsRelay(r.name, r.url, provider, authSigner, config.chain.chainId)));
    const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: config.chain.requestTimeoutMs });
    const { rewards, rewardRates } = await rewardsSources({ config, rpc, redis, logger, env: o.env, readSecret });
    const startBlock = typeof deployment?.startBlock === 'number' ? deployment.startBlock : undefined;
    const prefix = config.queue.prefix;
    const ctx: DaemonContext = {
      config,
      keeper: {
        config,
        rpc,
        redis,
        logger,
        rewards,
        rewardRates,
        strategies: o.strategies,
        lastSeen: new LastSeenBlocks(),
        rateJumps: new RateJumpWatch(),
        clock: () => Math.floor(Date.now() / 1000),
        rateHistory: sharedRateHistory(rateHistoryFor(redis, config)),
        ...(startBlock === undefined ? {} : { bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: startBlock } }),
      },
      redis,
      provider,
      signer,
      relays,
      targets,
      audit: createAuditLog(redis, prefix, DEFAULT_AUDIT_CAP, `${hostname()}:${process.pid}`),
      slots: createPlanSlots(redis, prefix, settings.planSlotTtlMs),
      paused: createPausedVaults(redis, prefix),
      turnover: createTurnoverLedger(redis, prefix),
      holds: createHoldSampler(settings.auditHoldEveryBlocks),
      events,
      logger,
      settings,
      streamProofs: cachedStreamProofClients(streamProofClient, streamProofMaxAge(config), () => Math.floor(Date.now() / 1000)),
    };
    const client = redis;
    const stopRecording = recordPerformance(events, createSharePriceStore(redis, prefix), logger);
    return {
      ctx,
      connection: redis,
      async close() {
        stopRecording();
        provider.destroy();
        await client.quit().catch(() => client.disconnect());
      },
    };
  } catch (err) {
    provider.destroy();
    redis?.disconnect();
    throw err;
  }
}

/**
 * Refuses to start on Redis state of another chain (chain-genesis.ts). A node that cannot be
 * reached yet only skips the check: the daemon starts (ops port, readiness) and its jobs retry.
 */
async function pinChain(redis: Redis, prefix: string, chain: GenesisSource, logger: Logger): Promise<void> {
  try {
    await checkChainGenesis(redis, prefix, chain);
  } catch (err) {
    if (err instanceof InputError) throw err;
    logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'genesis block unreadable: the chain behind this Redis prefix is not checked at this start');
  }
}

/**
 * How long the compound job may reuse a reward stream's proof while the distributor's root has
 * moved: the compounding check cadence (compounding.checkEverySeconds, the shortest any vault
 * sets). Streams are asked only by the compound job, never by the per-block tick, so the
 * per-tick cost does not grow with them; with the cache, a proof server is asked at most once
 * per cadence per stream, and not at all while the root on chain is still the proof's root.
 */
function streamProofMaxAge(config: KeeperConfig): number {
  return Math.min(config.compounding.checkEverySeconds, ...config.vaults.map((v) => v.compounding?.checkEverySeconds ?? config.compounding.checkEverySeconds));
}
