/**
 * The plan-time exit limit check on a devnet world: limits are read on chain in one batch at
 * the plan's block, and withdraw actions that break them come back naming the protocol and
 * the numbers; actions inside the limits and DEX sales pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'ethers';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { exitLimitBreachesOnChain } from '../../../src/keeper/exit-limits.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let world: DevnetWorld;
let config: KeeperConfig;
let rpc: RpcClient;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-exit-limits-'));

function withdraw(positionId: string, route: WithdrawAction['route'], amountLrt: bigint): WithdrawAction {
  return { kind: 'withdraw', positionId, route, amountLrt, fairValueWei: amountLrt, expectedOutWei: amountLrt, minOutWei: amountLrt, costWei: 0n, slippageBps: 0, delaySeconds: 0, gas: 100_000, why: 'test' } as WithdrawAction;
}

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies: await loadStrategyRegistry() });
  rpc = new RpcClient({ urls: [world.deployment.anvilUrl], chainId: world.deployment.chainId, timeoutMs: 5_000 });
}, 300_000);

afterAll(async () => {
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('exit limits read on chain at plan time', () => {
  it('names the protocol and the numbers of each breach', async () => {
    const block = await world.anvilProvider.getBlockNumber();
    const breaches = await exitLimitBreachesOnChain(rpc, config, [
      withdraw('rsETH', 'queued', parseEther('0.001')),
      withdraw('rswETH', 'queued', parseEther('600')),
      withdraw('ezETH', 'instant', parseEther('460')),
      withdraw('weETH', 'queued', parseEther('0.001')),
      withdraw('rsETH', 'dex', 1n),
    ], block);
    expect(breaches.map((b) => b.message)).toEqual([
      'Kelp: queued withdrawal of 0.0010 rsETH is below the minimum of 0.0100 rsETH',
      'Swell: queued withdrawal of 600.0000 rswETH is above the maximum of 500.0000 rswETH per request',
      'Renzo: instant exit paying 460.0000 ETH exceeds what it can pay now, 450.0000 ETH',
      // Configured (exits.queued.minAmount in devnet.yaml): ether.fi exposes no view for it.
      'ether.fi: queued withdrawal of 0.0010 weETH is below the minimum of 0.0100 weETH',
    ]);
  });

  it('passes exits inside the limits without a breach', async () => {
    const block = await world.anvilProvider.getBlockNumber();
    expect(await exitLimitBreachesOnChain(rpc, config, [withdraw('rsETH', 'queued', parseEther('1')), withdraw('rswETH', 'queued', parseEther('1')), withdraw('ezETH', 'instant', parseEther('10')), withdraw('weETH', 'instant', parseEther('1'))], block)).toEqual([]);
  });
});
