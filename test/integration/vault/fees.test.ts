/**
 * RestakingVault fees on Anvil (contracts/vault/VaultFees.sol): the shares minted for a year of
 * management fee and for a gain above the high-water mark equal the TypeScript mirror
 * (src/vault-admin/fee-math.ts) on the chain's own numbers; a recovery below the mark pays
 * nothing; caps are fixed at the seal and fee changes wait for the timelock; only the vault
 * can make the fee contract accrue, and deposits accrue before converting. Then keeper status
 * and the vault page count them: from the vault's deployment block, those minted before the
 * keeper's first share-price sample included, valued at that first sample's price.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, Interface, getAddress, parseEther, type InterfaceAbi, type Wallet } from 'ethers';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { VAULT_FEES_ABI, VAULT_FEE_HOOKS_ABI } from '../../../src/vault-admin/fee-abi.ts';
import { FEE_YEAR_SECONDS, accrueFees, sharePrice } from '../../../src/vault-admin/fee-math.ts';
import { RESTAKING_VAULT_ABI } from '../../../src/protocols/vault/abi.ts';
import { ERC20, call, depositWeth, read, revertData, send, startVaultWorld, type VaultTestWorld } from './fixture.ts';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { readFeesTaken } from '../../../src/ops/status-sources.ts';
import { createFeeLedger } from '../../../src/state/fee-ledger.ts';
import { createSharePriceStore } from '../../../src/state/share-prices.ts';
import { buildVaultPage, type VaultPageModel } from '../../../src/ops/vault-page-model.ts';
import { redisVaultPageSources } from '../../../src/ops/vault-page-sources.ts';
import { createOpsApp, listen, type ListeningServer } from '../../../src/telemetry/ops-server.ts';
import { startLivenessMonitor } from '../../../src/telemetry/liveness.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { formatEth } from '../../../src/cli/format/table.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import { Registry } from 'prom-client';

const FEES = new Interface(VAULT_FEES_ABI);
const ROUTER = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);
const UNIT = 10n ** 21n;
const VIRTUAL = 1000n;
const TIMELOCK = 3_600;
const PAGE_TOKEN = 'fees-page-test-token-0123456789';

let w: VaultTestWorld;
let fees: (signer: Wallet) => Contract;
let vault: (signer: Wallet) => Contract;
let recipient: string;

async function expectFeeRevert(action: Promise<unknown>, name: string): Promise<void> {
  let caught: unknown;
  try {
    await action;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected revert ${name}`).toBeDefined();
  expect(FEES.parseError(revertData(caught))?.name).toBe(name);
}

/** The vault's numbers the fee math reads, at the current block. */
async function state(): Promise<{ assets: bigint; supply: bigint; mark: bigint; management: number; performance: number; last: bigint }> {
  const v = vault(w.user);
  const f = await read<[string, bigint, bigint, bigint]>(fees(w.user), 'fees');
  return { assets: await read(v, 'totalAssets'), supply: await read(v, 'totalSupply'), mark: await read(fees(w.user), 'highWaterMark'), management: Number(f[1]), performance: Number(f[2]), last: f[3] };
}

async function donate(amount: bigint): Promise<void> {
  const weth = w.token(w.weth, w.attacker);
  await send(weth, 'deposit', [], { value: amount });
  await send(weth, 'transfer', [w.info.address, amount]);
}

beforeAll(async () => {
  w = await startVaultWorld({ seal: false, timelockSeconds: TIMELOCK, maxLossBps: 300, maxWindowLossBps: 1000 });
  vault = (signer) => new Contract(w.info.address, [...RESTAKING_VAULT_ABI, ...VAULT_FEE_HOOKS_ABI] as unknown as InterfaceAbi, signer);
  const controller = await read<string>(vault(w.user), 'feeController');
  fees = (signer) => new Contract(controller, VAULT_FEES_ABI as unknown as InterfaceAbi, signer);
  recipient = getAddress('0x000000000000000000000000000000000000fee1'); // an address holding nothing
}, 240_000);

afterAll(async () => {
  await w?.stop();
});

