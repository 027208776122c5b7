/**
 * The EigenLayer stand-ins and Multicall3 against PROTOCOLS.md, every trap included: deposit
 * vs withdrawable shares after a slash, new money not hit by old slashes, a queued withdrawal
 * slashed in the queue, completion strictly after startBlock + delay, cumulative reward
 * claims, the claimer rule, root activation, and aggregate3 with an allowed failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbiCoder, Contract, Interface, JsonRpcProvider, Result, ZeroHash, id, keccak256, parseEther, Wallet, type TransactionReceipt } from 'ethers';
import { startTestChain, type TestChain } from '../../helpers/chain.ts';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { deployEigenLayer, devAccountKey, MULTICALL3_ADDRESS, type EigenLayerDeployment } from '../../../src/devnet/deploy-eigenlayer.ts';
import { encodeMintRewards, encodeSlash, encodeSubmitRoot, publishRewards, wadFromFraction, type UnsignedTx } from '../../../src/devnet/eigenlayer-controls.ts';
import { InputError } from '../../../src/domain/errors.ts';
import { buildClaim, type PublishedRewardsTree } from '../../../src/protocols/eigenlayer/rewards-merkle.ts';

const DELAY_BLOCKS = 10;
const ACTIVATION_SECONDS = 100;
const WAD = 10n ** 18n;
const NO_SIGNATURE = { signature: '0x', expiry: 0n };

let chain: TestChain;
/** Uncached provider: ethers caches identical requests for 250 ms, which returns stale nonces and blocks. */
let provider: JsonRpcProvider;
let eigen: EigenLayerDeployment;
let user: Wallet;
let keeper: Wallet;
let market: Wallet;
let avsA: Wallet;
let sm: Contract;
let dm: Contract;
let am: Contract;
let rc: Contract;
let weeth: Contract;
let ezeth: Contract;
let weethStrategy: string;
let ezethStrategy: string;
let opAlpha: string;
let opBeta: string;

function at(name: string, address: string, signer: Wallet = user): Contract {
  return chain.deployer.at(name, address).connect(signer) as Contract;
}

async function send(c: Contract, fn: string, args: readonly unknown[] = [], overrides: Record<string, unknown> = {}): Promise<TransactionReceipt> {
  const response = await c.getFunction(fn)(...args, overrides);
  const receipt = (await response.wait()) as TransactionReceipt;
  expect(receipt.status).toBe(1);
  return receipt;
}

async function read<T = bigint>(c: Contract, fn: string, args: readonly unknown[] = []): Promise<T> {
  return (await c.getFunction(fn).staticCall(...args)) as T;
}

async function sendTx(signer: Wallet, tx: UnsignedTx): Promise<TransactionReceipt> {
  const receipt = (await (await signer.sendTransaction(tx)).wait()) as TransactionReceipt;
  expect(receipt.status).toBe(1);
  return receipt;
}

