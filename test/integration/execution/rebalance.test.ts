/**
 * The eoa backend moving a position out of a worse LRT into a better one through one bundle,
 * and the same rebalance as separate transactions, for the gas comparison in the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'ethers';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { dexSell, depositWeEth } from './actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('20'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('5')) });
});

afterAll(async () => {
  await h?.stop();
});

describe('eoa rebalance', () => {
  it('sells ezETH on the DEX and mints weETH in one bundle, included and matching the plan', async () => {
    const d = h.world.deployment;
    const ezBefore = await h.balance(d.lrts.ezETH.token);
    const weBefore = await h.balance(d.lrts.weETH.token);
    const sell = await dexSell(h, 'ezETH', parseEther('4'));
    const deposit = await depositWeEth(h, sell.expectedOutWei);
    const head = await h.provider.getBlockNumber();
    const executor = await h.executor();
    const result = await h.mining(executor.execute(planOf([sell, deposit], head)));
    expect(result.status, result.reason).toBe('included');
    expect(result.calls).toEqual(['approve ezETH → router', 'sell ezETH on Uniswap V2', 'unwrap WETH for deposit', 'mint weETH']);
    expect(result.simulatedVia).toBe('relay:devnet-relay');
    // The next block is the first target (one block later when a busy machine let one pass while planning).
    expect(result.targetBlocks[0]).toBeGreaterThan(head);
    expect(result.targetBlocks[0]).toBeLessThanOrEqual(head + 2);
    expect(result.inclusionBlock).toBeGreaterThan(head);
    expect(await h.balance(d.lrts.ezETH.token)).toBe(ezBefore - parseEther('4'));
    const minted = (await h.balance(d.lrts.weETH.token)) - weBefore;
    expect(minted).toBeGreaterThanOrEqual(deposit.minLrt);
    expect(result.postChecks?.every((c) => c.ok)).toBe(true);
    const intent = await h.intents.get(result.planId);
    expect(intent?.status).toBe('included');
    expect(intent?.inclusion?.block).toBe(result.inclusionBlock);
    console.info(`GAS rebalance bundle (eoa, 4 txs): ${result.gasUsed}`);
  });

  it('the same plan decided again is a duplicate and sends nothing', async () => {
    const sell = await dexSell(h, 'ezETH', parseEther('1'));
    const head = await h.provider.getBlockNumber();
    const plan = planOf([sell], head);
    const executor = await h.executor();
    const first = await h.mining(executor.execute(plan));
    expect(first.status).toBe('included');
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const again = await executor.execute(plan);
    expect(again.status).toBe('duplicate');
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
  });
});