describe('vault fees on chain', () => {
  it('fixes the caps during set-up and applies fees at once before the seal; refuses fees above the caps', async () => {
    await expectFeeRevert(attemptSend(fees(w.user), 'setFeeCaps', [100, 100]), 'CallerNotOwner');
    await expectFeeRevert(attemptSend(fees(w.owner), 'setFeeCaps', [501, 0]), 'FeeAboveCap');
    await send(fees(w.owner), 'setFeeCaps', [200, 2000]);
    await expectFeeRevert(attemptSend(fees(w.owner), 'queueFees', [recipient, 201, 0]), 'FeeAboveCap');
    await send(fees(w.owner), 'queueFees', [recipient, 200, 1000]);
    const f = await read<[string, bigint, bigint, bigint]>(fees(w.user), 'fees');
    expect([f[0], f[1], f[2]]).toEqual([recipient, 200n, 1000n]);
    await send(vault(w.owner), 'sealSetup');
    await expectFeeRevert(attemptSend(fees(w.owner), 'setFeeCaps', [500, 5000]), 'SetupClosed');
  });

  it('only the vault makes the fee contract accrue', async () => {
    await expectFeeRevert(attemptSend(fees(w.attacker), 'accrue', []), 'CallerNotVault');
  });

  it('mints a year of 2 % management fee as the mirror computes, worth 2 WETH of 100', async () => {
    await depositWeth(w, w.user, parseEther('100'));
    expect(await read(vault(w.user), 'balanceOf', [recipient])).toBe(0n); // nothing accrued on an empty vault
    const before = await state();
    await rawRpc(w.chain.anvil.rpcUrl, 'evm_setNextBlockTimestamp', [Number(before.last + FEE_YEAR_SECONDS)]);
    await send(vault(w.user), 'accrueFees');
    const expected = accrueFees({ assets: before.assets + 1n, supply: before.supply + VIRTUAL, unit: UNIT, highWaterMark: before.mark, managementBps: 200, performanceBps: 1000, elapsedSeconds: FEE_YEAR_SECONDS });
    const minted = await read(vault(w.user), 'balanceOf', [recipient]);
    expect(minted).toBe(expected.managementShares);
    expect(expected.performanceShares).toBe(0n);
    const worth = await read(vault(w.user), 'convertToAssets', [minted]);
    expect(worth).toBeGreaterThan(parseEther('1.9999'));
    expect(worth).toBeLessThanOrEqual(parseEther('2'));
  });

  it('a fee change after the seal waits for the timelock, and the guardian can cancel it', async () => {
    await send(fees(w.owner), 'queueFees', [recipient, 0, 2000]);
    await expectFeeRevert(attemptSend(fees(w.owner), 'applyFees', []), 'FeeChangeNotReady');
    await send(fees(w.guardian), 'cancelFees');
    await expectFeeRevert(attemptSend(fees(w.owner), 'applyFees', []), 'FeeChangeNotQueued');
    await send(fees(w.owner), 'queueFees', [recipient, 0, 2000]);
    await w.increaseTime(TIMELOCK + 1);
    await send(fees(w.owner), 'applyFees');
    const after = await state();
    expect([after.management, after.performance]).toEqual([0, 2000]);
  });

  it('charges no performance fee on a recovery below the mark, and 20 % of the gain above it', async () => {
    const mark = (await state()).mark;
    // A lossy swap (pool fee and slippage) drops the share price below the mark.
    const keeperVault = vault(w.keeper);
    await send(keeperVault, 'execute', [[
      call(w.weth, ERC20.encodeFunctionData('approve', [w.uniswap.router, parseEther('40')])),
      call(w.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [parseEther('40'), 0n, [w.weth, w.lrts.weETH.token], w.info.address, 2n ** 40n])),
    ]]);
    const low = await state();
    expect(sharePrice(low.assets, low.supply, UNIT, VIRTUAL)).toBeLessThan(mark);
    // Half of the loss comes back: still below the mark, so no fee and the mark stays.
    const loss = (mark * (low.supply + VIRTUAL)) / UNIT - low.assets;
    await donate(loss / 2n);
    const balanceBefore = await read(vault(w.user), 'balanceOf', [recipient]);
    await send(vault(w.user), 'accrueFees');
    expect(await read(vault(w.user), 'balanceOf', [recipient])).toBe(balanceBefore);
    expect((await state()).mark).toBe(mark);
    // Now past the old peak by 1 WETH: 20 % of what lies above the mark.
    await donate(loss / 2n + parseEther('1'));
    const before = await state();
    expect(sharePrice(before.assets, before.supply, UNIT, VIRTUAL)).toBeGreaterThan(mark);
    await send(vault(w.user), 'accrueFees');
    const expected = accrueFees({ assets: before.assets + 1n, supply: before.supply + VIRTUAL, unit: UNIT, highWaterMark: before.mark, managementBps: 0, performanceBps: 2000, elapsedSeconds: 0n });
    expect(expected.performanceShares).toBeGreaterThan(0n);
    expect((await read(vault(w.user), 'balanceOf', [recipient])) - balanceBefore).toBe(expected.performanceShares);
    expect((await state()).mark).toBe(expected.mark);
    const feeWorth = await read(vault(w.user), 'convertToAssets', [expected.performanceShares]);
    expect(feeWorth).toBeGreaterThan(parseEther('0.199'));
    expect(feeWorth).toBeLessThanOrEqual(parseEther('0.2'));
  });

  it('a deposit accrues before converting: the depositor does not pay for the gain before it', async () => {
    const balanceBefore = await read(vault(w.user), 'balanceOf', [recipient]);
    await donate(parseEther('2'));
    const before = await state();
    const expected = accrueFees({ assets: before.assets + 1n, supply: before.supply + VIRTUAL, unit: UNIT, highWaterMark: before.mark, managementBps: 0, performanceBps: 2000, elapsedSeconds: 0n });
    await depositWeth(w, w.attacker, parseEther('10'));
    expect((await read(vault(w.user), 'balanceOf', [recipient])) - balanceBefore).toBe(expected.performanceShares);
    // The newcomer's 10 WETH are worth 10 WETH (less rounding) right after, fee already taken.
    const newcomer = await read(vault(w.user), 'convertToAssets', [await read(vault(w.user), 'balanceOf', [w.attacker.address])]);
    expect(parseEther('10') - newcomer).toBeLessThan(10n ** 6n);
  });
});

