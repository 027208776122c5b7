/**
 * The five LRT stand-ins against PROTOCOLS.md, traps included: deposit math at the rate, each
 * protocol's own rate read, accrual (and Kelp's stored price lagging until refreshed), the
 * instant exits' fees and limits, and the queued exits that refuse to complete early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Contract, JsonRpcProvider, Wallet, parseEther, type InterfaceAbi, type TransactionReceipt } from 'ethers';
import { startTestChain, type TestChain } from '../../helpers/chain.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { deployLrts, NATIVE_ETH, type LrtDeployments } from '../../../src/devnet/deploy-lrts.ts';
import { createLrtControls, type LrtControls, type TxRequest } from '../../../src/devnet/lrt-controls.ts';

const require = createRequire(import.meta.url);
const WETH9 = require('@uniswap/v2-periphery/build/WETH9.json') as { abi: InterfaceAbi; bytecode: string };

const KELP_DELAY_BLOCKS = 3;
const RENZO_COOLDOWN = 3_600;

let chain: TestChain;
let lrts: LrtDeployments;
let controls: LrtControls;
/**
 * Our own provider with ethers' request cache off: by default identical requests within
 * 250 ms share one answer, so back-to-back sends reuse a stale nonce or a gas estimate made
 * for a cheaper path, and balance reads around a transaction see the same number.
 */
let provider: JsonRpcProvider;
let owner: Wallet;
let user: Wallet;
let other: Wallet;
let userAddress: string;
let weth: Contract;
let probe: Contract;

/** A handle on a stand-in, signed by `signer`. */
function at(name: string, address: string, signer: Wallet = user): Contract {
  return chain.deployer.at(name, address).connect(signer) as Contract;
}

async function send(c: Contract, fn: string, args: readonly unknown[] = [], value?: bigint): Promise<TransactionReceipt> {
  const response = await c.getFunction(fn)(...args, value === undefined ? {} : { value });
  const receipt = (await response.wait()) as TransactionReceipt;
  expect(receipt.status).toBe(1);
  return receipt;
}

async function read<T = bigint>(c: Contract, fn: string, args: readonly unknown[] = []): Promise<T> {
  return (await c.getFunction(fn).staticCall(...args)) as T;
}

async function sendRequest(signer: Wallet, request: TxRequest): Promise<void> {
  const receipt = await (await signer.sendTransaction(request)).wait();
  expect(receipt?.status).toBe(1);
}

/**
 * Asserts that calling `fn` reverts with the custom error `name` of `errors` (also when the
 * revert bubbles up from another contract). A static call, so no nonce is spent.
 */
