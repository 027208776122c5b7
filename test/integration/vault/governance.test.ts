/**
 * RestakingVault for depositors and its governance: ERC-4626 deposit/redeem paid from idle WETH
 * only, the inflation-attack mitigation, the set-up phase, roles (keeper executes, owner
 * configures, guardian pauses, 2-step ownership) and the timelock (not before the delay, usable
 * after, cancellable; narrowing changes immediate).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, ContractFactory, Interface, MaxUint256, ZeroAddress, parseEther, type InterfaceAbi, type TransactionReceipt, type Wallet } from 'ethers';
import { WEETH_ABI } from '../../../src/protocols/etherfi/abi.ts';
import { RESTAKING_VAULT_ABI } from '../../../src/protocols/vault/abi.ts';
import { ERC20, VAULT_INTERFACE, attempt, call, depositWeth, expectVaultRevert, read, send, startVaultWorld, type VaultTestWorld } from './fixture.ts';

const WEETH = new Interface(WEETH_ABI);
const RENZO = new Interface(['function depositETH(uint256 referralId) payable']);
const DAY = 86_400;

let w: VaultTestWorld;
let owner: Contract;
let keeperVault: Contract;

/** A bare vault (no EigenLayer, no positions) owned by `signer`, for set-up and first-deposit cases. */
async function deployBareVault(signer: Wallet, keeper: string): Promise<Contract> {
  const artifact = w.chain.deployer.artifact('RestakingVault');
  const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
  const params = { owner: signer.address, keeper, guardian: signer.address, delegationManager: ZeroAddress, timelockDelay: 3_600n, maxLossBps: 50, maxWindowLossBps: 100 };
  const deployed = await factory.deploy(w.weth, 'Bare', 'BARE', params);
  await deployed.waitForDeployment();
  return new Contract(await deployed.getAddress(), RESTAKING_VAULT_ABI as unknown as InterfaceAbi, signer);
}

function eventNames(receipt: TransactionReceipt): string[] {
  return receipt.logs.flatMap((log) => {
    const parsed = VAULT_INTERFACE.parseLog(log);
    return parsed ? [parsed.name] : [];
  });
}

function queuedId(receipt: TransactionReceipt): string {
  const parsed = receipt.logs.map((l) => VAULT_INTERFACE.parseLog(l)).find((l) => l?.name === 'ChangeQueued');
  if (!parsed) throw new Error('no ChangeQueued event');
  return parsed.args.id as string;
}

beforeAll(async () => {
  w = await startVaultWorld({ timelockSeconds: DAY });
  owner = w.vault(w.owner);
  keeperVault = w.vault(w.keeper);
  await depositWeth(w, w.user, parseEther('100'));
});

afterAll(async () => {
  await w?.stop();
});

