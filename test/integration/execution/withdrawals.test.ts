/**
 * Restake through the executor (mint rsETH, delegate, deposit into the strategy), queue an
 * EigenLayer withdrawal, and complete it in the first block the contract allows: not one
 * block earlier, tracked in Redis so a fresh store instance (a restart) still knows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import type { Action } from '../../../src/domain/plan.ts';
import { divWad, subtractBps } from '../../../src/domain/units.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { createWithdrawalStore, isDue } from '../../../src/state/withdrawals.ts';
import { completionPlan, dueCompletions } from '../../../src/execution/withdrawal-lifecycle.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';

const DELAY = 6;
let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness({ minWithdrawalDelayBlocks: DELAY });
  await h.keeperSends({ ...encodeWrapEth(h.world.deployment.weth, parseEther('10')) });
});

afterAll(async () => {
  await h?.stop();
});

describe('EigenLayer withdrawal lifecycle', () => {
  it('restakes, queues, and completes exactly in the first allowed block', async () => {
    const d = h.world.deployment;
    const strategy = d.eigenlayer.strategies.rsETH!;
    const price = (await new Contract(d.lrts.rsETH.contracts.oracle, ['function rsETHPrice() view returns (uint256)'], h.provider).getFunction('rsETHPrice')()) as bigint;
    const amountWei = parseEther('4');
    const expectedLrt = divWad(amountWei, price);
    const restake: Action[] = [
      { kind: 'deposit-lrt', positionId: 'rsETH-restaked', amountWei, expectedLrt, minLrt: subtractBps(expectedLrt, 30), gas: 200_000, why: 'mint rsETH' },
      { kind: 'delegate', operator: d.eigenlayer.operators[0]!.address as `0x${string}`, gas: 150_000, why: 'delegate' },
      { kind: 'eigen-deposit', positionId: 'rsETH-restaked', strategy: strategy as `0x${string}`, amountLrt: expectedLrt, gas: 200_000, why: 'restake' },
    ];
    const step = { afterSend: async () => void (await h.world.mine(1)) };
    const executor = await h.executor({ hooks: step });
    const restaked = await executor.execute(planOf(restake, await h.provider.getBlockNumber()));
    expect(restaked.status, restaked.reason).toBe('included');
    expect(restaked.calls).toEqual(['unwrap WETH for deposit', 'mint rsETH', 'delegate to ' + d.eigenlayer.operators[0]!.address, 'approve rsETH → StrategyManager', 'restake rsETH']);
    console.info(`GAS restake bundle (eoa, 5 txs): ${restaked.gasUsed}`);

    const sm = new Contract(d.eigenlayer.strategyManager, ['function stakerDepositShares(address, address) view returns (uint256)'], h.provider);
    const shares = (await sm.getFunction('stakerDepositShares')(h.keeper.address, strategy)) as bigint;
    expect(shares).toBeGreaterThan(0n);
    const queue: Action = {
      kind: 'eigen-queue-withdrawal', positionId: 'rsETH-restaked', strategy: strategy as `0x${string}`, depositShares: shares, underlyingLrt: shares, valueWei: 0n,
      delaySeconds: DELAY * 12, costWei: 0n, gas: 250_000, why: 'leave EigenLayer',
    };
    const queued = await executor.execute(planOf([queue], await h.provider.getBlockNumber()));
    expect(queued.status, queued.reason).toBe('included');

    // A restart: a fresh store over the same Redis keys still knows the withdrawal.
    const store = createWithdrawalStore(h.redis, h.prefix);
    const [record] = await store.open();
    expect(record?.kind).toBe('eigen');
    expect(record?.completableAtBlock).toBe(queued.inclusionBlock! + DELAY + 1);
    if (record?.kind !== 'eigen') throw new Error('unreachable');
    expect(record.withdrawal.startBlock).toBe(queued.inclusionBlock);

    // Walk up to the block before the first allowed one: never due.
    while ((await h.provider.getBlockNumber()) + 1 < record.completableAtBlock! - 0) {
      const next = (await h.provider.getBlockNumber()) + 1;
      expect(isDue(record, next, 0)).toBe(false);
      expect(await dueCompletions(store, next, 0)).toEqual([]);
      if (next === record.completableAtBlock! - 1) break;
      await h.world.mine(1);
    }
    // Forced one block early (target = startBlock + delay): the simulation refuses, nothing is sent.
    const head = await h.provider.getBlockNumber();
    expect(head + 1).toBe(record.completableAtBlock! - 1);
    const early = completionPlan([{ kind: 'complete-withdrawal', withdrawalId: record.id, positionId: record.positionId, expectedWei: 0n, gas: 250_000, why: 'forced early' }], head, 0, 0n);
    const refused = await executor.execute(early);
    expect(refused.status).toBe('refused');
    expect(refused.reason).toMatch(/complete EigenLayer withdrawal .* failed/);

    await h.world.mine(1);
    const next = (await h.provider.getBlockNumber()) + 1;
    expect(next).toBe(record.completableAtBlock);
    const due = await dueCompletions(store, next, 0);
    expect(due.map((a) => a.withdrawalId)).toEqual([record.id]);
    const rsBefore = await h.balance(d.lrts.rsETH.token);
    const completed = await executor.execute(completionPlan(due, next - 1, 0, 0n));
    expect(completed.status, completed.reason).toBe('included');
    expect(completed.inclusionBlock).toBe(record.completableAtBlock);
    expect(await h.balance(d.lrts.rsETH.token)).toBeGreaterThan(rsBefore);
    expect((await store.get(record.id))?.status).toBe('completed');
    expect(await store.open()).toEqual([]);
  });
});
