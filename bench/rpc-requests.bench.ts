/**
 * RPC requests per vault-tick on a real devnet world, counted by RpcClient's request
 * counter: our observer (one Multicall3 `aggregate3` eth_call) against a naive observer that
 * sends one eth_call per read. The chain-id check RpcClient does once per endpoint is warmed
 * up first, so the figures are the steady state of a running keeper. Also the per-block cost
 * of the AVS rate source (RewardsCoordinator events + stake): RPC requests and Redis commands,
 * with two vaults asking for the same block as the daemon's vault-ticks do. And the keeper's
 * own round trips (bench/keeper-tick-cost.ts): Redis per vault-tick, RPC per reward-stream read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RpcClient } from '../src/chain/rpc-client.ts';
import { startWorld } from '../src/devnet/world.ts';
import { seedKeeperPosition } from '../src/devnet/seed-keeper.ts';
import { devnetConfig } from '../src/keeper/devnet-config.ts';
import { observeTargets } from '../src/keeper/targets.ts';
import { positionSpecs } from '../src/keeper/universe.ts';
import { LastSeenBlocks } from '../src/observe/last-seen.ts';
import { observeVault } from '../src/observe/observer.ts';
import { devnetRewardsSource } from '../test/helpers/devnet-rewards.ts';
import { buildVaultReads } from '../src/observe/vault-reads.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import { connectRedis } from '../src/keeper/redis.ts';
import { chainRewardRatesSource } from '../src/rewards/chain-rates-source.ts';
import { loadStrategyRegistry } from '../strategies/registry.ts';
import type { BenchRun } from './figure.ts';
import { keeperTickCost } from './keeper-tick-cost.ts';

const TICKS = 5;

export const run: BenchRun = async () => {
  const projectRoot = fileURLToPath(new URL('..', import.meta.url));
  const logger = createLogger({ level: 'error' });
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const world = await startWorld({ projectRoot, logger, stateDir });
  try {
    await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
    const strategies = await loadStrategyRegistry();
    const config = await devnetConfig({ projectRoot, deployment: world.deployment, strategies });
    const vault = config.vaults[0];
    if (vault === undefined) throw new Error('devnet config has no vault');
    const targets = observeTargets(config, vault, positionSpecs(config));
    const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 });
    const deps = { rpc, logger, rewards: devnetRewardsSource(world.deployment, { listTtlMs: 60_000 }), lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000) };
    const options = { lastRate: async () => undefined, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 };
    await observeVault(deps, targets, options); // warm-up: RpcClient's one-time chain-id check

    let ours = 0;
    let naive = 0;
    const reads = buildVaultReads(targets).batch.calls;
    for (let t = 0; t < TICKS; t++) {
      await world.mine(1);
      let before = rpc.requests;
      const outcome = await observeVault(deps, targets, options);
      if (!outcome.ok) throw new Error(`observation rejected: ${outcome.reasons.join('; ')}`);
      ours += rpc.requests - before;
      before = rpc.requests;
      // The naive observer: the same reads, one eth_call each.
      for (const call of reads) await rpc.call('eth_call', [{ to: call.target, data: call.iface.encodeFunctionData(call.fn, call.args) }, 'latest']);
      naive += rpc.requests - before;
    }
    const perTick = ours / TICKS;
    const naivePerTick = naive / TICKS;

    const rates = await avsRateCost(config, world);
    const keeper = await keeperTickCost({ config, world, rpc, strategies, ticks: TICKS });
    return [
      ...keeper,
      { name: 'avs_rates_rpc_requests_per_block', value: rates.rpc, unit: 'requests' },
      { name: 'avs_rates_redis_commands_per_block', value: rates.redis, unit: 'commands' },
      { name: 'rpc_requests_per_vault_tick', value: perTick, unit: 'requests', baseline: naivePerTick, ratio: naivePerTick / perTick },
      { name: 'rpc_requests_per_vault_tick_naive', value: naivePerTick, unit: 'requests' },
      { name: 'reads_per_vault_tick', value: reads.length, unit: 'reads' },
    ];
  } finally {
    await world.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
};

/** Steady-state cost per block of the AVS rate source, asked by two vaults per block. */
async function avsRateCost(config: Awaited<ReturnType<typeof devnetConfig>>, world: Awaited<ReturnType<typeof startWorld>>): Promise<{ rpc: number; redis: number }> {
  const prefix = `bench-avs-rates-${process.pid}`;
  const redis = await connectRedis('redis://127.0.0.1:6379');
  let commands = 0;
  // Counts every command the source sends (it uses get and set only).
  const counted = new Proxy(redis, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if ((key === 'get' || key === 'set') && typeof value === 'function') return (...args: unknown[]) => { commands++; return (value as (...a: unknown[]) => unknown).apply(target, args); };
      return value;
    },
  });
  try {
    const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 });
    const source = chainRewardRatesSource({ config: { ...config, queue: { ...config.queue, prefix } }, rpc, redis: counted, logger: createLogger({ level: 'error' }) });
    const at = async () => {
      const head = await world.anvilProvider.getBlock('latest');
      return { block: head?.number ?? 0, timestamp: head?.timestamp ?? 0 };
    };
    await source.rates(await at()); // warm-up: chain-id check, first member read, the initial scan
    let requests = 0;
    commands = 0;
    for (let t = 0; t < TICKS; t++) {
      await world.mine(1);
      const head = await at();
      const before = rpc.requests;
      await source.rates(head);
      await source.rates(head);
      requests += rpc.requests - before;
    }
    return { rpc: requests / TICKS, redis: commands / TICKS };
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}