describe('fees taken, as keeper status counts them', () => {
  it('sums the FeesAccrued events into the ledger: every share minted to the recipient, valued at the share price', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
    const prefix = `rk-test-fees-taken-${randomUUID()}`;
    try {
      const minted = await read<bigint>(vault(w.user), 'balanceOf', [recipient]);
      expect(minted).toBeGreaterThan(0n);
      const priceWad = await read<bigint>(vault(w.user), 'convertToAssets', [10n ** 18n]);
      const history = [{ block: 1, timestamp: 0, priceWad }];
      const taken = await readFeesTaken(createFeeLedger(redis, prefix), w.provider, 'fees-vault', w.info.address, history);
      const head = await w.provider.getBlockNumber();
      expect(taken?.toBlock).toBe(head);
      // The recipient held nothing before and never moved its shares: its balance is every fee share minted.
      const worth = (minted * priceWad) / 10n ** 18n;
      const counted = (taken?.managementWei ?? 0n) + (taken?.performanceWei ?? 0n);
      expect(worth - counted).toBeGreaterThanOrEqual(0n);
      expect(worth - counted).toBeLessThan(10n);
      expect(taken?.managementWei).toBeGreaterThan(0n);
      expect(taken?.performanceWei).toBeGreaterThan(0n);
      // A second status counts nothing twice.
      expect(await readFeesTaken(createFeeLedger(redis, prefix), w.provider, 'fees-vault', w.info.address, history)).toEqual(taken);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

describe('fees from the vault\'s deployment, minted before the keeper\'s first share-price sample', () => {
  it('counts them at the first recorded share price, says so, and the vault page shows them', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
    const prefix = `rk-test-fees-deployment-${randomUUID()}`;
    let server: ListeningServer | undefined;
    try {
      // The keeper starts watching now, after every fee above was minted: its first sample is one block later.
      await rawRpc(w.chain.anvil.rpcUrl, 'evm_mine', []);
      const head = await w.provider.getBlockNumber();
      const priceWad = await read<bigint>(vault(w.user), 'convertToAssets', [10n ** 18n]);
      const sample = { block: head, timestamp: (await w.provider.getBlock(head))!.timestamp, priceWad };
      await createSharePriceStore(redis, prefix).record('fees-vault', sample);
      const deployedAtBlock = await deployBlockOf(w.info.address);
      expect(deployedAtBlock).toBeLessThan(head);
      const worth = ((await read<bigint>(vault(w.user), 'balanceOf', [recipient])) * priceWad) / 10n ** 18n;

      // Counted from the first sample (no deployment block configured): none of them.
      const fromSample = await readFeesTaken(createFeeLedger(redis, prefix), w.provider, 'fees-vault-no-block', w.info.address, [sample]);
      expect(fromSample).toEqual({ managementWei: 0n, performanceWei: 0n, fromBlock: head, toBlock: head, since: 'first-sample', firstSampleBlock: head, beforeFirstSampleWei: 0n });

      // From the deployment block: every share minted to the recipient, all before the first sample.
      const taken = await readFeesTaken(createFeeLedger(redis, prefix), w.provider, 'fees-vault', w.info.address, [sample], deployedAtBlock);
      const counted = (taken?.managementWei ?? 0n) + (taken?.performanceWei ?? 0n);
      expect(worth - counted).toBeGreaterThanOrEqual(0n);
      expect(worth - counted).toBeLessThan(10n);
      expect(taken).toMatchObject({ fromBlock: deployedAtBlock, toBlock: head, since: 'deployment', firstSampleBlock: head, beforeFirstSampleWei: counted });

      // The vault page, served by the ops app from the same Redis and chain.
      const config = {
        queue: { prefix },
        chain: { chainId: Number((await w.provider.getNetwork()).chainId), requestTimeoutMs: 10_000 },
        vaults: [{ name: 'fees-vault', address: w.info.address, backend: 'vault' as const, deployedAtBlock }],
      } as unknown as Pick<KeeperConfig, 'queue' | 'vaults' | 'chain'>; // only the fields the page reads
      const liveness = startLivenessMonitor();
      const { app } = createOpsApp({ registry: new Registry(), liveness, readiness: [], logger: createLogger({ level: 'silent' }), dashboard: { token: PAGE_TOKEN, queues: [] }, vaultPage: () => buildVaultPage(redisVaultPageSources(redis, w.provider, config)) });
      liveness.stop();
      server = await listen(app, 0);
      const res = await fetch(`${server.url}/vaults/data.json`, { headers: { authorization: `Bearer ${PAGE_TOKEN}` } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as VaultPageModel;
      expect(page.vaults[0]?.fees).toEqual({
        totalEth: formatEth(counted),
        managementEth: formatEth(taken!.managementWei),
        performanceEth: formatEth(taken!.performanceWei),
        managementWei: taken!.managementWei.toString(),
        performanceWei: taken!.performanceWei.toString(),
        fromBlock: deployedAtBlock,
        toBlock: head,
        since: 'deployment',
        range: `blocks ${deployedAtBlock}-${head}, since the vault's deployment`,
        beforeFirstSampleWei: counted.toString(),
        beforeFirstSample: `${formatEth(counted)} ETH of it minted before the first share-price sample (block ${head}), priced at the first recorded share price`,
      });
      // About 2 WETH of management fee and 0.2 + a little of performance fee, as the tests above minted.
      expect(Number(page.vaults[0]?.fees?.managementEth)).toBeGreaterThan(1.99);
      expect(Number(page.vaults[0]?.fees?.performanceEth)).toBeGreaterThan(0.19);
    } finally {
      await server?.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

/** The block the contract at `address` was created in: the first block with its code (Anvil keeps every block's state). */
async function deployBlockOf(address: string): Promise<number> {
  let lo = 0;
  let hi = await w.provider.getBlockNumber();
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await w.provider.getCode(address, mid)) === '0x') lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Without a gas limit ethers estimates first, so a revert surfaces here with its data. */
function attemptSend(c: Contract, fn: string, args: readonly unknown[]): Promise<unknown> {
  return c.getFunction(fn)(...args);
}