describe('depositors', () => {
  it('deposit mints shares with 3 extra decimals; redeem pays the WETH back', async () => {
    const vault = w.vault(w.attacker);
    expect(await read(vault, 'decimals')).toBe(21n);
    await depositWeth(w, w.attacker, parseEther('10'));
    const shares = await read(vault, 'balanceOf', [w.attacker.address]);
    expect(shares).toBe(parseEther('10') * 1_000n);
    const wethBefore = await read(w.token(w.weth, w.attacker), 'balanceOf', [w.attacker.address]);
    await send(vault, 'redeem', [shares, w.attacker.address, w.attacker.address]);
    const paid = (await read(w.token(w.weth, w.attacker), 'balanceOf', [w.attacker.address])) - wethBefore;
    expect(parseEther('10') - paid).toBeLessThanOrEqual(1n);
    expect(await read(vault, 'balanceOf', [w.attacker.address])).toBe(0n);
  });

  it('pays withdrawals from idle WETH only: maxWithdraw and maxRedeem follow idle liquidity', async () => {
    await send(keeperVault, 'execute', [[
      call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('60')])),
      call(w.lrts.ezETH.contracts.restakeManager, RENZO.encodeFunctionData('depositETH', [0n]), parseEther('60')),
    ]]);
    const user = w.vault(w.user);
    expect(await read(user, 'idleAssets')).toBe(parseEther('40'));
    expect(await read(user, 'maxWithdraw', [w.user.address])).toBe(parseEther('40'));
    const maxRedeem = await read(user, 'maxRedeem', [w.user.address]);
    expect(await read(user, 'previewRedeem', [maxRedeem])).toBeLessThanOrEqual(parseEther('40'));
    expect(await read(user, 'previewRedeem', [maxRedeem + 1_000_000n])).toBeGreaterThan(parseEther('40'));
    await expectVaultRevert(attempt(user, 'withdraw', parseEther('41'), w.user.address, w.user.address), 'ERC4626ExceededMaxWithdraw');
    await send(user, 'withdraw', [parseEther('5'), w.user.address, w.user.address]);
    expect(await read(user, 'idleAssets')).toBe(parseEther('35'));
  });

  it('keeps a first-depositor donation attack unprofitable and the victim whole', async () => {
    const bare = await deployBareVault(w.guardian, w.keeper.address);
    await expectVaultRevert(attempt(bare.connect(w.attacker) as Contract, 'deposit', 1n, w.attacker.address), 'DepositsClosed');
    await send(bare, 'sealSetup');
    const attackerWeth = w.token(w.weth, w.attacker);
    await send(attackerWeth, 'deposit', [], { value: parseEther('20') });
    await send(attackerWeth, 'approve', [await bare.getAddress(), MaxUint256]);
    await send(bare.connect(w.attacker) as Contract, 'deposit', [1n, w.attacker.address]);
    await send(attackerWeth, 'transfer', [await bare.getAddress(), parseEther('10')]); // the donation

    const victimWeth = w.token(w.weth, w.user);
    await send(victimWeth, 'deposit', [], { value: parseEther('10') });
    await send(victimWeth, 'approve', [await bare.getAddress(), MaxUint256]);
    await send(bare.connect(w.user) as Contract, 'deposit', [parseEther('10'), w.user.address]);
    const victimValue = await read(bare, 'previewRedeem', [await read(bare, 'balanceOf', [w.user.address])]);
    const attackerValue = await read(bare, 'previewRedeem', [await read(bare, 'balanceOf', [w.attacker.address])]);
    expect(parseEther('10') - victimValue).toBeLessThan(parseEther('0.01')); // < 0.1 %
    expect(attackerValue).toBeLessThan(parseEther('6')); // the attacker lost > 4 of the 10 donated
  });
});

describe('set-up phase', () => {
  it('applies changes at once while open, refuses deposits, and seals one way', async () => {
    const bare = await deployBareVault(w.guardian, w.keeper.address);
    expect(await read<boolean>(bare, 'setupOpen')).toBe(true);
    const receipt = await send(bare, 'queueCallRule', [w.lrts.weETH.token, WEETH.getFunction('getRate')?.selector, { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 }]);
    expect(eventNames(receipt)).toEqual(['ChangeQueued', 'CallRuleSet', 'ChangeApplied']);
    expect(await read<boolean>(bare, 'isAllowedCall', [w.lrts.weETH.token, WEETH.getFunction('getRate')?.selector])).toBe(true);
    expect(await read(bare, 'maxDeposit', [w.user.address])).toBe(0n);
    const sealed = await send(bare, 'sealSetup');
    expect(eventNames(sealed)).toEqual(['SetupSealed']);
    expect(await read(bare, 'maxDeposit', [w.user.address])).toBe(MaxUint256);
    await expectVaultRevert(attempt(bare, 'sealSetup'), 'SetupAlreadySealed');
  });
});

