/**
 * RestakingVault doing its job: the deployed configuration matches its description, a
 * rebalance WETH -> ETH -> Renzo -> EigenLayer (deposit, delegate) passes through execute, and
 * totalAssets values idle WETH, the LRT at its protocol rate, withdrawable restaked shares
 * (after a slash too) and queued EigenLayer withdrawals; after the slash it leaves the operator
 * with one undelegate and may delegate to the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Interface, Wallet, ZeroAddress, ZeroHash, parseEther, type Contract } from 'ethers';
import { encodeSlash, wadFromFraction } from '../../../src/devnet/eigenlayer-controls.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { wordMask } from '../../../src/devnet/deploy-vault.ts';
import { encodeUndelegate } from '../../../src/protocols/eigenlayer/encode.ts';
import { RENZO_RESTAKE_MANAGER_ABI } from '../../../src/protocols/renzo/abi.ts';
import { ERC20, VAULT_INTERFACE, WAD, call, depositWeth, read, send, startVaultWorld, type VaultTestWorld } from './fixture.ts';

const RENZO = new Interface(RENZO_RESTAKE_MANAGER_ABI);
const EIGEN = new Interface([
  'function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)',
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
  'function queueWithdrawals((address[] strategies, uint256[] depositShares, address __deprecated_withdrawer)[] params) returns (bytes32[])',
  'function completeQueuedWithdrawal((address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares) withdrawal, address[] tokens, bool receiveAsTokens)',
]);

let w: VaultTestWorld;
let vault: Contract;
let dm: Contract;
let ezETH: string;
let ezStrategy: string;
let opAlpha: string;

/** totalAssets recomputed off-chain from the same public reads, to compare with the contract. */
async function expectedTotalAssets(): Promise<bigint> {
  const address = w.info.address;
  let total = (await read(w.token(w.weth, w.user), 'balanceOf', [address])) + (await w.provider.getBalance(address));
  for (const p of w.info.positions) {
    const rate = await w.readRate(p.symbol);
    total += ((await read(w.token(p.token, w.user), 'balanceOf', [address])) * rate) / WAD;
  }
  const [withdrawable] = await read<[bigint[]]>(dm, 'getWithdrawableShares', [address, w.info.strategies.map((s) => s.strategy)]);
  for (const [i, s] of w.info.strategies.entries()) total += await restakedValue(s.strategy, s.symbol, withdrawable[i] ?? 0n);
  const [withdrawals, shares] = await read<[{ strategies: string[] }[], bigint[][]]>(dm, 'getQueuedWithdrawals', [address]);
  for (const [i, wd] of withdrawals.entries()) {
    for (const [k, strategy] of wd.strategies.entries()) {
      const symbol = w.info.strategies.find((s) => s.strategy === strategy)?.symbol;
      if (symbol !== undefined) total += await restakedValue(strategy, symbol, shares[i]?.[k] ?? 0n);
    }
  }
  return total;
}

async function restakedValue(strategy: string, symbol: Parameters<VaultTestWorld['readRate']>[0], shares: bigint): Promise<bigint> {
  if (shares === 0n) return 0n;
  const underlying = await read(w.at('StrategyBase', strategy, w.user), 'sharesToUnderlyingView', [shares]);
  return (underlying * (await w.readRate(symbol))) / WAD;
}

beforeAll(async () => {
  w = await startVaultWorld({ minWithdrawalDelayBlocks: 5 });
  vault = w.vault(w.keeper);
  dm = w.at('DelegationManager', w.eigenlayer.delegationManager, w.user);
  ezETH = w.lrts.ezETH.token;
  ezStrategy = w.eigenlayer.strategies.ezETH as string;
  opAlpha = w.eigenlayer.operators[0]?.address as string;
  await depositWeth(w, w.user, parseEther('100'));
});

afterAll(async () => {
  await w?.stop();
});

