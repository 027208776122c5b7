/**
 * `backend: safe-module` on the devnet with the real Safe 1.4.1 contracts: the treasury's owners
 * enable and configure the project's SafeKeeperModule with one Safe transaction (two owner
 * signatures), and the keeper then acts alone from the Safe, inside the RestakingVault's guards.
 * A normal rebalance lands exactly once through the keeper's executor (private bundle); calls
 * outside the allowlist and the argument guards' theft paths revert; a stolen keeper key loses at
 * most the rolling day's limit; the owners' pause and their removal of the module stop it at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, Interface, MaxUint256, Wallet, parseEther, type InterfaceAbi } from 'ethers';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { execAsOwners, type SafeModuleDeployment } from '../../../src/devnet/deploy-safe.ts';
import { safeModuleBackend } from '../../../src/execution/safe-module-backend.ts';
import { encodeVaultExecute } from '../../../src/execution/backend.ts';
import { SAFE_ABI, SAFE_MODULE_MANAGER_ABI } from '../../../src/safe/abi.ts';
import { SAFE_KEEPER_MODULE_ABI } from '../../../src/safe/module-abi.ts';
import { moduleRemovalCall, modulePauseCall } from '../../../src/safe/module-setup.ts';
import { vaultAdminCall } from '../../../src/safe/governance.ts';
import { startExecHarness, planOf, type ExecHarness } from '../execution/harness.ts';
import { depositWeEth, dexSell } from '../execution/actions.ts';
import { asOwners, setUpModule, withCosts } from './module-fixture.ts';

const ERC20 = new Interface([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function withdraw(uint256 wad)',
]);
const ROUTER = new Interface([
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])',
  'function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[])',
]);
const SAFE_OWNERS = new Interface(['function addOwnerWithThreshold(address owner, uint256 threshold)']);
const DEADLINE = 2n ** 40n;

type ModuleCall = { target: string; value: bigint; data: string };

let h: ExecHarness;
let m: SafeModuleDeployment;
let moduleAsKeeper: Contract;
let safeAddress: string;
const attacker = new Wallet(devAccountKey(9)).address;

beforeAll(async () => {
  h = await startExecHarness();
  safeAddress = h.world.deployment.safe.treasury.address;
  m = await setUpModule(h);
  moduleAsKeeper = new Contract(m.address, SAFE_KEEPER_MODULE_ABI as unknown as InterfaceAbi, h.keeper);
}, 300_000);
afterAll(async () => h?.stop());

const call = (target: string, data: string, value = 0n): ModuleCall => ({ target, value, data });

/** The custom error (or reason string) a keeper's module.execute(calls) reverts with. */
async function refusal(calls: ModuleCall[], from: Contract = moduleAsKeeper): Promise<{ name: string; args: unknown[] }> {
  try {
    await from.getFunction('execute').staticCall(calls);
  } catch (err) {
    const e = err as { revert?: { name: string; args: unknown[] }; reason?: string; shortMessage?: string };
    if (e.revert) return { name: e.revert.name, args: [...e.revert.args] };
    return { name: e.reason ?? e.shortMessage ?? String(err), args: [] };
  }
  throw new Error('module.execute did not revert');
}

/** Sends module.execute(calls) from the keeper key as a plain transaction (a thief needs no relay). */
async function keeperExecutes(calls: ModuleCall[]): Promise<void> {
  await h.keeperSends({ to: m.address, data: encodeVaultExecute(calls) });
}

const read = async (fn: string, args: unknown[] = []): Promise<bigint> => (await moduleAsKeeper.getFunction(fn)(...args)) as bigint;

describe('owners set the module up with one Safe transaction', () => {
  it('is enabled on the treasury Safe, owned by it, and allows what the vault allows', async () => {
    const safe = new Contract(safeAddress, [...SAFE_ABI, ...SAFE_MODULE_MANAGER_ABI], h.provider);
    expect(await safe.getFunction('isModuleEnabled')(m.address)).toBe(true);
    expect(await moduleAsKeeper.getFunction('owner')()).toBe(safeAddress);
    expect(await moduleAsKeeper.getFunction('safe')()).toBe(safeAddress);
    expect(await moduleAsKeeper.getFunction('keeper')()).toBe(h.keeper.address);
    const d = h.world.deployment;
    for (const r of d.vaults.main.callRules) expect(await moduleAsKeeper.getFunction('isAllowedCall')(r.target, r.selector), r.label).toBe(true);
    // The Safe's holdings, valued like the vault: 60 WETH + 24 weETH + 15 ezETH at their protocol rates.
    expect(await read('totalAssets')).toBeGreaterThan(parseEther('99'));
  });
});