describe('roles', () => {
  it('only the owner configures', async () => {
    const rule = { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 };
    for (const signer of [w.keeper, w.guardian, w.attacker]) {
      const v = w.vault(signer);
      await expectVaultRevert(attempt(v, 'queueCallRule', w.weth, '0x12345678', rule), 'OwnableUnauthorizedAccount');
      await expectVaultRevert(attempt(v, 'queueSpender', w.weth, signer.address), 'OwnableUnauthorizedAccount');
      await expectVaultRevert(attempt(v, 'setKeeper', signer.address), 'OwnableUnauthorizedAccount');
      await expectVaultRevert(attempt(v, 'removeCallRule', w.weth, '0xd0e30db0'), 'OwnableUnauthorizedAccount');
    }
    await expectVaultRevert(attempt(owner, 'renounceOwnership'), 'RenounceDisabled');
  });

  it('the guardian pauses (execute and deposits stop, withdrawals of idle WETH stay open); only the owner unpauses', async () => {
    await expectVaultRevert(attempt(w.vault(w.attacker), 'pause'), 'CallerNotGuardianOrOwner');
    expect(eventNames(await send(w.vault(w.guardian), 'pause'))).toEqual(['Paused']);
    await expectVaultRevert(attempt(keeperVault, 'execute', [call(w.weth, ERC20.encodeFunctionData('withdraw', [1n]))]), 'EnforcedPause');
    await expectVaultRevert(attempt(w.vault(w.user), 'deposit', 1n, w.user.address), 'DepositsClosed');
    await send(w.vault(w.user), 'withdraw', [parseEther('1'), w.user.address, w.user.address]);
    await expectVaultRevert(attempt(w.vault(w.guardian), 'unpause'), 'OwnableUnauthorizedAccount');
    expect(eventNames(await send(owner, 'unpause'))).toEqual(['Unpaused']);
    await send(keeperVault, 'execute', [[call(w.weth, ERC20.encodeFunctionData('withdraw', [1n]))]]);
  });

  it('rotates a keeper at once, and transfers ownership in two steps', async () => {
    expect(eventNames(await send(owner, 'setKeeper', [w.attacker.address]))).toEqual(['KeeperSet']);
    await expectVaultRevert(attempt(keeperVault, 'execute', [call(w.weth, ERC20.encodeFunctionData('withdraw', [1n]))]), 'CallerNotKeeper');
    await send(owner, 'setKeeper', [w.keeper.address]);

    await send(owner, 'transferOwnership', [w.user.address]);
    expect(await read<string>(owner, 'owner')).toBe(w.owner.address);
    await expectVaultRevert(attempt(w.vault(w.attacker), 'acceptOwnership'), 'OwnableUnauthorizedAccount');
    await send(w.vault(w.user), 'acceptOwnership');
    expect(await read<string>(owner, 'owner')).toBe(w.user.address);
    await send(w.vault(w.user), 'transferOwnership', [w.owner.address]);
    await send(owner, 'acceptOwnership');
    expect(await read<string>(owner, 'owner')).toBe(w.owner.address);
  });
});