describe('RestakingVault rebalance and valuation', () => {
  it('is deployed sealed, with every described rule, spender, counterparty, position and strategy on-chain', async () => {
    const owner = w.vault(w.owner);
    expect(await read<boolean>(owner, 'setupOpen')).toBe(false);
    expect(await read<string>(owner, 'keeper')).toBe(w.keeper.address);
    for (const r of w.info.callRules) {
      const rule = await read<{ allowed: boolean; allowValue: boolean; selfWords: bigint; counterpartyWords: bigint }>(owner, 'callRule', [r.target, r.selector]);
      expect([r.label, rule.allowed, rule.allowValue, rule.selfWords, rule.counterpartyWords]).toEqual([
        r.label,
        true,
        r.allowValue,
        BigInt(wordMask(r.selfWords)),
        BigInt(wordMask(r.counterpartyWords)),
      ]);
    }
    for (const s of w.info.spenders) expect(await read<boolean>(owner, 'isApprovedSpender', [s.token, s.spender])).toBe(true);
    for (const c of w.info.counterparties) expect(await read<boolean>(owner, 'isCounterparty', [c.address])).toBe(true);
    const positions = await read<{ token: string }[]>(owner, 'positions');
    expect(positions.map((p) => p.token)).toEqual(w.info.positions.map((p) => p.token));
    expect([...(await read<string[]>(owner, 'strategies'))]).toEqual(w.info.strategies.map((s) => s.strategy));
    // Beneficiary-naming calls carry their guard.
    const byLabel = new Map(w.info.callRules.map((r) => [r.label, r]));
    expect(byLabel.get('uniswap.swapExactTokensForTokens')?.selfWords).toEqual([3]);
    expect(byLabel.get('eigen.processClaim')?.selfWords).toEqual([1]);
    expect(byLabel.get('etherfi.redeemWeEth')?.selfWords).toEqual([1]);
    expect(byLabel.get('puffer.depositETH')?.selfWords).toEqual([0]);
    expect(byLabel.get('eigen.delegateTo')?.counterpartyWords).toEqual([0]);
  });

  it('passes a rebalance WETH -> unwrap -> Renzo depositETH -> approve -> depositIntoStrategy -> delegateTo', async () => {
    const assetsBefore = await read(vault, 'totalAssets');
    expect(assetsBefore).toBe(parseEther('100'));
    const calls = [
      call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('40')])),
      call(w.lrts.ezETH.contracts.restakeManager, RENZO.encodeFunctionData('depositETH', [0n]), parseEther('40')),
      call(ezETH, ERC20.encodeFunctionData('approve', [w.eigenlayer.strategyManager, parseEther('30')])),
      call(w.eigenlayer.strategyManager, EIGEN.encodeFunctionData('depositIntoStrategy', [ezStrategy, ezETH, parseEther('30')])),
      call(w.eigenlayer.delegationManager, EIGEN.encodeFunctionData('delegateTo', [opAlpha, { signature: '0x', expiry: 0n }, ZeroHash])),
    ];
    const receipt = await send(vault, 'execute', [calls]);
    const executed = receipt.logs.map((l) => VAULT_INTERFACE.parseLog(l)).find((l) => l?.name === 'Executed');
    expect(executed?.args.calls).toBe(5n);
    expect(executed?.args.assetsBefore).toBe(assetsBefore);
    const assetsAfter = await read(vault, 'totalAssets');
    // Minting at the protocol rate and valuing at it loses only rounding dust.
    expect(assetsBefore - assetsAfter).toBeGreaterThanOrEqual(0n);
    expect(assetsBefore - assetsAfter).toBeLessThan(10_000n);
    expect(await read<string>(dm, 'delegatedTo', [w.info.address])).toBe(opAlpha);
    expect(await read(w.token(w.weth, w.user), 'balanceOf', [w.info.address])).toBe(parseEther('60'));
    expect(await read(w.token(ezETH, w.user), 'balanceOf', [w.info.address])).toBeGreaterThan(parseEther('8'));
    expect(receipt.gasUsed).toBeLessThan(1_000_000n);
  });

  it('values idle WETH, the LRT at its protocol rate and withdrawable restaked shares, and follows the rate', async () => {
    expect(await read(vault, 'totalAssets')).toBe(await expectedTotalAssets());
    const before = await read(vault, 'totalAssets');
    // Renzo accrues 1 % of its TVL: the vault's ezETH (held and restaked) is worth 1 % more.
    const manager = w.at('RenzoRestakeManager', w.lrts.ezETH.contracts.restakeManager, w.owner);
    const [, , tvl] = await read<[unknown, unknown, bigint]>(manager, 'calculateTVLs');
    await send(manager, 'devnetAccrue', [], { value: tvl / 100n });
    const after = await read(vault, 'totalAssets');
    expect(after).toBe(await expectedTotalAssets());
    const lrtPart = before - parseEther('60');
    expect(after - before).toBeGreaterThan((lrtPart * 99n) / 10_000n);
    expect(after - before).toBeLessThan((lrtPart * 101n) / 10_000n);
  });

  it('keeps a queued EigenLayer withdrawal in totalAssets and completes it back into the LRT after the delay', async () => {
    const [, deposit] = await read<[bigint[], bigint[]]>(dm, 'getWithdrawableShares', [w.info.address, [ezStrategy]]);
    const half = (deposit[0] ?? 0n) / 2n;
    const before = await read(vault, 'totalAssets');
    await send(vault, 'execute', [[call(w.eigenlayer.delegationManager, EIGEN.encodeFunctionData('queueWithdrawals', [[{ strategies: [ezStrategy], depositShares: [half], __deprecated_withdrawer: w.info.address }]]))]]);
    const queuedValue = await read(vault, 'totalAssets');
    expect(before - queuedValue).toBeLessThan(10_000n);
    expect(queuedValue).toBe(await expectedTotalAssets());

    const [withdrawals] = await read<[unknown[]]>(dm, 'getQueuedWithdrawals', [w.info.address]);
    expect(withdrawals).toHaveLength(1);
    const withdrawal = withdrawals[0];
    await w.mineBlocks(6);
    const ezBefore = await read(w.token(ezETH, w.user), 'balanceOf', [w.info.address]);
    await send(vault, 'execute', [[call(w.eigenlayer.delegationManager, EIGEN.encodeFunctionData('completeQueuedWithdrawal', [withdrawal, [ezETH], true]))]]);
    expect(await read(w.token(ezETH, w.user), 'balanceOf', [w.info.address])).toBeGreaterThan(ezBefore);
    const completed = await read(vault, 'totalAssets');
    expect(queuedValue - completed).toBeLessThan(10_000n);
    expect(completed).toBe(await expectedTotalAssets());
  });

  it('values restaked shares after a slash (withdrawable, not deposit shares)', async () => {
    const [withdrawable] = await read<[bigint[]]>(dm, 'getWithdrawableShares', [w.info.address, [ezStrategy]]);
    const restaked = await restakedValue(ezStrategy, 'ezETH', withdrawable[0] ?? 0n);
    expect(restaked).toBeGreaterThan(parseEther('10'));
    const before = await read(vault, 'totalAssets');
    const avs = new Wallet(devAccountKey(7), w.provider);
    const slash = encodeSlash({ allocationManager: w.eigenlayer.allocationManager, avs: avs.address, operator: opAlpha, operatorSetId: 1, strategies: [ezStrategy], wad: wadFromFraction(0.5) });
    expect((await (await avs.sendTransaction(slash)).wait())?.status).toBe(1);
    const after = await read(vault, 'totalAssets');
    expect(after).toBe(await expectedTotalAssets());
    const drop = before - after;
    expect(drop).toBeGreaterThan((restaked * 49n) / 100n);
    expect(drop).toBeLessThan((restaked * 51n) / 100n);
  });

  it('leaves the slashed operator with one undelegate: its shares queued and still valued, the vault free to delegate to op-beta', async () => {
    const address = w.info.address;
    const before = await read(vault, 'totalAssets');
    const undelegate = encodeUndelegate(w.eigenlayer.delegationManager, address);
    await send(vault, 'execute', [[call(undelegate.to, undelegate.data)]]);
    expect(await read<string>(dm, 'delegatedTo', [address])).toBe(ZeroAddress);
    const [, deposit] = await read<[bigint[], bigint[]]>(dm, 'getWithdrawableShares', [address, [ezStrategy]]);
    expect(deposit[0]).toBe(0n);
    const [withdrawals] = await read<[unknown[]]>(dm, 'getQueuedWithdrawals', [address]);
    expect(withdrawals).toHaveLength(1);
    const after = await read(vault, 'totalAssets');
    expect(after).toBe(await expectedTotalAssets());
    expect(before - after).toBeLessThan(10_000n);
    const opBeta = w.eigenlayer.operators[1]?.address as string;
    await send(vault, 'execute', [[call(w.eigenlayer.delegationManager, EIGEN.encodeFunctionData('delegateTo', [opBeta, { signature: '0x', expiry: 0n }, ZeroHash]))]]);
    expect((await read<string>(dm, 'delegatedTo', [address])).toLowerCase()).toBe(opBeta.toLowerCase());
  });
});