describe('a normal rebalance through the module', () => {
  it('lands exactly once as one module.execute in a private bundle, moving the Safe\'s balances', async () => {
    const d = h.world.deployment;
    const ezBefore = await h.balance(d.lrts.ezETH.token, safeAddress);
    const weBefore = await h.balance(d.lrts.weETH.token, safeAddress);
    const keeperWeBefore = await h.balance(d.lrts.weETH.token);
    const plan = withCosts(planOf([await dexSell(h, 'ezETH', parseEther('3')), await depositWeEth(h, parseEther('2'))], await h.provider.getBlockNumber()));
    const executor = await h.executor({ backend: safeModuleBackend(safeAddress, m.address), settings: { vault: 'dao-auto' } });
    const first = await h.mining(executor.execute(plan));
    expect(first.status, first.reason).toBe('included');
    expect(await h.balance(d.lrts.ezETH.token, safeAddress)).toBe(ezBefore - parseEther('3'));
    expect(await h.balance(d.lrts.weETH.token, safeAddress)).toBeGreaterThan(weBefore + parseEther('1.8'));
    expect(await h.balance(d.lrts.weETH.token)).toBe(keeperWeBefore); // nothing reached the keeper
    const executed = await h.provider.getLogs({ address: m.address, topics: [new Interface(SAFE_KEEPER_MODULE_ABI).getEvent('Executed')?.topicHash ?? ''], fromBlock: 0 });
    expect(executed).toHaveLength(1);

    const again = await h.mining(executor.execute(plan));
    expect(again.status).toBe('duplicate');
    expect(await h.balance(d.lrts.ezETH.token, safeAddress)).toBe(ezBefore - parseEther('3'));
    expect(await h.provider.getLogs({ address: m.address, topics: executed[0]?.topics.slice(0, 1) ?? [], fromBlock: 0 })).toHaveLength(1);
  }, 120_000);
});

describe('calls outside the allowlist and theft paths revert', () => {
  it('refuses a call outside the allowlist, calls to the Safe itself and to the module, and any caller but the keeper', async () => {
    const d = h.world.deployment;
    expect(await refusal([call(d.weth, ERC20.encodeFunctionData('transfer', [attacker, parseEther('1')]))])).toEqual({ name: 'CallNotAllowed', args: [0n, d.weth, '0xa9059cbb'] });
    expect((await refusal([call(safeAddress, SAFE_OWNERS.encodeFunctionData('addOwnerWithThreshold', [attacker, 1n]))])).name).toBe('CallToSelf');
    expect((await refusal([call(m.address, vaultAdminCall(m.address, 'setKeeper', [attacker]).data)])).name).toBe('CallToSelf');
    expect((await refusal([call(safeAddress, '0x', parseEther('1'))])).name).toBe('CallToSelf');
    const outsider = new Contract(m.address, SAFE_KEEPER_MODULE_ABI as unknown as InterfaceAbi, new Wallet(devAccountKey(9), h.provider));
    expect((await refusal([call(d.weth, ERC20.encodeFunctionData('withdraw', [1n]))], outsider)).name).toBe('CallerNotKeeper');
  });

  it('refuses a swap to a foreign recipient, a transfer out, and an approve to an unlisted spender', async () => {
    const d = h.world.deployment;
    const ezETH = d.lrts.ezETH.token;
    const amount = parseEther('1');
    const approveRouter = call(ezETH, ERC20.encodeFunctionData('approve', [d.uniswap.router, amount]));
    const swapToAttacker = call(d.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [amount, 0n, [ezETH, d.weth], attacker, DEADLINE]));
    const swap = await refusal([approveRouter, swapToAttacker]);
    expect(swap.name).toBe('RecipientNotVault');
    expect(swap.args.slice(0, 2)).toEqual([1n, 3n]);
    expect(BigInt(String(swap.args[2]))).toBe(BigInt(attacker));
    // The same swap to the Safe passes the guards (it is the recipient that is refused).
    const swapToSafe = call(d.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [amount, 0n, [ezETH, d.weth], safeAddress, DEADLINE]));
    await moduleAsKeeper.getFunction('execute').staticCall([approveRouter, swapToSafe]);

    expect((await refusal([call(ezETH, ERC20.encodeFunctionData('transfer', [attacker, amount]))])).name).toBe('CallNotAllowed');
    const spender = await refusal([call(d.weth, ERC20.encodeFunctionData('approve', [attacker, MaxUint256]))]);
    expect(spender.name).toBe('SpenderNotAllowed');
    expect(BigInt(String(spender.args[2]))).toBe(BigInt(attacker));
    // Nor can the owners allowlist transfer by mistake: the module refuses the rule itself.
    const asSafe = new Contract(m.address, SAFE_KEEPER_MODULE_ABI as unknown as InterfaceAbi, h.provider);
    await expect(asSafe.getFunction('queueCallRule').staticCall(ezETH, '0xa9059cbb', { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 }, { from: safeAddress })).rejects.toMatchObject({
      revert: { name: 'SelectorDenied' },
    });
  });
});

