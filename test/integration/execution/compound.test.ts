/**
 * Compounding through one bundle: claim the restaked position's AVS rewards from the published
 * tree, sell them for WETH with a min-out, and deposit the proceeds per the target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import type { Action, SwapRewardAction } from '../../../src/domain/plan.ts';
import { divWad, mulDiv, subtractBps } from '../../../src/domain/units.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { claimFor } from '../../../src/execution/claims.ts';
import { compoundDeposits } from '../../../src/execution/compounding.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { dexOut, rateOf } from './actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness({ market: { rewardApr: { 'avs-a:0': 5 }, rootIntervalBlocks: 3 } });
  await h.keeperSends({ ...encodeWrapEth(h.world.deployment.weth, parseEther('20')) });
});

afterAll(async () => {
  await h?.stop();
});

describe('compound', () => {
  it('claims, swaps and reinvests in one bundle', async () => {
    const d = h.world.deployment;
    const step = { afterSend: async () => void (await h.world.mine(1)) };
    const executor = await h.executor({ hooks: step });
    const price = (await new Contract(d.lrts.rsETH.contracts.oracle, ['function rsETHPrice() view returns (uint256)'], h.provider).getFunction('rsETHPrice')()) as bigint;
    const amountWei = parseEther('10');
    const expectedLrt = divWad(amountWei, price);
    const restake: Action[] = [
      { kind: 'deposit-lrt', positionId: 'rsETH-restaked', amountWei, expectedLrt, minLrt: subtractBps(expectedLrt, 30), gas: 200_000, why: 'mint' },
      { kind: 'delegate', operator: d.eigenlayer.operators[0]!.address as `0x${string}`, gas: 150_000, why: 'delegate' },
      { kind: 'eigen-deposit', positionId: 'rsETH-restaked', strategy: d.eigenlayer.strategies.rsETH as `0x${string}`, amountLrt: expectedLrt, gas: 200_000, why: 'restake' },
    ];
    expect((await executor.execute(planOf(restake, await h.provider.getBlockNumber()))).status).toBe('included');
    // Roots every 3 blocks, claimable 60 s (5 blocks) after posting.
    await h.world.mine(12);

    const eigenToken = d.eigenlayer.rewardTokens.find((t) => t.symbol === 'EIGEN')!.address;
    const claim = await claimFor(h.provider, d.eigenlayer.rewardsCoordinator, devnetRewardsSource(d), h.keeper.address, [eigenToken]);
    const amountIn = claim.tokenLeaves[0]!.cumulativeEarnings;
    expect(amountIn).toBeGreaterThan(0n);
    const pair = new Contract(d.uniswap.pairs.EIGEN!, ['function getReserves() view returns (uint112, uint112, uint32)', 'function token0() view returns (address)'], h.provider);
    const [r0, r1] = (await pair.getFunction('getReserves')()) as [bigint, bigint];
    const tokenFirst = ((await pair.getFunction('token0')()) as string).toLowerCase() === eigenToken.toLowerCase();
    const fair = mulDiv(amountIn, tokenFirst ? r1 : r0, tokenFirst ? r0 : r1);
    const swap: SwapRewardAction = {
      kind: 'swap-reward', token: eigenToken as `0x${string}`, amountIn, fairValueWei: fair, expectedOutWei: await dexOut(h.provider, d.uniswap.router, eigenToken, d.weth, amountIn),
      minOutWei: subtractBps(fair, 100), slippageBps: 30, gas: 180_000, why: 'sell EIGEN',
    };
    const deposits = compoundDeposits([swap], [{ positionId: 'weETH', weightBps: 10_000, rateWad: await rateOf(h, 'weETH') }], 60, 0n);
    const plan = planOf([{ kind: 'claim-rewards', tokens: [swap.token], amounts: [amountIn], gas: 300_000, why: 'claim' }, swap, ...deposits], await h.provider.getBlockNumber(), 'compound');
    const weBefore = await h.balance(d.lrts.weETH.token);
    const result = await executor.execute(plan);
    expect(result.status, result.reason).toBe('included');
    expect(result.calls).toEqual(['claim 1 reward token(s)', 'approve reward → router', `swap reward ${eigenToken} → WETH`, 'unwrap WETH for deposit', 'mint weETH']);
    expect(await h.balance(eigenToken)).toBe(0n);
    expect((await h.balance(d.lrts.weETH.token)) - weBefore).toBeGreaterThanOrEqual(deposits[0]!.minLrt);
    expect(result.postChecks?.every((c) => c.ok)).toBe(true);
    console.info(`GAS compound bundle (eoa, 5 txs): ${result.gasUsed}`);
  });
});
