/**
 * RestakingVault fees on Anvil (contracts/vault/VaultFees.sol): the shares minted for a year of
 * management fee and for a gain above the high-water mark equal the TypeScript mirror
 * (src/vault-admin/fee-math.ts) on the chain's own numbers; a recovery below the mark pays
 * nothing; caps are fixed at the seal and fee changes wait for the timelock; only the vault
 * can make the fee contract accrue, and deposits accrue before converting.
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

const FEES = new Interface(VAULT_FEES_ABI);
const ROUTER = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);
const UNIT = 10n ** 21n;
const VIRTUAL = 1000n;
const TIMELOCK = 3_600;

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

/** Without a gas limit ethers estimates first, so a revert surfaces here with its data. */
function attemptSend(c: Contract, fn: string, args: readonly unknown[]): Promise<unknown> {
  return c.getFunction(fn)(...args);
}
