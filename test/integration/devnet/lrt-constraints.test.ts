/**
 * The LRT stand-ins enforce the mainnet protocols' limits, and the keeper reads them on chain:
 * Kelp's minimum per asset, Swell's request size limits, Renzo's buffer above its draw-down
 * limit (getBufferDetails; there is no availableLiquidity()), Puffer's total exit fee, and
 * ether.fi's withdraw request event in its current form (both forms parse).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Interface, JsonRpcProvider, Wallet, parseEther } from 'ethers';
import type { Read } from '../../../src/chain/read.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { etherfiWithdrawNftInterface } from '../../../src/protocols/etherfi/encode.ts';
import { kelpMinWithdrawalRsEth, kelpWithdrawalDelayBlocks } from '../../../src/protocols/kelp/reads.ts';
import { pufferTotalExitFeeBps } from '../../../src/protocols/puffer/reads.ts';
import { renzoInstantCapacityEth } from '../../../src/protocols/renzo/reads.ts';
import { swellRequestMaximum, swellRequestMinimum } from '../../../src/protocols/swell/reads.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let world: DevnetWorld;
let publicRpc: JsonRpcProvider;
let user: Wallet;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-lrt-limits-'));
const ETH = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
const ERC20 = new Interface(['function approve(address,uint256) returns (bool)', 'function balanceOf(address) view returns (uint256)']);

async function get<T>(r: Read<T>): Promise<T> {
  const raw = await world.anvilProvider.call({ to: r.call.target, data: r.call.iface.encodeFunctionData(r.call.fn, [...r.call.args]) });
  return r.decode(r.call.iface.decodeFunctionResult(r.call.fn, raw));
}

/** Sends the user's transactions through the public RPC and mines them; returns the receipts. */
async function sendAll(txs: { to: string; data: string; value?: bigint }[]) {
  let nonce = await user.getNonce('pending');
  const hashes: string[] = [];
  for (const tx of txs) hashes.push((await user.sendTransaction({ ...tx, gasLimit: 600_000n, nonce: nonce++, maxFeePerGas: 10n ** 12n, maxPriorityFeePerGas: 10n ** 9n })).hash);
  await world.mine(1);
  return Promise.all(hashes.map((h) => publicRpc.getTransactionReceipt(h)));
}

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  publicRpc = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  user = new Wallet(DEV_KEYS.user, publicRpc);
  const d = world.deployment;
  await sendAll([
    encodeLrtDepositEth(d.lrts.rsETH, parseEther('5'), user.address, 0n),
    encodeLrtDepositEth(d.lrts.rswETH, parseEther('5'), user.address, 0n),
    encodeLrtDepositEth(d.lrts.weETH, parseEther('5'), user.address, 0n),
  ]);
}, 300_000);