describe('timelock', () => {
  const getRate = WEETH.getFunction('getRate')?.selector as string;
  const viewRule = { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 };
  const readRateCall = (): ReturnType<typeof call> => call(w.lrts.weETH.token, WEETH.encodeFunctionData('getRate'));

  it('an allowlist entry is not usable before the delay, usable after, and removable at once', async () => {
    const id = queuedId(await send(owner, 'queueCallRule', [w.lrts.weETH.token, getRate, viewRule]));
    const pending = await read<{ readyAt: bigint; kind: bigint }>(owner, 'pendingChange', [id]);
    expect(pending.kind).toBe(0n);
    await expectVaultRevert(attempt(keeperVault, 'execute', [readRateCall()]), 'CallNotAllowed');
    await w.increaseTime(DAY - 60);
    const [, readyAt] = await expectVaultRevert(attempt(owner, 'applyChange', id), 'ChangeNotReady');
    expect(readyAt).toBe(pending.readyAt);
    await expectVaultRevert(attempt(keeperVault, 'execute', [readRateCall()]), 'CallNotAllowed');
    await w.increaseTime(61);
    await expectVaultRevert(attempt(w.vault(w.keeper), 'applyChange', id), 'OwnableUnauthorizedAccount');
    expect(eventNames(await send(owner, 'applyChange', [id]))).toEqual(['CallRuleSet', 'ChangeApplied']);
    await send(keeperVault, 'execute', [[readRateCall()]]);
    await expectVaultRevert(attempt(owner, 'applyChange', id), 'ChangeNotQueued');

    expect(eventNames(await send(owner, 'removeCallRule', [w.lrts.weETH.token, getRate]))).toEqual(['CallRuleRemoved']);
    await expectVaultRevert(attempt(keeperVault, 'execute', [readRateCall()]), 'CallNotAllowed');
  });

  it('a queued change can be cancelled by the owner or the guardian, and then never applies', async () => {
    const id = queuedId(await send(owner, 'queueCallRule', [w.lrts.weETH.token, getRate, viewRule]));
    await expectVaultRevert(attempt(w.vault(w.keeper), 'cancelChange', id), 'CallerNotGuardianOrOwner');
    expect(eventNames(await send(w.vault(w.guardian), 'cancelChange', [id]))).toEqual(['ChangeCancelled']);
    await w.increaseTime(DAY + 1);
    await expectVaultRevert(attempt(owner, 'applyChange', id), 'ChangeNotQueued');
    await expectVaultRevert(attempt(keeperVault, 'execute', [readRateCall()]), 'CallNotAllowed');
  });

  it('a new spender waits for the delay like a call rule', async () => {
    const approveAttacker = call(w.weth, ERC20.encodeFunctionData('approve', [w.attacker.address, 1n]));
    const id = queuedId(await send(owner, 'queueSpender', [w.weth, w.attacker.address]));
    await expectVaultRevert(attempt(keeperVault, 'execute', [approveAttacker]), 'SpenderNotAllowed');
    await send(owner, 'cancelChange', [id]);
  });

  it('loss limits: lowering is immediate, raising waits, and both are bounded', async () => {
    expect(eventNames(await send(owner, 'lowerLossLimits', [40, 100]))).toEqual(['LossLimitsSet']);
    expect(await read(owner, 'maxLossBps')).toBe(40n);
    await expectVaultRevert(attempt(owner, 'lowerLossLimits', 45, 100), 'LossLimitsNotLower');
    await expectVaultRevert(attempt(owner, 'queueLossLimits', 501, 1_000), 'LossLimitsOutOfRange');
    await expectVaultRevert(attempt(owner, 'queueLossLimits', 100, 50), 'LossLimitsOutOfRange');
    const id = queuedId(await send(owner, 'queueLossLimits', [100, 300]));
    expect(await read(owner, 'maxLossBps')).toBe(40n);
    await w.increaseTime(DAY + 1);
    await send(owner, 'applyChange', [id]);
    expect([await read(owner, 'maxLossBps'), await read(owner, 'maxWindowLossBps')]).toEqual([100n, 300n]);
  });

  it('positions and strategies move the share price, so changing them waits too; bad ones are refused at queue time', async () => {
    await expectVaultRevert(attempt(owner, 'queueSetPosition', w.weth, { target: ZeroAddress, data: '0x' }), 'InvalidPositionToken');
    await expectVaultRevert(attempt(owner, 'queueRemovePosition', w.lrts.ezETH.token), 'PositionInUse');
    await expectVaultRevert(attempt(owner, 'queueSetPosition', w.eigenlayer.rewardTokens[0]?.address, { target: w.lrts.weETH.token, data: '0xdeadbeef' }), 'RateSourceFailed');
    const strategy = w.eigenlayer.strategies.rswETH as string;
    const id = queuedId(await send(owner, 'queueRemoveStrategy', [strategy]));
    expect(await read<string[]>(owner, 'strategies')).toContain(strategy);
    await w.increaseTime(DAY + 1);
    expect(eventNames(await send(owner, 'applyChange', [id]))).toEqual(['StrategyRemoved', 'ChangeApplied']);
    expect(await read<string[]>(owner, 'strategies')).not.toContain(strategy);
    // Value moved into a place the vault does not value counts as a loss.
    const rswETH = w.lrts.rswETH.token;
    const sm = new Interface(['function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)']);
    await expectVaultRevert(
      attempt(keeperVault, 'execute', [
        call(w.weth, ERC20.encodeFunctionData('withdraw', [parseEther('5')])),
        call(rswETH, new Interface(['function deposit() payable']).encodeFunctionData('deposit'), parseEther('5')),
        call(rswETH, ERC20.encodeFunctionData('approve', [w.eigenlayer.strategyManager, parseEther('4')])),
        call(w.eigenlayer.strategyManager, sm.encodeFunctionData('depositIntoStrategy', [strategy, rswETH, parseEther('4')])),
      ]),
      'LossLimitExceeded',
    );
  });

  it('refuses call rules that no argument guard can make safe', async () => {
    const rule = { allowed: true, allowValue: false, selfWords: 0, counterpartyWords: 0 };
    await expectVaultRevert(attempt(owner, 'queueCallRule', w.info.address, '0x12345678', rule), 'InvalidTarget');
    await expectVaultRevert(attempt(owner, 'queueCallRule', w.attacker.address, '0x12345678', rule), 'InvalidTarget');
    await expectVaultRevert(attempt(owner, 'queueCallRule', w.weth, ERC20.getFunction('approve')?.selector, { ...rule, allowValue: true }), 'InvalidRule');
    await expectVaultRevert(attempt(owner, 'queueCallRule', w.weth, '0xa22cb465', rule), 'SelectorDenied'); // setApprovalForAll
    await expectVaultRevert(attempt(owner, 'queueCallRule', w.weth, '0x39509351', rule), 'SelectorDenied'); // increaseAllowance
  });
});