/** Asserts that `action` reverts with custom error `name` (matched by selector, also when bubbled up). */
async function expectRevert(action: Promise<unknown>, name: string): Promise<void> {
  let caught: unknown;
  try {
    await action;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected revert ${name}`).toBeDefined();
  const data = (caught as { data?: string }).data ?? '';
  expect(data.slice(0, 10), `revert data for ${name}`).toBe(id(`${name}()`).slice(0, 10));
}

async function latestBlock(): Promise<{ number: number; timestamp: number }> {
  const block = await provider.getBlock('latest');
  if (block === null) throw new Error('no latest block');
  return { number: block.number, timestamp: block.timestamp };
}

async function advanceTime(seconds: number): Promise<void> {
  await rawRpc(chain.anvil.rpcUrl, 'evm_increaseTime', [seconds]);
  await rawRpc(chain.anvil.rpcUrl, 'evm_mine', []);
}

/** Decoded `event` logs of `c` in the receipt; nested structs and arrays stay ethers Results. */
function logsOf(receipt: TransactionReceipt, c: Contract, event: string): Record<string, unknown>[] {
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === String(c.target).toLowerCase())
    .map((log) => c.interface.parseLog(log))
    .filter((parsed) => parsed?.name === event)
    .map((parsed) => parsed?.args.toObject() as Record<string, unknown>);
}

function slashTx(operator: string, operatorSetId: number, strategies: string[], wad: bigint): UnsignedTx {
  return encodeSlash({ allocationManager: eigen.allocationManager, avs: avsA.address, operator, operatorSetId, strategies, wad });
}

beforeAll(async () => {
  chain = await startTestChain({ sourceDirs: ['contracts/devnet/common', 'contracts/devnet/eigenlayer', 'contracts/devnet/multicall'] });
  provider = new JsonRpcProvider(chain.anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  user = new Wallet(DEV_KEYS.user, provider);
  keeper = new Wallet(DEV_KEYS.keeper, provider);
  market = new Wallet(DEV_KEYS.market, provider);
  avsA = new Wallet(devAccountKey(7), provider);
  const weethToken = await chain.deployer.deploy('MockERC20', ['Wrapped eETH', 'weETH']);
  const ezethToken = await chain.deployer.deploy('MockERC20', ['Renzo Restaked ETH', 'ezETH']);
  eigen = await deployEigenLayer(chain.deployer, {
    rpcUrl: chain.anvil.rpcUrl,
    provider: chain.provider,
    lrtTokens: { weETH: await weethToken.getAddress(), ezETH: await ezethToken.getAddress() },
    rewardsUpdater: market.address,
    minWithdrawalDelayBlocks: DELAY_BLOCKS,
    activationDelaySeconds: ACTIVATION_SECONDS,
  });
  sm = at('StrategyManager', eigen.strategyManager);
  dm = at('DelegationManager', eigen.delegationManager);
  am = at('AllocationManager', eigen.allocationManager);
  rc = at('RewardsCoordinator', eigen.rewardsCoordinator);
  weeth = at('MockERC20', await weethToken.getAddress());
  ezeth = at('MockERC20', await ezethToken.getAddress());
  weethStrategy = eigen.strategies.weETH as string;
  ezethStrategy = eigen.strategies.ezETH as string;
  [opAlpha, opBeta] = eigen.operators.map((o) => o.address) as [string, string];
  await chain.deployer.send(weethToken, 'mint', [user.address, parseEther('100')]);
  await chain.deployer.send(ezethToken, 'mint', [keeper.address, parseEther('10')]);
});

afterAll(async () => {
  provider?.destroy();
  await chain?.stop();
});

describe('EigenLayer devnet world', () => {
  it('deploys strategies, operators, three operator sets over two AVSs, reward tokens and Multicall3', async () => {
    expect(JSON.parse(JSON.stringify(eigen))).toEqual(eigen);
    expect(Object.keys(eigen.strategies)).toEqual(['weETH', 'ezETH']);
    expect(await read<boolean>(sm, 'strategyIsWhitelistedForDeposit', [weethStrategy])).toBe(true);
    for (const op of eigen.operators) expect(await read<boolean>(dm, 'isOperator', [op.address])).toBe(true);
    expect(eigen.avs.flatMap((a) => a.operatorSets)).toHaveLength(3);
    expect(new Set(eigen.avs.flatMap((a) => a.operatorSets.map((s) => s.rewardToken.symbol)))).toEqual(new Set(['EIGEN', 'AVSA', 'AVSB']));
    for (const avs of eigen.avs) {
      for (const set of avs.operatorSets) {
        const members = await read<string[]>(am, 'getMembers', [{ avs: avs.address, id: set.id }]);
        expect([...members].sort()).toEqual([...set.operators].sort());
        expect([...(await read<string[]>(am, 'getStrategiesInOperatorSet', [{ avs: avs.address, id: set.id }]))]).toEqual(set.strategies);
      }
    }
    expect(await read(dm, 'minWithdrawalDelayBlocks')).toBe(BigInt(DELAY_BLOCKS));
    expect(await read(rc, 'activationDelay')).toBe(BigInt(ACTIVATION_SECONDS));
    expect((await provider.getCode(MULTICALL3_ADDRESS)).length).toBeGreaterThan(100);
  });

  it('deposits pull tokens approved to the StrategyManager and credit deposit shares', async () => {
    await send(weeth, 'approve', [eigen.strategyManager, parseEther('100')]);
    const amount = parseEther('10');
    expect(await read(sm.connect(user) as Contract, 'depositIntoStrategy', [weethStrategy, await weeth.getAddress(), amount])).toBe(amount);
    const receipt = await send(sm, 'depositIntoStrategy', [weethStrategy, await weeth.getAddress(), amount]);
    expect(logsOf(receipt, sm, 'Deposit')).toEqual([{ staker: user.address, strategy: weethStrategy, shares: amount }]);
    const strategy = at('StrategyBase', weethStrategy);
    expect(await read(sm, 'stakerDepositShares', [user.address, weethStrategy])).toBe(amount);
    expect(await read(strategy, 'shares', [user.address])).toBe(amount);
    expect(await read(strategy, 'userUnderlyingView', [user.address])).toBe(amount);
    const [strategies, shares] = await read<[string[], bigint[]]>(sm, 'getDeposits', [user.address]);
    expect([[...strategies], [...shares]]).toEqual([[weethStrategy], [amount]]);
    const stray = await chain.deployer.deploy('StrategyBase', [eigen.strategyManager, await weeth.getAddress()]);
    await expectRevert(read(sm, 'depositIntoStrategy', [await stray.getAddress(), await weeth.getAddress(), amount]), 'StrategyNotWhitelisted');
  });

  it('delegates with an empty approver signature', async () => {
    await send(dm, 'delegateTo', [opAlpha, NO_SIGNATURE, ZeroHash]);
    expect(await read(dm, 'delegatedTo', [user.address])).toBe(opAlpha);
    expect(await read(dm, 'operatorShares', [opAlpha, weethStrategy])).toBe(parseEther('10'));
  });

  it('a slash cuts withdrawable shares but not deposit shares', async () => {
    await expectRevert(user.sendTransaction(slashTx(opAlpha, 1, [weethStrategy], WAD / 2n)), 'InvalidCaller');
    await expectRevert(avsA.sendTransaction(slashTx(opBeta, 1, [weethStrategy], WAD / 2n)), 'OperatorNotSlashable');
    const descending = [weethStrategy, ezethStrategy].sort((a, b) => (BigInt(a) > BigInt(b) ? -1 : 1));
    const raw = new Interface(['function slashOperator(address,(address,uint32,address[],uint256[],string))']);
    const data = raw.encodeFunctionData('slashOperator', [avsA.address, [opAlpha, 1, descending, [1n, 1n], 'x']]);
    await expectRevert(avsA.sendTransaction({ to: eigen.allocationManager, data }), 'StrategiesMustBeInAscendingOrder');

    const receipt = await sendTx(avsA, slashTx(opAlpha, 1, [weethStrategy], WAD / 2n));
    expect(logsOf(receipt, am, 'MaxMagnitudeUpdated')).toEqual([{ operator: opAlpha, strategy: weethStrategy, maxMagnitude: WAD / 2n }]);
    const slashed = logsOf(receipt, am, 'OperatorSlashed')[0] as { operator: string; wadSlashed: Result; strategies: Result };
    expect([slashed.operator, [...slashed.strategies], [...slashed.wadSlashed]]).toEqual([opAlpha, [weethStrategy], [WAD / 2n]]);
    const [withdrawable, deposit] = await read<[bigint[], bigint[]]>(dm, 'getWithdrawableShares', [user.address, [weethStrategy]]);
    expect([...deposit]).toEqual([parseEther('10')]);
    expect([...withdrawable]).toEqual([parseEther('5')]);
    expect(await read(at('StrategyBase', weethStrategy), 'shares', [user.address])).toBe(parseEther('10'));
    expect(await read(dm, 'operatorShares', [opAlpha, weethStrategy])).toBe(parseEther('5'));
  });

  it('a new deposit after a slash is not penalised', async () => {
    await send(sm, 'depositIntoStrategy', [weethStrategy, await weeth.getAddress(), parseEther('4')]);
    const [withdrawable, deposit] = await read<[bigint[], bigint[]]>(dm, 'getWithdrawableShares', [user.address, [weethStrategy]]);
    expect(deposit[0]).toBe(parseEther('14'));
    expect(Number(parseEther('9') - (withdrawable[0] as bigint))).toBeGreaterThanOrEqual(0);
    expect(Number(parseEther('9') - (withdrawable[0] as bigint))).toBeLessThan(10);
  });

  it('a queued withdrawal slashed in the queue pays less, and completes only strictly after the delay', async () => {
    const params = [{ strategies: [weethStrategy], depositShares: [parseEther('7')], __deprecated_withdrawer: user.address }];
    const receipt = await send(dm, 'queueWithdrawals', [params]);
    const queued = logsOf(receipt, dm, 'SlashingWithdrawalQueued')[0] as { withdrawalRoot: string; withdrawal: Result; sharesToWithdraw: Result };
    // Keep the whole struct (nonce, startBlock): completion needs it byte for byte.
    const w = queued.withdrawal;
    const withdrawal = {
      staker: w.staker as string,
      delegatedTo: w.delegatedTo as string,
      withdrawer: w.withdrawer as string,
      nonce: w.nonce as bigint,
      startBlock: w.startBlock as bigint,
      strategies: [...(w.strategies as Result)] as string[],
      scaledShares: [...(w.scaledShares as Result)] as bigint[],
    };
    expect(withdrawal).toMatchObject({ staker: user.address, delegatedTo: opAlpha, withdrawer: user.address, nonce: 0n, startBlock: BigInt(receipt.blockNumber) });
    const encoded = AbiCoder.defaultAbiCoder().encode(
      ['tuple(address,address,address,uint256,uint32,address[],uint256[])'],
      [Object.values(withdrawal)],
    );
    expect(queued.withdrawalRoot).toBe(keccak256(encoded));
    const atQueue = queued.sharesToWithdraw[0] as bigint;
    expect(atQueue).toBeGreaterThan(parseEther('4.49'));

    await sendTx(avsA, slashTx(opAlpha, 1, [weethStrategy], WAD / 2n));
    const [list, shares] = await read<[unknown[], bigint[][]]>(dm, 'getQueuedWithdrawals', [user.address]);
    expect(list).toHaveLength(1);
    expect(shares[0]?.[0]).toBe(atQueue / 2n);

    const tokens = [await weeth.getAddress()];
    await expectRevert(read(dm.connect(keeper) as Contract, 'completeQueuedWithdrawal', [withdrawal, tokens, true]), 'WithdrawerNotCaller');
    const startBlock = receipt.blockNumber;
    const behind = startBlock + DELAY_BLOCKS - 1 - (await latestBlock()).number;
    if (behind > 0) await rawRpc(chain.anvil.rpcUrl, 'anvil_mine', [`0x${behind.toString(16)}`]);
    expect((await latestBlock()).number).toBe(startBlock + DELAY_BLOCKS - 1);
    await expectRevert(read(dm, 'completeQueuedWithdrawal', [withdrawal, tokens, true]), 'WithdrawalDelayNotElapsed');
    // Mined at exactly startBlock + delay: must revert.
    const early = await dm.getFunction('completeQueuedWithdrawal')(withdrawal, tokens, true, { gasLimit: 1_000_000n });
    await expect(early.wait()).rejects.toThrow();
    const mined = await provider.getTransactionReceipt(early.hash);
    expect(mined?.blockNumber).toBe(startBlock + DELAY_BLOCKS);
    expect(mined?.status).toBe(0);

    // A slash after the last slashable block (startBlock + delay) no longer reaches the withdrawal.
    await sendTx(avsA, slashTx(opAlpha, 1, [weethStrategy], WAD / 2n));
    const expectedShares = (await read<[unknown[], bigint[][]]>(dm, 'getQueuedWithdrawals', [user.address]))[1][0]?.[0] as bigint;
    const before = await read(weeth, 'balanceOf', [user.address]);
    const done = await send(dm, 'completeQueuedWithdrawal', [withdrawal, tokens, true]);
    expect(done.blockNumber).toBe(startBlock + DELAY_BLOCKS + 2);
    const paid = (await read(weeth, 'balanceOf', [user.address])) - before;
    expect(paid).toBe(expectedShares); // strategy is still 1:1
    expect(paid).toBe(atQueue / 2n);
    expect(await read<unknown[]>(dm, 'getQueuedWithdrawalRoots', [user.address])).toHaveLength(0);
    await expectRevert(read(dm, 'completeQueuedWithdrawal', [withdrawal, tokens, true]), 'WithdrawalNotQueued');
  });

  it('redelegation queues all shares and moves the staker', async () => {
    const ez = ezeth.connect(keeper) as Contract;
    await send(ez, 'approve', [eigen.strategyManager, parseEther('10')]);
    await send(sm.connect(keeper) as Contract, 'depositIntoStrategy', [ezethStrategy, await ezeth.getAddress(), parseEther('10')]);
    await send(dm.connect(keeper) as Contract, 'delegateTo', [opBeta, NO_SIGNATURE, ZeroHash]);
    expect(await read(dm, 'operatorShares', [opBeta, ezethStrategy])).toBe(parseEther('10'));
    await send(dm.connect(keeper) as Contract, 'redelegate', [opAlpha, NO_SIGNATURE, ZeroHash]);
    expect(await read(dm, 'delegatedTo', [keeper.address])).toBe(opAlpha);
    expect(await read(dm, 'operatorShares', [opBeta, ezethStrategy])).toBe(0n);
    expect(await read(sm, 'stakerDepositShares', [keeper.address, ezethStrategy])).toBe(0n);
    const [list, shares] = await read<[unknown[], bigint[][]]>(dm, 'getQueuedWithdrawals', [keeper.address]);
    expect(list).toHaveLength(1);
    expect(shares[0]).toEqual([parseEther('10')]);
  });
});

describe('RewardsCoordinator', () => {
  let eigenToken: string;
  let avsaToken: string;
  let tree1: PublishedRewardsTree;

  async function submit(earnings: Record<string, Record<string, bigint>>): Promise<PublishedRewardsTree> {
    const { root, tree } = publishRewards(earnings);
    const end = (await latestBlock()).timestamp - 1;
    await sendTx(market, encodeSubmitRoot(eigen.rewardsCoordinator, root, end));
    return tree;
  }

  function balance(token: string, who: string): Promise<bigint> {
    return read(at('MockERC20', token), 'balanceOf', [who]);
  }

  beforeAll(async () => {
    eigenToken = eigen.rewardTokens.find((t) => t.symbol === 'EIGEN')?.address as string;
    avsaToken = eigen.rewardTokens.find((t) => t.symbol === 'AVSA')?.address as string;
    await chain.deployer.sendRaw(encodeMintRewards(eigenToken, eigen.rewardsCoordinator, parseEther('1000')));
    await chain.deployer.sendRaw(encodeMintRewards(avsaToken, eigen.rewardsCoordinator, parseEther('1000')));
  });

  it('hashes leaves like the TypeScript builder (literal vectors)', async () => {
    const token = { token: '0x1111111111111111111111111111111111111111', cumulativeEarnings: WAD };
    const tokenLeaf = '0xd469d1deda0f4d09967eafb24e8cd0f121997e01fa8482d0c5b8b6a6cefa9473';
    expect(await read(rc, 'calculateTokenLeafHash', [token])).toBe(tokenLeaf);
    expect(await read(rc, 'calculateEarnerLeafHash', [{ earner: '0x2222222222222222222222222222222222222222', earnerTokenRoot: tokenLeaf }])).toBe(
      '0xc3f912c0d634c72e1e50785f50a7fffff5e45248f93a76d57678433b654bfed1',
    );
  });

  it('a root is not claimable before its activation, then every earner\'s proof checks on chain', async () => {
    tree1 = await submit({
      [user.address]: { [eigenToken]: parseEther('100'), [avsaToken]: parseEther('50') },
      [keeper.address]: { [eigenToken]: parseEther('30') },
      [opAlpha]: { [avsaToken]: parseEther('5') },
    });
    const claim = buildClaim(tree1, 0, user.address);
    await expectRevert(read(rc, 'checkClaim', [claim]), 'RootNotActivated');
    await expectRevert(read(rc, 'processClaim', [claim, user.address]), 'RootNotActivated');
    expect((await read<{ root: string }>(rc, 'getCurrentClaimableDistributionRoot')).root).toBe(ZeroHash);
    await advanceTime(ACTIVATION_SECONDS + 1);
    expect((await read<{ root: string }>(rc, 'getCurrentClaimableDistributionRoot')).root).toBe(tree1.root);
    for (const entry of tree1.earners) expect(await read<boolean>(rc, 'checkClaim', [buildClaim(tree1, 0, entry.earner)])).toBe(true);
  });

  it('pays cumulative earnings minus claimed, once', async () => {
    const receipt = await send(rc, 'processClaim', [buildClaim(tree1, 0, user.address), user.address]);
    const claimed = logsOf(receipt, rc, 'RewardsClaimed').map((l) => [l.token, l.claimedAmount, l.earner, l.recipient]);
    expect(claimed).toHaveLength(2);
    expect(claimed).toEqual(
      expect.arrayContaining([
        [eigenToken, parseEther('100'), user.address, user.address],
        [avsaToken, parseEther('50'), user.address, user.address],
      ]),
    );
    expect(await balance(eigenToken, user.address)).toBe(parseEther('100'));
    expect(await balance(avsaToken, user.address)).toBe(parseEther('50'));
    expect(await read(rc, 'cumulativeClaimed', [user.address, eigenToken])).toBe(parseEther('100'));
    await expectRevert(read(rc, 'processClaim', [buildClaim(tree1, 0, user.address), user.address]), 'EarningsNotGreaterThanClaimed');
  });

  it('after setClaimerFor only the claimer may claim, and claimed amounts stay keyed by earner', async () => {
    await send(rc.connect(keeper) as Contract, 'setClaimerFor', [user.address]);
    expect(await read(rc, 'claimerFor', [keeper.address])).toBe(user.address);
    const claim = buildClaim(tree1, 0, keeper.address);
    await expectRevert(read(rc.connect(keeper) as Contract, 'processClaim', [claim, keeper.address]), 'UnauthorizedCaller');
    await send(rc, 'processClaim', [claim, user.address]);
    expect(await balance(eigenToken, user.address)).toBe(parseEther('130'));
    expect(await read(rc, 'cumulativeClaimed', [keeper.address, eigenToken])).toBe(parseEther('30'));
    expect(await read(rc, 'cumulativeClaimed', [user.address, eigenToken])).toBe(parseEther('100'));
  });

  it('a later root with higher cumulative earnings pays only the difference', async () => {
    const tree2 = await submit({
      [user.address]: { [eigenToken]: parseEther('160'), [avsaToken]: parseEther('50') },
      [keeper.address]: { [eigenToken]: parseEther('30') },
      [opAlpha]: { [avsaToken]: parseEther('5') },
    });
    expect(await read(rc, 'getDistributionRootsLength')).toBe(2n);
    await advanceTime(ACTIVATION_SECONDS + 1);
    // AVSA's cumulative total did not grow: claiming it too would revert the whole claim.
    await expectRevert(read(rc, 'processClaim', [buildClaim(tree2, 1, user.address), user.address]), 'EarningsNotGreaterThanClaimed');
    await send(rc, 'processClaim', [buildClaim(tree2, 1, user.address, [eigenToken]), user.address]);
    expect(await balance(eigenToken, user.address)).toBe(parseEther('190'));
    expect(await read(rc, 'cumulativeClaimed', [user.address, eigenToken])).toBe(parseEther('160'));
    await expectRevert(read(rc, 'processClaim', [buildClaim(tree1, 0, user.address, [eigenToken]), user.address]), 'EarningsNotGreaterThanClaimed');
  });
});

describe('Multicall3', () => {
  it('aggregate3 reports a failing call that is allowed to fail and reverts when it is not', async () => {
    const mc = at('Multicall3', MULTICALL3_ADDRESS);
    const calls = [
      { target: eigen.strategyManager, allowFailure: false, callData: sm.interface.encodeFunctionData('strategyIsWhitelistedForDeposit', [weethStrategy]) },
      { target: eigen.rewardsCoordinator, allowFailure: true, callData: rc.interface.encodeFunctionData('getRootIndexFromHash', [ZeroHash]) },
      { target: MULTICALL3_ADDRESS, allowFailure: false, callData: mc.interface.encodeFunctionData('getChainId') },
    ];
    const results = await read<{ success: boolean; returnData: string }[]>(mc, 'aggregate3', [calls]);
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(sm.interface.decodeFunctionResult('strategyIsWhitelistedForDeposit', results[0]?.returnData ?? '0x')[0]).toBe(true);
    expect(results[1]?.returnData.slice(0, 10)).toBe(id('InvalidRoot()').slice(0, 10));
    expect(BigInt(results[2]?.returnData ?? '0x')).toBe(31337n);
    const strict = calls.map((c) => ({ ...c, allowFailure: false }));
    await expect(read(mc, 'aggregate3', [strict])).rejects.toThrow(/Multicall3: call failed/);
    const [blockNumber] = await read<[bigint, string[]]>(mc, 'aggregate', [[{ target: MULTICALL3_ADDRESS, callData: mc.interface.encodeFunctionData('getBlockNumber') }]]);
    expect(blockNumber).toBe(BigInt((await latestBlock()).number));
    expect(await read(mc, 'getEthBalance', [user.address])).toBe(await provider.getBalance(user.address));
    expect(await read(mc, 'getCurrentBlockTimestamp')).toBe(BigInt((await latestBlock()).timestamp));
    const tried = await read<{ success: boolean }[]>(mc, 'tryAggregate', [false, calls.map((c) => ({ target: c.target, callData: c.callData }))]);
    expect(tried.map((r) => r.success)).toEqual([true, false, true]);
  });
});

describe('simulator controls', () => {
  it('sorts slash strategies, converts fractions to WAD and refuses out-of-range input', () => {
    const low = '0x0000000000000000000000000000000000000001';
    const high = '0x00000000000000000000000000000000000000ff';
    const tx = encodeSlash({ allocationManager: low, avs: low, operator: high, operatorSetId: 2, strategies: [high, low, high], wad: WAD });
    const decoded = new Interface(['function slashOperator(address,(address,uint32,address[],uint256[],string))']).decodeFunctionData('slashOperator', tx.data);
    const params = decoded[1] as Result;
    expect([...(params[2] as Result)].map((a) => String(a).toLowerCase())).toEqual([low, high]);
    expect([...(params[3] as Result)]).toEqual([WAD, WAD]);
    expect(wadFromFraction(0.1)).toBe(WAD / 10n);
    expect(wadFromFraction(1)).toBe(WAD);
    expect(() => wadFromFraction(0)).toThrow(InputError);
    expect(() => encodeSlash({ allocationManager: low, avs: low, operator: high, operatorSetId: 0, strategies: [low], wad: WAD + 1n })).toThrow(InputError);
    expect(() => encodeSubmitRoot(low, ZeroHash, 2 ** 32)).toThrow(InputError);
  });
});
