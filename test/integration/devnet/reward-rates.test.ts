/**
 * Published AVS reward rates on a real devnet world: the market simulator writes
 * operator-sets.json with the rates it pays, `planVault` for the seeded keeper account (which
 * restakes only ezETH) sees a non-zero AVS APR for restaked weETH from them, and a reward
 * stop shows in the next block while the accrual still remembers the old rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig, VaultConfig } from '../../../src/config/schema.ts';
import type { YieldEstimate } from '../../../src/domain/estimate.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { seedKeeperPosition } from '../../../src/devnet/seed-keeper.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { connectRedis } from '../../../src/keeper/redis.ts';
import { planVault, type KeeperDeps } from '../../../src/keeper/tick.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { directoryRewardRatesSource } from '../../../src/observe/reward-rates-source.ts';
import { directoryRewardsSource } from '../../../src/observe/rewards-source.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let world: DevnetWorld;
let redis: Redis;
let config: KeeperConfig;
let vault: VaultConfig;
let deps: KeeperDeps;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-reward-rates-'));
const prefix = `test-reward-rates-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });

interface RatesFile {
  version: number;
  asset: string;
  operatorSets: { name: string; avs: string; operatorSetId: number; rewardToken: string; apr: number; publishedAt: number }[];
}

const ratesFile = (): RatesFile => JSON.parse(readFileSync(join(world.deployment.rewardsDir, 'operator-sets.json'), 'utf8')) as RatesFile;

async function estimates(withRates: boolean): Promise<Map<string, YieldEstimate>> {
  const { rewardRates: _omit, ...accrualOnly } = deps;
  const result = await planVault(withRates ? deps : accrualOnly, vault);
  if (!result.ok) throw new Error(`rejected: ${result.reasons.join('; ')}`);
  return new Map(result.estimates.map((e) => [e.positionId, e]));
}

beforeAll(async () => {
  // A root every 5 blocks so the held position has accrual after a dozen blocks.
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger, stateDir, market: { rewardApr: { 'avs-a:0': 0.05 }, rootIntervalBlocks: 5 } });
  await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
  await world.mine(3);
  redis = await connectRedis('redis://127.0.0.1:6379');
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies, prefix });
  const found = config.vaults.find((v) => v.name === 'devnet-eoa');
  if (found === undefined) throw new Error('devnet config has no eoa vault');
  vault = found;
  const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 });
  deps = {
    config,
    rpc,
    redis,
    logger,
    rewards: directoryRewardsSource(world.deployment.rewardsDir),
    rewardRates: directoryRewardRatesSource(world.deployment.rewardsDir),
    strategies,
    lastSeen: new LastSeenBlocks(),
    clock: () => Math.floor(Date.now() / 1000),
  };
}, 120_000);

afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('published AVS reward rates on the devnet', () => {
  it('the simulator publishes operator-sets.json with the configured rates, in WETH terms', async () => {
    const file = ratesFile();
    const d = world.deployment;
    expect(file.version).toBe(1);
    expect(file.asset).toBe(d.weth);
    const avsA0 = file.operatorSets.find((s) => s.name === 'avs-a:0');
    expect(avsA0).toMatchObject({ avs: d.eigenlayer.avs[0]?.address, operatorSetId: 0, rewardToken: d.eigenlayer.rewardTokens[0]?.address, apr: 0.05 });
    // Unset sets keep the simulator's defaults (avs-a:1 is the second known set: 0.8 %).
    expect(file.operatorSets.find((s) => s.name === 'avs-a:1')?.apr).toBe(0.008);
    const head = await world.anvilProvider.getBlock('latest');
    expect(avsA0?.publishedAt).toBeGreaterThan(0);
    expect(avsA0?.publishedAt).toBeLessThanOrEqual(head?.timestamp ?? 0);
    // Written atomically: no temp file left beside it.
    expect(readdirSync(d.rewardsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('planVault gives restaked weETH, which the keeper does not hold, the published AVS APR', async () => {
    const withRates = await estimates(true);
    const weeth = withRates.get('weETH-restaked');
    // op-alpha is in avs-a:0 (5 %) and avs-a:1 (0.8 %).
    expect(weeth?.avsApr).toBeCloseTo(0.058, 9);
    expect(weeth?.avsParts?.map((p) => p.source)).toEqual(['published', 'published']);
    expect(weeth?.reasons.some((r) => r.includes('published rate 5.000% (no usable accrual)'))).toBe(true);

    const accrualOnly = await estimates(false);
    expect(accrualOnly.get('weETH-restaked')?.avsApr).toBe(0);
  });

  it('sees a reward stop in the next block, before the accrual window forgets the old rate', async () => {
    await world.mine(12); // two or three roots with the keeper's ezETH earnings
    const before = (await estimates(true)).get('ezETH-restaked')?.avsParts?.[0];
    expect(before?.accrualApr).toBeGreaterThan(0.04);
    expect(before?.accrualApr).toBeLessThan(0.06);
    expect(before?.publishedApr).toBe(0.05);

    world.market.inject({ kind: 'rewardRate', avs: 'avs-a', operatorSetId: 0, apr: 0 });
    await world.mine(1);
    expect(ratesFile().operatorSets.find((s) => s.name === 'avs-a:0')?.apr).toBe(0);
    const after = (await estimates(true)).get('ezETH-restaked');
    expect(after?.avsParts?.[0]).toMatchObject({ source: 'published', apr: 0, publishedApr: 0 });
    expect(after?.avsParts?.[0]?.accrualApr).toBeGreaterThan(0.04);
    // Only avs-a:1's 0.8 % is left.
    expect(after?.avsApr).toBeLessThan(0.01);
  });
});
