/**
 * The plan-time protocol limit check on a devnet world: limits are read on chain in one batch
 * at the plan's block, and withdraw or mint actions that break them come back naming the
 * protocol and the numbers; actions inside the limits and DEX trades pass. Puffer's
 * AccessManager and Swell's whitelist are switched on by their owner (the deployer key) and
 * refuse exactly the calls they close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
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
/** The account the protocols see calling: the devnet's managed vault. */
let CALLER = '';

function withdraw(positionId: string, route: WithdrawAction['route'], amountLrt: bigint): WithdrawAction {
  return { kind: 'withdraw', positionId, route, amountLrt, fairValueWei: amountLrt, expectedOutWei: amountLrt, minOutWei: amountLrt, costWei: 0n, slippageBps: 0, delaySeconds: 0, gas: 100_000, why: 'test' } as WithdrawAction;
}

function mint(positionId: string, amountWei: bigint, route?: DepositLrtAction['route']): DepositLrtAction {
  return { kind: 'deposit-lrt', positionId, amountWei, expectedLrt: amountWei, minLrt: amountWei, ...(route ? { route } : {}), gas: 100_000, why: 'test' };
}

/** Positions are named by their LRT, restaked ones `<symbol>-restaked`. */
const symbolOf = (id: string): string => id.replace(/-restaked$/, '');

beforeAll(async () => {
  // A quiet market: the simulator signs with the deployer key, which the owner calls below also use.
  const market = { lrtApy: { weETH: 0, ezETH: 0, rsETH: 0, pufETH: 0, rswETH: 0 }, kelpRefreshBlocks: 1e9, rootIntervalBlocks: 1e9 };
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir, market });
  await world.mine(3);
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies: await loadStrategyRegistry() });
  CALLER = world.deployment.vaults.main.address;
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
    ], block, { caller: CALLER, symbolOf });
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
    const actions = [withdraw('rsETH', 'queued', parseEther('1')), withdraw('rswETH', 'queued', parseEther('1')), withdraw('ezETH', 'instant', parseEther('10')), withdraw('weETH', 'instant', parseEther('1')), withdraw('pufETH', 'instant', parseEther('1')), mint('pufETH', parseEther('1')), mint('rswETH-restaked', parseEther('1'))];
    expect(await exitLimitBreachesOnChain(rpc, config, actions, block, { caller: CALLER, symbolOf })).toEqual([]);
  });

  it("refuses what Puffer's AccessManager closes and what Swell's whitelist keeps out, and nothing else", async () => {
    // Public transactions go through the relay's RPC (its mempool feeds the blocks it builds).
    const publicRpc = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true });
    const owner = new Wallet(DEV_KEYS.deployer, publicRpc);
    const { pufETH, rswETH } = world.deployment.lrts;
    const manager = new Contract(pufETH.accessManager, ['function setTargetClosed(address target, bool closed)'], owner);
    const whitelist = ['function setWhitelistEnabled(bool enabled)', 'function setWhitelisted(address account, bool allowed)'];
    const token = new Contract(rswETH.token, whitelist, owner);
    const exitNft = new Contract(rswETH.contracts.withdrawalNft, whitelist, owner);
    let nonce = await world.anvilProvider.getTransactionCount(owner.address, 'latest');
    const fees = { gasLimit: 200_000n, maxFeePerGas: 200n * 10n ** 9n, maxPriorityFeePerGas: 1n };
    const sent = [
      await manager.getFunction('setTargetClosed')(pufETH.contracts.vault, true, { ...fees, nonce: nonce++ }),
      await token.getFunction('setWhitelistEnabled')(true, { ...fees, nonce: nonce++ }),
      await exitNft.getFunction('setWhitelistEnabled')(true, { ...fees, nonce: nonce++ }),
      // The exit NFT lets the caller in; rswETH's own deposit list does not.
      await exitNft.getFunction('setWhitelisted')(CALLER, true, { ...fees, nonce: nonce++ }),
    ] as { hash: string }[];
    const block = await world.mine(1);
    for (const tx of sent) expect((await world.anvilProvider.getTransactionReceipt(tx.hash))?.status, tx.hash).toBe(1);

    const actions = [mint('pufETH', parseEther('2')), withdraw('pufETH', 'instant', parseEther('3')), mint('rswETH-restaked', parseEther('4')), withdraw('rswETH', 'queued', parseEther('5')), mint('rswETH', parseEther('6'), 'dex'), withdraw('pufETH', 'dex', parseEther('7'))];
    const breaches = await exitLimitBreachesOnChain(rpc, config, actions, block, { caller: CALLER, symbolOf });
    const manager0 = pufETH.accessManager;
    expect(breaches.map((b) => b.message)).toEqual([
      `Puffer: minting 2.0000 ETH of pufETH is refused: its AccessManager (${manager0}) does not let ${CALLER} call depositETH now`,
      `Puffer: the instant exit of 3.0000 pufETH is refused: its AccessManager (${manager0}) does not let ${CALLER} call redeem now`,
      `Swell: minting 4.0000 ETH of rswETH is refused: the whitelist is on and ${CALLER} is not on it`,
    ]);
    // Another caller, kept out of the exit NFT's list, is refused there too.
    const other = '0x00000000000000000000000000000000000000a1';
    const queued = await exitLimitBreachesOnChain(rpc, config, [withdraw('rswETH', 'queued', parseEther('5'))], block, { caller: other, symbolOf });
    expect(queued.map((b) => b.message)).toEqual([`Swell: the queued withdrawal of 5.0000 rswETH is refused: the whitelist is on and ${other} is not on it`]);
  });
});