async function expectRevert(c: Contract, fn: string, args: readonly unknown[], errors: Contract, name: string, value?: bigint): Promise<void> {
  const selector = errors.interface.getError(name)?.selector;
  expect(selector, `error ${name} in ABI`).toBeDefined();
  let caught: unknown;
  try {
    await c.getFunction(fn).staticCall(...args, value === undefined ? {} : { value });
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${fn} to revert with ${name}`).toBeDefined();
  const data = (caught as { data?: string }).data ?? '';
  expect(data.slice(0, 10), `revert of ${fn}`).toBe(selector);
}

async function ethBalance(address: string): Promise<bigint> {
  return provider.getBalance(address);
}

/** ETH the user received in `receipt` (which the user paid the gas for), gas added back. */
async function receivedEth(before: bigint, receipt: TransactionReceipt): Promise<bigint> {
  return (await ethBalance(userAddress)) - before + receipt.gasUsed * receipt.gasPrice;
}

beforeAll(async () => {
  chain = await startTestChain({ sourceDirs: ['contracts/devnet/common', 'contracts/devnet/lrt'] });
  weth = await chain.deployer.deployRaw('WETH9', WETH9.abi, WETH9.bytecode);
  probe = await chain.deployer.deploy('PufferSameTxProbe');
  lrts = await deployLrts(chain.deployer, {
    weth: await weth.getAddress(),
    kelpWithdrawalDelayBlocks: KELP_DELAY_BLOCKS,
    renzoCooldownSeconds: RENZO_COOLDOWN,
  });
  controls = createLrtControls({ get: (name) => chain.deployer.artifact(name) });
  // From here on the deployer key signs through its own wallet (the Deployer caches nonces).
  provider = new JsonRpcProvider(chain.anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  owner = new Wallet(DEV_KEYS.deployer, provider);
  user = new Wallet(DEV_KEYS.user, provider);
  other = new Wallet(DEV_KEYS.keeper, provider);
  userAddress = user.address;
});

afterAll(async () => {
  provider?.destroy();
  await chain?.stop();
});

describe('deployment', () => {
  it('is JSON-serialisable with checksummed addresses and starts near mainnet rates', async () => {
    const roundTrip = JSON.parse(JSON.stringify(lrts)) as LrtDeployments;
    expect(roundTrip).toEqual(lrts);
    expect(lrts.pufETH.token).toBe(lrts.pufETH.contracts.vault);
    for (const entry of Object.values(lrts)) {
      for (const address of [entry.token, ...Object.values(entry.contracts as Record<string, string>)]) {
        expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
        expect(address).not.toBe(address.toLowerCase());
      }
    }
    expect(await controls.readRate(provider, lrts, 'weETH')).toBe(parseEther('1.07'));
    expect(await controls.readRate(provider, lrts, 'ezETH')).toBe(parseEther('1.04'));
    expect(await controls.readRate(provider, lrts, 'rsETH')).toBe(parseEther('1.05'));
    expect(await controls.readRate(provider, lrts, 'rswETH')).toBe(parseEther('1.07'));
    const puf = await controls.readRate(provider, lrts, 'pufETH');
    expect(puf).toBeGreaterThan(parseEther('1.0599999'));
    expect(puf).toBeLessThanOrEqual(parseEther('1.06'));
  });
});

describe('ether.fi', () => {
  it('mints eETH 1:1 in value, wraps at the rate and deposits through the adapter', async () => {
    const pool = at('EtherFiLiquidityPool', lrts.weETH.contracts.liquidityPool);
    const eETH = at('EtherFiEETH', lrts.weETH.contracts.eETH);
    const weETH = at('EtherFiWeETH', lrts.weETH.token);
    const rate = await read(weETH, 'getRate');
    await send(pool, 'deposit', [other.address], parseEther('2.14'));
    const eBalance = await read(eETH, 'balanceOf', [userAddress]);
    expect(eBalance).toBeGreaterThanOrEqual(parseEther('2.14') - 1n);
    expect(eBalance).toBeLessThanOrEqual(parseEther('2.14'));
    expect(await read(pool, 'sharesForAmount', [parseEther('1.07')])).toBe((parseEther('1.07') * parseEther('1')) / rate);

    await send(eETH, 'approve', [lrts.weETH.token, eBalance]);
    await send(weETH, 'wrap', [eBalance]);
    const wrapped = await read(weETH, 'balanceOf', [userAddress]);
    expect(wrapped).toBe(await read(weETH, 'getWeETHByeETH', [eBalance]));
    expect(wrapped).toBeGreaterThan(parseEther('1.999999'));
    expect(await read(weETH, 'getEETHByWeETH', [wrapped])).toBeLessThanOrEqual(eBalance);

    const adapter = at('EtherFiDepositAdapter', lrts.weETH.contracts.depositAdapter);
    await send(adapter, 'depositETHForWeETH', [other.address], parseEther('10.7'));
    const gained = (await read(weETH, 'balanceOf', [userAddress])) - wrapped;
    expect(gained).toBeGreaterThan(parseEther('9.999999'));
    expect(gained).toBeLessThanOrEqual(parseEther('10'));
  });

  it('redeems instantly with the exit fee; a drained pool or an empty bucket makes canRedeem false and reverts', async () => {
    const weETH = at('EtherFiWeETH', lrts.weETH.token);
    const redemption = at('EtherFiRedemptionManager', lrts.weETH.contracts.redemptionManager);
    const amount = parseEther('1');
    const value = await read(weETH, 'getEETHByWeETH', [amount]);
    expect(await read<boolean>(redemption, 'canRedeem', [value, NATIVE_ETH])).toBe(true);
    await send(weETH, 'approve', [lrts.weETH.contracts.redemptionManager, parseEther('100')]);
    const before = await ethBalance(userAddress);
    const receipt = await send(redemption, 'redeemWeEth', [amount, userAddress, NATIVE_ETH]);
    const paid = await receivedEth(before, receipt);
    const expected = (value * 9_970n) / 10_000n; // 30 bps exit fee
    expect(paid).toBeGreaterThanOrEqual(expected - 2n);
    expect(paid).toBeLessThanOrEqual(expected + 2n);
    await expectRevert(redemption, 'redeemWeEth', [amount, userAddress, lrts.weETH.token], redemption, 'InvalidOutputToken');

    await sendRequest(owner, controls.setInstantLiquidity(lrts, 'weETH', parseEther('0.5')));
    expect(await read<boolean>(redemption, 'canRedeem', [value, NATIVE_ETH])).toBe(false);
    await expectRevert(redemption, 'redeemWeEth', [amount, userAddress, NATIVE_ETH], redemption, 'ExceededRedeemable');
    await sendRequest(owner, controls.setInstantLiquidity(lrts, 'weETH', parseEther('50')));
    expect(await read<boolean>(redemption, 'canRedeem', [value, NATIVE_ETH])).toBe(true);

    // Rate limit: a 1.5 ETH bucket that does not refill fits one redemption, not two.
    await send(at('EtherFiRedemptionManager', lrts.weETH.contracts.redemptionManager, owner), 'devnetSetBucket', [parseEther('1.5'), 0n]);
    await send(redemption, 'redeemWeEth', [amount, userAddress, NATIVE_ETH]);
    expect(await read<boolean>(redemption, 'canRedeem', [value, NATIVE_ETH])).toBe(false);
    await expectRevert(redemption, 'redeemWeEth', [amount, userAddress, NATIVE_ETH], redemption, 'ExceededRedeemable');
  });

  it('queues withdrawals as NFTs that pay only after finalisation, without the rewards accrued meanwhile', async () => {
    const pool = at('EtherFiLiquidityPool', lrts.weETH.contracts.liquidityPool);
    const eETH = at('EtherFiEETH', lrts.weETH.contracts.eETH);
    const nft = at('EtherFiWithdrawRequestNFT', lrts.weETH.contracts.withdrawRequestNft);
    await send(pool, 'deposit', [other.address], parseEther('5'));
    await send(eETH, 'approve', [lrts.weETH.contracts.liquidityPool, parseEther('3')]);
    const requestId = await read(pool, 'requestWithdraw', [userAddress, parseEther('3')]);
    await send(pool, 'requestWithdraw', [userAddress, parseEther('3')]);
    expect(await read<string>(nft, 'ownerOf', [requestId])).toBe(userAddress);
    await expectRevert(nft, 'claimWithdraw', [requestId], nft, 'RequestNotFinalized');

    const rateBefore = await controls.readRate(provider, lrts, 'weETH');
    await sendRequest(owner, await controls.accrueTo(provider, lrts, 'weETH', rateBefore + parseEther('0.01')));
    await send(at('EtherFiWithdrawRequestNFT', lrts.weETH.contracts.withdrawRequestNft, owner), 'finalizeRequests', [requestId]);
    await expectRevert(nft.connect(other) as Contract, 'claimWithdraw', [requestId], nft, 'NotOwner');
    const before = await ethBalance(userAddress);
    const receipt = await send(nft, 'claimWithdraw', [requestId]);
    const paid = await receivedEth(before, receipt);
    expect(paid).toBeLessThanOrEqual(parseEther('3'));
    expect(paid).toBeGreaterThanOrEqual(parseEther('3') - 1n);
  });
});

describe('Renzo', () => {
  it('mints ezETH at TVL / supply with no min-out and reads the rate from the rate provider', async () => {
    const manager = at('RenzoRestakeManager', lrts.ezETH.contracts.restakeManager);
    const ezETH = at('RenzoEzETH', lrts.ezETH.token);
    const [, , tvl] = await read<[unknown, unknown, bigint]>(manager, 'calculateTVLs');
    const supply = await read(ezETH, 'totalSupply');
    const rate = await controls.readRate(provider, lrts, 'ezETH');
    expect(rate).toBe((tvl * parseEther('1')) / supply);
    await send(manager, 'depositETH(uint256)', [7n], parseEther('10.4'));
    expect(await read(ezETH, 'balanceOf', [userAddress])).toBe((parseEther('10.4') * supply) / tvl);
    await send(manager, 'depositETH()', [], parseEther('1'));
  });

  it('claims after the cooldown at the lower of request-time and claim-time value; indices shift on claim', async () => {
    const ezETH = at('RenzoEzETH', lrts.ezETH.token);
    const queue = at('RenzoWithdrawQueue', lrts.ezETH.contracts.withdrawQueue);
    await send(ezETH, 'approve', [lrts.ezETH.contracts.withdrawQueue, parseEther('6')]);
    for (const amount of ['1', '2', '3']) await send(queue, 'withdraw', [parseEther(amount), NATIVE_ETH]);
    expect(await read(queue, 'getOutstandingWithdrawRequests', [userAddress])).toBe(3n);
    const first = await read<{ amountToRedeem: bigint; withdrawRequestID: bigint }>(queue, 'withdrawRequests', [userAddress, 0n]);
    const third = await read<{ withdrawRequestID: bigint }>(queue, 'withdrawRequests', [userAddress, 2n]);
    await expectRevert(queue, 'claim', [0n, userAddress], queue, 'EarlyClaim');

    const rate = await controls.readRate(provider, lrts, 'ezETH');
    await sendRequest(owner, await controls.accrueTo(provider, lrts, 'ezETH', rate + parseEther('0.02')));
    await provider.send('evm_increaseTime', [RENZO_COOLDOWN]);
    await provider.send('evm_mine', []);

    const before = await ethBalance(userAddress);
    // Anyone may claim for the user; the ETH goes to the user.
    await send(queue.connect(other) as Contract, 'claim', [0n, userAddress]);
    const paid = (await ethBalance(userAddress)) - before;
    expect(paid).toBe(first.amountToRedeem); // request-time value: lower than today's
    expect(paid).toBeLessThan((parseEther('1') * (rate + parseEther('0.02'))) / parseEther('1'));
    expect(await read(queue, 'getOutstandingWithdrawRequests', [userAddress])).toBe(2n);
    const moved = await read<{ withdrawRequestID: bigint }>(queue, 'withdrawRequests', [userAddress, 0n]);
    expect(moved.withdrawRequestID).toBe(third.withdrawRequestID);
    await expectRevert(queue, 'claim', [2n, userAddress], queue, 'InvalidWithdrawIndex');
  });

  it('withdraws instantly minus the fee, honours minOut and stops when drained', async () => {
    const ezETH = at('RenzoEzETH', lrts.ezETH.token);
    const instant = at('RenzoInstantWithdrawer', lrts.ezETH.contracts.instantWithdrawer);
    const amount = parseEther('1');
    const [quoted] = await read<[bigint, bigint]>(instant, 'previewWithdraw', [amount]);
    const rate = await controls.readRate(provider, lrts, 'ezETH');
    expect(quoted).toBe(rate - (rate * 50n + 9_999n) / 10_000n);
    await send(ezETH, 'approve', [lrts.ezETH.contracts.instantWithdrawer, parseEther('10')]);
    await expectRevert(instant, 'withdraw', [amount, NATIVE_ETH, quoted + 1n], instant, 'SlippageExceeded');
    const before = await ethBalance(userAddress);
    const receipt = await send(instant, 'withdraw', [amount, NATIVE_ETH, quoted]);
    expect(await receivedEth(before, receipt)).toBe(quoted);
    await sendRequest(owner, controls.setInstantLiquidity(lrts, 'ezETH', 0n));
    await expectRevert(instant, 'withdraw', [amount, NATIVE_ETH, 0n], instant, 'InsufficientLiquidity');
  });
});

describe('Kelp', () => {
  it('mints at the STORED price, which moves only when updateRSETHPrice is called', async () => {
    const pool = at('KelpDepositPool', lrts.rsETH.contracts.depositPool);
    const rsETH = at('KelpRsETH', lrts.rsETH.token);
    const stored = await controls.readRate(provider, lrts, 'rsETH');
    await sendRequest(owner, await controls.accrueTo(provider, lrts, 'rsETH', stored + parseEther('0.05')));
    expect(await controls.readRate(provider, lrts, 'rsETH')).toBe(stored);

    const expected = (parseEther('2') * parseEther('1')) / stored;
    await expectRevert(pool, 'depositETH', [expected + 1n, 'test'], pool, 'MinimumAmountToReceiveNotMet', parseEther('2'));
    await send(pool, 'depositETH', [expected, 'test'], parseEther('2'));
    expect(await read(rsETH, 'balanceOf', [userAddress])).toBe(expected);

    await sendRequest(other, controls.refreshKelpPrice(lrts)); // permissionless
    const refreshed = await controls.readRate(provider, lrts, 'rsETH');
    expect(refreshed).toBeGreaterThan(stored + parseEther('0.04'));
    expect(refreshed).toBeLessThanOrEqual(stored + parseEther('0.05'));
  });

  it('completes a withdrawal only after the delay and the operator unlock', async () => {
    const rsETH = at('KelpRsETH', lrts.rsETH.token);
    const manager = at('KelpWithdrawalManager', lrts.rsETH.contracts.withdrawalManager);
    const asOperator = at('KelpWithdrawalManager', lrts.rsETH.contracts.withdrawalManager, owner);
    const amount = parseEther('1');
    const expected = await read(manager, 'getExpectedAssetAmount', [NATIVE_ETH, amount]);
    await send(rsETH, 'approve', [lrts.rsETH.contracts.withdrawalManager, amount]);
    await send(manager, 'initiateWithdrawal', [NATIVE_ETH, amount, 'test']);
    await expectRevert(manager, 'completeWithdrawal', [NATIVE_ETH, 'test'], manager, 'WithdrawalLocked');

    const unlockArgs = [NATIVE_ETH, 1_000n, 0n, 0n, parseEther('100'), parseEther('100')];
    await send(asOperator, 'unlockQueue', unlockArgs); // too early: unlocks nothing
    expect(await read(manager, 'nextLockedNonce', [NATIVE_ETH])).toBe(0n);
    await expectRevert(manager, 'completeWithdrawal', [NATIVE_ETH, 'test'], manager, 'WithdrawalLocked');

    await provider.send('anvil_mine', [`0x${KELP_DELAY_BLOCKS.toString(16)}`]);
    await send(asOperator, 'unlockQueue', unlockArgs);
    expect(await read(manager, 'nextLockedNonce', [NATIVE_ETH])).toBe(1n);
    const before = await ethBalance(userAddress);
    const receipt = await send(manager, 'completeWithdrawal', [NATIVE_ETH, 'test']);
    expect(await receivedEth(before, receipt)).toBe(expected);
    await expectRevert(manager, 'completeWithdrawal', [NATIVE_ETH, 'test'], manager, 'NoPendingWithdrawals');
  });
});

describe('Puffer', () => {
  it('refuses a deposit and a redeem in the same transaction', async () => {
    const vault = at('PufferVault', lrts.pufETH.contracts.vault);
    await expectRevert(probe.connect(user) as Contract, 'depositAndRedeem', [lrts.pufETH.contracts.vault], vault, 'DepositAndWithdrawalForbidden', parseEther('1'));
  });

  it('deposits ETH at the rate and redeems in a later transaction for WETH minus the exit fee, within maxRedeem', async () => {
    const vault = at('PufferVault', lrts.pufETH.contracts.vault);
    const rate = await controls.readRate(provider, lrts, 'pufETH');
    const shares = await read(vault, 'previewDeposit', [parseEther('5')]);
    expect(shares).toBe(await read(vault, 'convertToShares', [parseEther('5')]));
    await send(vault, 'depositETH', [userAddress], parseEther('5'));
    expect(await read(vault, 'balanceOf', [userAddress])).toBe(shares);
    expect(await read(vault, 'getExitFeeBasisPoints')).toBe(100n);

    const half = shares / 2n;
    const gross = (half * rate) / parseEther('1');
    const preview = await read(vault, 'previewRedeem', [half]);
    expect(preview).toBeLessThan(gross);
    expect(preview).toBeGreaterThan((gross * 9_899n) / 10_000n);
    await send(vault, 'redeem', [half, userAddress, userAddress]);
    expect(await read(weth.connect(user) as Contract, 'balanceOf', [userAddress])).toBe(preview);

    await sendRequest(owner, controls.setInstantLiquidity(lrts, 'pufETH', parseEther('1')));
    const maxRedeem = await read(vault, 'maxRedeem', [userAddress]);
    expect(maxRedeem).toBeLessThan(shares - half);
    expect(await read(vault, 'maxWithdraw', [userAddress])).toBe(parseEther('1'));
    await expectRevert(vault, 'redeem', [shares - half, userAddress, userAddress], vault, 'ERC4626ExceededMaxRedeem');
    await send(vault, 'redeem', [maxRedeem, userAddress, userAddress]);
  });

  it('accrual raises convertToAssets', async () => {
    const rate = await controls.readRate(provider, lrts, 'pufETH');
    const target = rate + parseEther('0.03');
    await sendRequest(owner, await controls.accrueTo(provider, lrts, 'pufETH', target));
    const after = await controls.readRate(provider, lrts, 'pufETH');
    expect(after).toBeGreaterThanOrEqual(target);
    expect(after).toBeLessThan(target + 10n);
  });
});

describe('Swell', () => {
  it('mints at the rate with no min-out and pays a finalised request at the lower rate, only after processing', async () => {
    const rswETH = at('SwellRswETH', lrts.rswETH.token);
    const nft = at('SwellWithdrawalNFT', lrts.rswETH.contracts.withdrawalNft);
    const rate = await controls.readRate(provider, lrts, 'rswETH');
    const inverse = await read(rswETH, 'ethToRswETHRate');
    const product = (inverse * rate) / parseEther('1');
    expect(product).toBeGreaterThan(parseEther('1') - 1_000n);
    expect(product).toBeLessThanOrEqual(parseEther('1'));
    await send(rswETH, 'deposit', [], parseEther('3'));
    const minted = await read(rswETH, 'balanceOf', [userAddress]);
    expect(minted).toBe((parseEther('3') * (await read(rswETH, 'ethToRswETHRate'))) / parseEther('1'));

    await send(rswETH, 'approve', [lrts.rswETH.contracts.withdrawalNft, minted]);
    await send(nft, 'createWithdrawRequest', [minted]);
    const tokenId = await read(nft, 'getLastTokenIdCreated');
    expect(await controls.readRate(provider, lrts, 'rswETH')).toBeGreaterThanOrEqual(rate - 1n);
    await expectRevert(nft, 'finalizeWithdrawal', [tokenId], nft, 'WithdrawalRequestNotProcessed');

    await sendRequest(owner, await controls.accrueTo(provider, lrts, 'rswETH', rate + parseEther('0.02')));
    await send(at('SwellWithdrawalNFT', lrts.rswETH.contracts.withdrawalNft, owner), 'processWithdrawals', [tokenId]);
    const before = await ethBalance(userAddress);
    const receipt = await send(nft, 'finalizeWithdrawal', [tokenId]);
    const request = (minted * rate) / parseEther('1');
    const paid = await receivedEth(before, receipt);
    expect(paid).toBeGreaterThanOrEqual(request - 1_000n);
    expect(paid).toBeLessThanOrEqual(request + 1_000n);
  });
});

describe('controls', () => {
  it('lift every rate to a target, refuse to lower one, and refuse instant liquidity where there is none', async () => {
    for (const symbol of ['weETH', 'ezETH', 'rswETH'] as const) {
      const rate = await controls.readRate(provider, lrts, symbol);
      const target = rate + parseEther('0.01');
      await sendRequest(owner, await controls.accrueTo(provider, lrts, symbol, target));
      const after = await controls.readRate(provider, lrts, symbol);
      expect(after, symbol).toBeGreaterThanOrEqual(target);
      expect(after, symbol).toBeLessThan(target + 10n);
    }
    const rate = await controls.readRate(provider, lrts, 'ezETH');
    await expect(controls.accrueTo(provider, lrts, 'ezETH', rate - parseEther('0.01'))).rejects.toThrow(/only raise/);
    expect(() => controls.setInstantLiquidity(lrts, 'rsETH', 1n)).toThrow(/no protocol instant exit/);
    // Knobs are owner-only.
    await expect(provider.call({ ...controls.setInstantLiquidity(lrts, 'pufETH', 0n), from: userAddress })).rejects.toThrow();
  });
});