afterAll(async () => {
  publicRpc?.destroy();
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('LRT stand-in limits, read on chain', () => {
  it('Kelp: a withdrawal below the minimum per asset reverts; the minimum and the delay in blocks are read', async () => {
    const d = world.deployment.lrts.rsETH;
    const min = await get(kelpMinWithdrawalRsEth(d.contracts.withdrawalManager));
    expect(min).toBe(parseEther('0.01'));
    expect(await get(kelpWithdrawalDelayBlocks(d.contracts.withdrawalManager))).toBeGreaterThan(0n);
    const manager = new Interface(['function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string referralId)']);
    const [approve, below, at] = await sendAll([
      { to: d.token, data: ERC20.encodeFunctionData('approve', [d.contracts.withdrawalManager, parseEther('1')]) },
      { to: d.contracts.withdrawalManager, data: manager.encodeFunctionData('initiateWithdrawal', [ETH, min - 1n, 'test']) },
      { to: d.contracts.withdrawalManager, data: manager.encodeFunctionData('initiateWithdrawal', [ETH, min, 'test']) },
    ]);
    expect([approve?.status, below?.status, at?.status]).toEqual([1, 0, 1]);
  });

  it('Swell: requests outside the size limits revert; the limits are read', async () => {
    const d = world.deployment.lrts.rswETH;
    const [min, max] = [await get(swellRequestMinimum(d.contracts.withdrawalNft)), await get(swellRequestMaximum(d.contracts.withdrawalNft))];
    expect([min, max]).toEqual([parseEther('0.005'), parseEther('500')]);
    const nft = new Interface(['function createWithdrawRequest(uint256 amount)']);
    const [, below, at] = await sendAll([
      { to: d.token, data: ERC20.encodeFunctionData('approve', [d.contracts.withdrawalNft, parseEther('1')]) },
      { to: d.contracts.withdrawalNft, data: nft.encodeFunctionData('createWithdrawRequest', [min - 1n]) },
      { to: d.contracts.withdrawalNft, data: nft.encodeFunctionData('createWithdrawRequest', [min]) },
    ]);
    expect([below?.status, at?.status]).toEqual([0, 1]);
  });

  it('Renzo: the instant capacity is the buffer above its draw-down limit', async () => {
    const w = world.deployment.lrts.ezETH.contracts.instantWithdrawer;
    const details = (await new Contract(w, ['function getBufferDetails(address) view returns (uint256, uint256, uint256)'], world.anvilProvider).getFunction('getBufferDetails')(ETH)) as bigint[];
    expect(await get(renzoInstantCapacityEth(w))).toBe(details[1]! - details[2]!);
    expect(details[2]).toBeGreaterThan(0n);
    expect(await world.anvilProvider.call({ to: w, data: new Interface(['function availableLiquidity() view returns (uint256)']).encodeFunctionData('availableLiquidity', []) }).then(() => 'answered', () => 'reverted')).toBe('reverted');
  });

  it('Puffer: the total exit fee is read (exit fee plus treasury exit fee)', async () => {
    expect(await get(pufferTotalExitFeeBps(world.deployment.lrts.pufETH.contracts.vault))).toBe(100n);
  });

  it('ether.fi: a queued request emits the current WithdrawRequestCreated (no fee); both forms parse to the owner', async () => {
    const d = world.deployment.lrts.weETH;
    const weeth = new Interface(['function unwrap(uint256) returns (uint256)']);
    const pool = new Interface(['function requestWithdraw(address recipient, uint256 amount) returns (uint256)']);
    const eeth = d.contracts.eETH;
    const receipts = await sendAll([
      { to: d.token, data: weeth.encodeFunctionData('unwrap', [parseEther('1')]) },
      { to: eeth, data: ERC20.encodeFunctionData('approve', [d.contracts.liquidityPool, parseEther('1')]) },
      { to: d.contracts.liquidityPool, data: pool.encodeFunctionData('requestWithdraw', [user.address, parseEther('0.5')]) },
    ]);
    expect(receipts.map((r) => r?.status)).toEqual([1, 1, 1]);
    // Below the stand-in's minimum request (0.01 eETH) the pool refuses, as mainnet's does.
    const [tooSmall] = await sendAll([{ to: d.contracts.liquidityPool, data: pool.encodeFunctionData('requestWithdraw', [user.address, parseEther('0.001')]) }]);
    expect(tooSmall?.status).toBe(0);
    const parsed = receipts[2]!.logs.map((l) => etherfiWithdrawNftInterface.parseLog(l)).find((p) => p?.name === 'WithdrawRequestCreated');
    expect(parsed?.args.length).toBe(4);
    expect(String(parsed?.args[3])).toBe(user.address);
    const legacy = etherfiWithdrawNftInterface.getEvent('WithdrawRequestCreated(uint32,uint256,uint256,address,uint256)')!;
    const encoded = etherfiWithdrawNftInterface.encodeEventLog(legacy, [7, 1n, 1n, user.address, 5n]);
    const old = etherfiWithdrawNftInterface.parseLog(encoded);
    expect([old?.name, String(old?.args[3]), old?.args.length]).toEqual(['WithdrawRequestCreated', user.address, 5]);
  });
});
