/**
 * The keeper's own round trips on a devnet world, beside the observer's: the Redis round
 * trips a vault-tick waits for one after another (planVault with the daemon's shared rate
 * history, then the observe job's breaker update), and the RPC requests of the compound
 * job's reward-stream read (streamClaimables) once the devnet stream has paid the keeper's
 * book. Steady state: every figure is averaged over ticks after a warm-up tick.
 */
import { parseEther } from 'ethers';
import type { RpcClient } from '../src/chain/rpc-client.ts';
import type { KeeperConfig, VaultConfig } from '../src/config/schema.ts';
import { rawRpc } from '../src/devnet/anvil.ts';
import { DEVNET_STREAM } from '../src/devnet/streams/devnet-stream.ts';
import type { startWorld } from '../src/devnet/world.ts';
import { connectRedis } from '../src/keeper/redis.ts';
import { DEFAULT_BOOTSTRAP, rateHistoryFor } from '../src/keeper/rates.ts';
import { sharedRateHistory } from '../src/keeper/shared-rates.ts';
import { planVault, type KeeperDeps, type VaultPlan } from '../src/keeper/tick.ts';
import { LastSeenBlocks } from '../src/observe/last-seen.ts';
import { emitBreakerTransitions } from '../src/queue/breaker-events.ts';
import { streamClaimables } from '../src/rewards/streams/claimables.ts';
import { streamProofClient } from '../src/rewards/streams/proof-client.ts';
import { createKeeperEventBus } from '../src/telemetry/keeper-events.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import type { StrategyRegistry } from '../strategies/registry.ts';
import { devnetRewardsSource } from '../test/helpers/devnet-rewards.ts';
import { countRedisRoundTrips } from '../test/helpers/redis-round-trips.ts';
import type { Figure } from './figure.ts';

type World = Awaited<ReturnType<typeof startWorld>>;

/**
 * @example const figures = await keeperTickCost({ config, world, rpc, strategies, ticks: 5 })
 */
export async function keeperTickCost(input: { config: KeeperConfig; world: World; rpc: RpcClient; strategies: StrategyRegistry; ticks: number }): Promise<Figure[]> {
  const { config, world, rpc, ticks } = input;
  const prefix = `bench-tick-${process.pid}`;
  const redis = await connectRedis('redis://127.0.0.1:6379');
  const counter = countRedisRoundTrips(redis);
  try {
    const scoped = { ...config, queue: { ...config.queue, prefix } };
    const logger = createLogger({ level: 'error' });
    const deps: KeeperDeps & { rpc: RpcClient } = {
      config: scoped, rpc, redis, logger, rewards: devnetRewardsSource(world.deployment, { listTtlMs: 60_000 }), strategies: input.strategies,
      lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
      rateHistory: sharedRateHistory(rateHistoryFor(redis, scoped)),
      bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: world.deployment.startBlock },
    };
    const vaults = config.vaults.filter((v) => v.backend === 'vault' || v.backend === 'eoa');
    const events = createKeeperEventBus();
    // The observe job's Redis work: the tick, then the breaker update (src/queue/observe-job.ts).
    const tick = async (vault: VaultConfig): Promise<VaultPlan> => {
      const planned = await planVault(deps, vault);
      if (!planned.ok) throw new Error(`${vault.name}: observation rejected: ${planned.reasons.join('; ')}`);
      await emitBreakerTransitions({ redis, config: scoped, events }, vault.name, planned);
      return planned;
    };
    for (const vault of vaults) await tick(vault); // warm-up: the rate bootstrap, the chain-id check
    let roundTrips = 0;
    let commands = 0;
    for (let t = 0; t < ticks; t++) {
      await world.mine(1);
      for (const vault of vaults) {
        counter.reset();
        await tick(vault);
        roundTrips += counter.roundTrips;
        commands += counter.commands;
      }
    }
    const vaultTicks = ticks * vaults.length;
    return [
      { name: 'redis_round_trips_per_vault_tick', value: roundTrips / vaultTicks, unit: 'round trips' },
      { name: 'redis_commands_per_vault_tick', value: commands / vaultTicks, unit: 'commands' },
      ...(await streamReadCost(deps, world, ticks)),
    ];
  } finally {
    counter.restore();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

/** RPC requests of one streamClaimables read of the keeper's own book, once its stream has paid. */
async function streamReadCost(deps: KeeperDeps & { rpc: RpcClient }, world: World, reads: number): Promise<Figure[]> {
  const eoa = deps.config.vaults.find((v) => v.backend === 'eoa');
  if (eoa === undefined) throw new Error('devnet config has no eoa vault');
  // Three days of chain time, then the stream's next distribution pays for them.
  const head = await world.anvilProvider.getBlock('latest');
  await rawRpc(world.deployment.anvilUrl, 'evm_mine', [(head?.timestamp ?? 0) + 3 * 86_400]);
  await world.mine(DEVNET_STREAM.intervalBlocks + 1);
  const planned = await planVault(deps, eoa);
  if (!planned.ok) throw new Error(`${eoa.name}: observation rejected: ${planned.reasons.join('; ')}`);
  const { snapshot } = planned.observation;
  const input = { lrts: deps.config.lrts, specs: planned.specs, snapshot, estimates: planned.estimates, weth: deps.config.universe.weth, multicall3: deps.config.universe.multicall3 };
  const streams = deps.config.lrts.flatMap((l) => l.rewardStreams).filter((s) => s.kind === 'token').length;
  const read = async (): Promise<number> => {
    const before = deps.rpc.requests;
    const out = await streamClaimables({ rpc: deps.rpc, proofClient: streamProofClient }, input);
    if (out.claimables.length !== streams) throw new Error(`expected ${streams} claimable stream(s), got ${out.claimables.length}: ${out.notes.join('; ')}`);
    if (out.claimables.some((c) => c.payout < parseEther('0.001'))) throw new Error('the stream paid less than expected');
    return deps.rpc.requests - before;
  };
  const first = await read();
  let steady = 0;
  for (let r = 0; r < reads; r++) steady += await read();
  return [
    { name: 'stream_claimables_rpc_requests_first_read', value: first, unit: 'requests' },
    { name: 'stream_claimables_rpc_requests_per_read', value: steady / reads, unit: 'requests' },
    { name: 'stream_claimables_rpc_requests_per_stream', value: steady / reads / streams, unit: 'requests' },
  ];
}
