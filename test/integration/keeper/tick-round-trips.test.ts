/**
 * The Redis round trips a vault-tick waits for one after another, on a devnet world and a real
 * Redis, counted through the client (test/helpers/redis-round-trips.ts): independent reads and
 * writes of the tick go out together, so the first vault-tick of a block waits for 4 round
 * trips (the book; the jump-check references; this block's rates and prices; the windows and
 * the depeg and cap-repair clocks), a second vault of the block for 2 (the rest is the shared
 * history's), and the observe job's breaker update for 1 (warm-up and apply in one script).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig, VaultConfig } from '../../../src/config/schema.ts';
import { seedKeeperPosition } from '../../../src/devnet/seed-keeper.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { DEFAULT_BOOTSTRAP, rateHistoryFor } from '../../../src/keeper/rates.ts';
import { sharedRateHistory } from '../../../src/keeper/shared-rates.ts';
import { planVault, type KeeperDeps, type VaultPlan } from '../../../src/keeper/tick.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { emitBreakerTransitions } from '../../../src/queue/breaker-events.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { countRedisRoundTrips, type RedisCounter } from '../../helpers/redis-round-trips.ts';

let world: DevnetWorld;
let stateDir: string;
let redis: Redis;
let counter: RedisCounter;
let config: KeeperConfig;
let deps: KeeperDeps;
const prefix = `rk-test-tick-rt-${randomUUID()}`;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'rk-tick-rt-'));
  const logger = createLogger({ level: 'silent' });
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger, stateDir });
  await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
  const strategies = await loadStrategyRegistry();
  const devnet = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies });
  config = { ...devnet, queue: { ...devnet.queue, prefix } };
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  counter = countRedisRoundTrips(redis);
  deps = {
    config, rpc: new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 }), redis, logger,
    rewards: devnetRewardsSource(world.deployment), strategies, lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
    // As the daemon runs it (src/queue/compose.ts): one shared view of the rate history per process.
    rateHistory: sharedRateHistory(rateHistoryFor(redis, config)),
    bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: world.deployment.startBlock },
  };
}, 600_000);

afterAll(async () => {
  counter?.restore();
  if (redis !== undefined) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await world?.stop();
  if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
});

const vault = (name: string): VaultConfig => {
  const v = config.vaults.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no vault ${name}`);
  return v;
};

async function tick(v: VaultConfig): Promise<{ planned: VaultPlan; roundTrips: number; commands: number }> {
  counter.reset();
  const planned = await planVault(deps, v);
  if (!planned.ok) throw new Error(`${v.name}: observation rejected: ${planned.reasons.join('; ')}`);
  return { planned, roundTrips: counter.roundTrips, commands: counter.commands };
}

describe('Redis round trips of a vault-tick (devnet, real Redis)', () => {
  it('4 for the first vault of a block, 2 for the next, 1 for the breaker update', async () => {
    // Warm-up: the rate bootstrap of a fresh history.
    await tick(vault('devnet-main'));
    await tick(vault('devnet-eoa'));
    await world.mine(1);

    const first = await tick(vault('devnet-main'));
    expect(first.roundTrips).toBe(4);
    // The eoa book adds its native-book credit, in the same round trip as its other records.
    const second = await tick(vault('devnet-eoa'));
    expect(second.roundTrips).toBe(2);

    counter.reset();
    const transitions = await emitBreakerTransitions({ redis, config, events: createKeeperEventBus() }, 'devnet-eoa', second.planned);
    expect(transitions?.applied).toBe(true);
    expect(counter.roundTrips).toBe(1);
    expect(counter.commands).toBe(1);
  });
});
