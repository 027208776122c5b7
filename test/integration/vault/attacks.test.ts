/**
 * A compromised keeper key against the RestakingVault: every way it could move depositors'
 * money out, or set up a later theft, is refused on-chain with a named guard; a lossy swap is
 * refused beyond maxLossBps (the whole batch rolls back) and accepted within it; repeated
 * small losses stop at the rolling window limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Interface, MaxUint256, ZeroAddress, ZeroHash, parseEther, toBeHex, zeroPadValue, type Contract } from 'ethers';
import { encodeMintRewards, encodeSubmitRoot, publishRewards } from '../../../src/devnet/eigenlayer-controls.ts';
import { buildClaim } from '../../../src/protocols/eigenlayer/rewards-merkle.ts';
import { ETHERFI_LIQUIDITY_POOL_ABI, ETHERFI_REDEMPTION_MANAGER_ABI, ETH_OUTPUT_TOKEN } from '../../../src/protocols/etherfi/abi.ts';
import { PUFFER_VAULT_ABI } from '../../../src/protocols/puffer/abi.ts';
import { ERC20, VAULT_INTERFACE, attempt, call, depositWeth, expectVaultRevert, read, send, startVaultWorld, type VaultTestWorld } from './fixture.ts';

const ROUTER = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);
const PUFFER = new Interface([...PUFFER_VAULT_ABI, 'function deposit(uint256 assets, address receiver) returns (uint256)']);
const ETHERFI_POOL = new Interface(ETHERFI_LIQUIDITY_POOL_ABI);
const REDEMPTION = new Interface(ETHERFI_REDEMPTION_MANAGER_ABI);
const EIGEN = new Interface([
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
  'function registerAsOperator(address initDelegationApprover, uint32 allocationDelay, string metadataURI)',
  'function processClaim((uint32 rootIndex, uint32 earnerIndex, bytes earnerTreeProof, (address earner, bytes32 earnerTokenRoot) earnerLeaf, uint32[] tokenIndices, bytes[] tokenTreeProofs, (address token, uint256 cumulativeEarnings)[] tokenLeaves) claim, address recipient)',
]);
const DEADLINE = 2n ** 40n;

let w: VaultTestWorld;
let vault: Contract;
let weETH: string;

function swap(amountIn: bigint, to: string, tokenOut = weETH): ReturnType<typeof call> {
  return call(w.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [amountIn, 0n, [w.weth, tokenOut], to, DEADLINE]));
}

beforeAll(async () => {
  w = await startVaultWorld({ maxLossBps: 50, maxWindowLossBps: 60 });
  vault = w.vault(w.keeper);
  weETH = w.lrts.weETH.token;
  await depositWeth(w, w.user, parseEther('100'));
});

afterAll(async () => {
  await w?.stop();
});

describe('a compromised keeper', () => {
  it('cannot transfer WETH out, and the owner cannot allowlist transfer either', async () => {
    const args = await expectVaultRevert(attempt(vault, 'execute', [call(w.weth, ERC20.encodeFunctionData('transfer', [w.attacker.address, parseEther('10')]))]), 'CallNotAllowed');
    expect(args[1]).toBe(w.weth);
    const rule = { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 };
    await expectVaultRevert(attempt(w.vault(w.owner), 'queueCallRule', w.weth, ERC20.getFunction('transfer')?.selector, rule), 'SelectorDenied');
    await expectVaultRevert(attempt(w.vault(w.owner), 'queueCallRule', w.weth, ERC20.getFunction('transferFrom')?.selector, rule), 'SelectorDenied');
  });

  it('cannot approve an attacker (nor hide the attacker in the high bytes of the spender word)', async () => {
    await expectVaultRevert(attempt(vault, 'execute', [call(w.weth, ERC20.encodeFunctionData('approve', [w.attacker.address, MaxUint256]))]), 'SpenderNotAllowed');
    // A router-approved LRT cannot be approved to the attacker either: spenders are per token.
    await expectVaultRevert(attempt(vault, 'execute', [call(weETH, ERC20.encodeFunctionData('approve', [w.eigenlayer.operators[0]?.address, 1n]))]), 'SpenderNotAllowed');
    const dirty = ERC20.encodeFunctionData('approve', [w.uniswap.router, 1n]).replace('000000000000000000000000', '000000000000000000000001');
    await expectVaultRevert(attempt(vault, 'execute', [call(w.weth, dirty)]), 'SpenderNotAllowed');
    // approve(x, 0) is not a free pass (ERC-721 approve(to, tokenId 0) has the same selector)...
    await expectVaultRevert(attempt(vault, 'execute', [call(w.weth, ERC20.encodeFunctionData('approve', [w.attacker.address, 0n]))]), 'SpenderNotAllowed');
    // ...but revoking a spender the owner has removed stays possible.
    const rsETH = w.lrts.rsETH.token;
    await send(vault, 'execute', [[call(rsETH, ERC20.encodeFunctionData('approve', [w.uniswap.router, 5n]))]]);
    await send(w.vault(w.owner), 'removeSpender', [rsETH, w.uniswap.router]);
    await expectVaultRevert(attempt(vault, 'execute', [call(rsETH, ERC20.encodeFunctionData('approve', [w.uniswap.router, 5n]))]), 'SpenderNotAllowed');
    await send(vault, 'execute', [[call(rsETH, ERC20.encodeFunctionData('approve', [w.uniswap.router, 0n]))]]);
    expect(await read(w.token(rsETH, w.user), 'allowance', [w.info.address, w.uniswap.router])).toBe(0n);
  });

  it('cannot swap to an attacker', async () => {
    const approve = call(w.weth, ERC20.encodeFunctionData('approve', [w.uniswap.router, parseEther('1')]));
    const args = await expectVaultRevert(attempt(vault, 'execute', [approve, swap(parseEther('1'), w.attacker.address)]), 'RecipientNotVault');
    expect(args.slice(0, 3)).toEqual([1n, 3n, zeroPadValue(w.attacker.address, 32).toLowerCase()]);
  });

  it('cannot redeem weETH or deposit into Puffer for an attacker, nor claim EigenLayer rewards to one', async () => {
    await expectVaultRevert(
      attempt(vault, 'execute', [call(w.lrts.weETH.contracts.redemptionManager, REDEMPTION.encodeFunctionData('redeemWeEth', [1n, w.attacker.address, ETH_OUTPUT_TOKEN]))]),
      'RecipientNotVault',
    );
    await expectVaultRevert(attempt(vault, 'execute', [call(w.lrts.pufETH.contracts.vault, PUFFER.encodeFunctionData('depositETH', [w.attacker.address]), 1n)]), 'RecipientNotVault');
    await expectVaultRevert(attempt(vault, 'execute', [call(w.lrts.pufETH.contracts.vault, PUFFER.encodeFunctionData('deposit', [1n, w.attacker.address]))]), 'RecipientNotVault');

    // Rewards for the vault: a real root, activated.
    const eigenToken = w.eigenlayer.rewardTokens[0]?.address as string;
    const rc = w.eigenlayer.rewardsCoordinator;
    const { root, tree } = publishRewards({ [w.info.address]: { [eigenToken]: parseEther('1000') } });
    await (await w.owner.sendTransaction(encodeMintRewards(eigenToken, rc, parseEther('1000')))).wait();
    const now = (await w.provider.getBlock('latest'))?.timestamp ?? 0;
    await (await w.owner.sendTransaction(encodeSubmitRoot(rc, root, now - 1))).wait();
    await w.increaseTime(11);
    const claim = buildClaim(tree, 0, w.info.address);
    await expectVaultRevert(attempt(vault, 'execute', [call(rc, EIGEN.encodeFunctionData('processClaim', [claim, w.attacker.address]))]), 'RecipientNotVault');
    // To the vault itself it passes (reward tokens are not valued, so total assets do not move).
    await send(vault, 'execute', [[call(rc, EIGEN.encodeFunctionData('processClaim', [claim, w.info.address]))]]);
    expect(await read(w.token(eigenToken, w.user), 'balanceOf', [w.info.address])).toBe(parseEther('1000'));
  });

  it('cannot call a target that is not allowlisted (ether.fi LiquidityPool.deposit), nor an allowlisted one with ETH it does not take', async () => {
    const args = await expectVaultRevert(
      attempt(vault, 'execute', [call(w.lrts.weETH.contracts.liquidityPool, ETHERFI_POOL.encodeFunctionData('deposit', [ZeroAddress]), 1n)]),
      'CallNotAllowed',
    );
    expect(args.slice(1)).toEqual([w.lrts.weETH.contracts.liquidityPool, ETHERFI_POOL.getFunction('deposit')?.selector]);
    await expectVaultRevert(attempt(vault, 'execute', [call(w.weth, ERC20.encodeFunctionData('withdraw', [1n]), 1n)]), 'ValueNotAllowed');
  });

  it('cannot send ETH to an EOA, with or without calldata', async () => {
    await send(vault, 'execute', [[call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('1')]))]]);
    await expectVaultRevert(attempt(vault, 'execute', [call(w.attacker.address, '0x', parseEther('1'))]), 'MissingSelector');
    await expectVaultRevert(attempt(vault, 'execute', [call(w.attacker.address, '0xd0e30db0', parseEther('1'))]), 'CallNotAllowed');
    expect(await w.provider.getBalance(w.info.address)).toBe(parseEther('1'));
  });

  it('cannot call the vault itself (e.g. to move shares or redeem)', async () => {
    const data = VAULT_INTERFACE.encodeFunctionData('redeem', [1n, w.attacker.address, w.user.address]);
    await expectVaultRevert(attempt(vault, 'execute', [call(w.info.address, data)]), 'CallToSelf');
  });

  it('cannot delegate the restaked position to an operator that is not allowlisted', async () => {
    await (await w.attacker.sendTransaction({ to: w.eigenlayer.delegationManager, data: EIGEN.encodeFunctionData('registerAsOperator', [ZeroAddress, 0, 'x']) })).wait();
    const data = EIGEN.encodeFunctionData('delegateTo', [w.attacker.address, { signature: '0x', expiry: 0n }, ZeroHash]);
    const args = await expectVaultRevert(attempt(vault, 'execute', [call(w.eigenlayer.delegationManager, data)]), 'CounterpartyNotAllowed');
    expect(args[2]).toBe(zeroPadValue(w.attacker.address, 32).toLowerCase());
  });

  it('is not the only key: nobody else can execute', async () => {
    for (const signer of [w.attacker, w.owner, w.guardian]) {
      await expectVaultRevert(attempt(w.vault(signer), 'execute', [call(w.weth, ERC20.encodeFunctionData('withdraw', [1n]))]), 'CallerNotKeeper');
    }
  });
});

describe('maxLossBps and the rolling window', () => {
  it('accepts a swap whose loss stays within maxLossBps', async () => {
    const before = await read(vault, 'totalAssets');
    await send(vault, 'execute', [[call(w.weth, ERC20.encodeFunctionData('approve', [w.uniswap.router, parseEther('1')])), swap(parseEther('1'), w.info.address)]]);
    const after = await read(vault, 'totalAssets');
    expect(after).toBeLessThan(before); // the pool fee is a real, small loss
    expect((before - after) * 10_000n).toBeLessThan(before * 50n);
  });

  it('refuses a no-min-out swap against a manipulated pool, rolling back the whole batch', async () => {
    // The attacker pushes weETH's pool price up ~80 % before the keeper's swap.
    const attackerWeth = w.token(w.weth, w.attacker);
    await send(attackerWeth, 'deposit', [], { value: parseEther('2000') });
    await send(attackerWeth, 'approve', [w.uniswap.router, MaxUint256]);
    await send(w.router(w.attacker), 'swapExactTokensForTokens', [parseEther('2000'), 0n, [w.weth, weETH], w.attacker.address, DEADLINE]);

    const allowanceBefore = await read(w.token(w.weth, w.user), 'allowance', [w.info.address, w.uniswap.router]);
    const before = await read(vault, 'totalAssets');
    const approve = call(w.weth, ERC20.encodeFunctionData('approve', [w.uniswap.router, parseEther('30')]));
    const args = await expectVaultRevert(attempt(vault, 'execute', [approve, swap(parseEther('30'), w.info.address)]), 'LossLimitExceeded');
    expect(args[0]).toBe(before);
    expect((args[1] as bigint) < (before * 9_950n) / 10_000n).toBe(true);
    expect(args[2]).toBe(50n);
    expect(await read(w.token(w.weth, w.user), 'allowance', [w.info.address, w.uniswap.router])).toBe(allowanceBefore);
    expect(await read(vault, 'totalAssets')).toBe(before);
  });

  it('stops repeated losses at maxWindowLossBps per day, and allows them again in the next window', async () => {
    const puffer = w.lrts.pufETH.contracts.vault;
    await send(vault, 'execute', [[
      call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('80')])),
      call(puffer, PUFFER.encodeFunctionData('depositETH', [w.info.address]), parseEther('80')),
    ]]);
    const shares = await read(w.token(puffer, w.user), 'balanceOf', [w.info.address]);
    const redeem = (amount: bigint): ReturnType<typeof call> => call(puffer, PUFFER.encodeFunctionData('redeem', [amount, w.info.address, w.info.address]));
    // Each redeem pays Puffer's 1 % exit fee on ~40 ETH: ~0.4 % of total assets, under the 0.5 % per call.
    await send(vault, 'execute', [[redeem(shares / 2n)]]);
    const args = await expectVaultRevert(attempt(vault, 'execute', [redeem(shares / 2n)]), 'WindowLossLimitExceeded');
    expect(args[2]).toBe(60n);
    await w.increaseTime(86_401);
    await send(vault, 'execute', [[redeem(shares / 2n)]]);
    expect(await read(w.token(puffer, w.user), 'balanceOf', [w.info.address])).toBeLessThan(shares / 100n);
  });
});

describe('queued-withdrawal dust', () => {
  it('refuses to push the number of queued EigenLayer withdrawals past MAX_QUEUED_WITHDRAWALS', async () => {
    const ezETH = w.lrts.ezETH.token;
    const strategy = w.eigenlayer.strategies.ezETH as string;
    const dm = new Interface(['function queueWithdrawals((address[] strategies, uint256[] depositShares, address __deprecated_withdrawer)[] params) returns (bytes32[])']);
    const sm = new Interface(['function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)']);
    await send(vault, 'execute', [[
      call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('5')])),
      call(w.lrts.ezETH.contracts.restakeManager, new Interface(['function depositETH(uint256 referralId) payable']).encodeFunctionData('depositETH', [0n]), parseEther('5')),
      call(ezETH, ERC20.encodeFunctionData('approve', [w.eigenlayer.strategyManager, parseEther('1')])),
      call(w.eigenlayer.strategyManager, sm.encodeFunctionData('depositIntoStrategy', [strategy, ezETH, parseEther('1')])),
    ]]);
    const dust = call(w.eigenlayer.delegationManager, dm.encodeFunctionData('queueWithdrawals', [[{ strategies: [strategy], depositShares: [1000n], __deprecated_withdrawer: w.info.address }]]));
    const args = await expectVaultRevert(attempt(vault, 'execute', Array.from({ length: 33 }, () => dust)), 'TooManyQueuedWithdrawals');
    expect(args[0]).toBe(33n);
    await send(vault, 'execute', [Array.from({ length: 2 }, () => dust)]);
    expect(toBeHex(await read(vault, 'MAX_QUEUED_WITHDRAWALS'))).toBe(toBeHex(32n));
  });
});