describe('a stolen keeper key', () => {
  /** WETH -> weETH -> WETH round trips through the allowlisted pool, sized to lose about `bps` of the Safe's value (pool fees ~0.6 %). */
  async function lossyCalls(bps: bigint): Promise<ModuleCall[]> {
    const d = h.world.deployment;
    const weETH = d.lrts.weETH.token;
    const router = new Contract(d.uniswap.router, ROUTER, h.provider);
    const total = ((await read('totalAssets')) * bps) / 60n;
    const trips = 3n;
    const each = total / trips;
    const out = ((await router.getFunction('getAmountsOut')(each, [d.weth, weETH])) as bigint[])[1] ?? 0n;
    const trip = [
      call(d.weth, ERC20.encodeFunctionData('approve', [d.uniswap.router, each])),
      call(d.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [each, 0n, [d.weth, weETH], safeAddress, DEADLINE])),
      call(weETH, ERC20.encodeFunctionData('approve', [d.uniswap.router, out])),
      call(d.uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [out, 0n, [weETH, d.weth], safeAddress, DEADLINE])),
    ];
    return Array.from({ length: Number(trips) }, () => trip).flat();
  }

  it('loses at most 50 bps per call and 200 bps of the Safe over the rolling day, however often it calls', async () => {
    const big = await refusal(await lossyCalls(80n));
    expect(big.name).toBe('LossLimitExceeded');
    expect(big.args[2]).toBe(50n);

    const start = await read('totalAssets');
    let passed = 0;
    let refused: { name: string; args: unknown[] } | undefined;
    for (let k = 0; k < 12 && refused === undefined; k++) {
      const calls = await lossyCalls(45n);
      try {
        await moduleAsKeeper.getFunction('execute').staticCall(calls);
      } catch {
        refused = await refusal(calls);
        break;
      }
      await keeperExecutes(calls);
      passed += 1;
    }
    expect(refused?.name).toBe('WindowLossLimitExceeded');
    expect(refused?.args[2]).toBe(200n);
    expect(passed).toBeGreaterThanOrEqual(3);
    expect(passed).toBeLessThan(12);
    const lost = start - (await read('totalAssets'));
    expect(lost).toBeGreaterThan((start * 120n) / 10_000n);
    expect(lost).toBeLessThanOrEqual((start * 200n) / 10_000n);
    expect(await read('recentLossPpb')).toBeLessThanOrEqual(200n * 100_000n);
  }, 180_000);
});

describe('the owners stop the keeper at once', () => {
  const harmless = (): ModuleCall[] => [call(h.world.deployment.weth, ERC20.encodeFunctionData('withdraw', [1n]))];

  it('pause: the next module call reverts until the owners unpause', async () => {
    await moduleAsKeeper.getFunction('execute').staticCall(harmless());
    await asOwners(h, (sender) => execAsOwners(sender, h.world.deployment.safe, [modulePauseCall(m.address)]));
    expect((await refusal(harmless())).name).toBe('EnforcedPause');
    await asOwners(h, (sender) => execAsOwners(sender, h.world.deployment.safe, [vaultAdminCall(m.address, 'unpause', [])]));
    await moduleAsKeeper.getFunction('execute').staticCall(harmless());
  }, 120_000);

  it('removal: disableModule makes the keeper\'s next plan fail in simulation, and nothing is sent', async () => {
    const d = h.world.deployment;
    const executor = await h.executor({ backend: safeModuleBackend(safeAddress, m.address), settings: { vault: 'dao-auto-removed' } });
    const removal = await moduleRemovalCall(h.provider, safeAddress, m.address);
    await asOwners(h, (sender) => execAsOwners(sender, d.safe, [removal]));
    const safe = new Contract(safeAddress, SAFE_MODULE_MANAGER_ABI, h.provider);
    expect(await safe.getFunction('isModuleEnabled')(m.address)).toBe(false);
    expect(await refusal(harmless())).toEqual({ name: 'Error', args: ['GS104'] }); // Safe: not an enabled module
    const ezBefore = await h.balance(d.lrts.ezETH.token, safeAddress);
    const nonceBefore = await h.provider.getTransactionCount(h.keeper.address);
    const result = await h.mining(executor.execute(withCosts(planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber()))));
    expect(result.status).not.toBe('included');
    expect(result.reason ?? '').toContain('simulation');
    expect(await h.balance(d.lrts.ezETH.token, safeAddress)).toBe(ezBefore);
    expect(await h.provider.getTransactionCount(h.keeper.address)).toBe(nonceBefore);
  }, 120_000);
});
