/**
 * A crash between signing/sending and inclusion: the executor object is dropped right after
 * its bundle went out. A fresh executor resolves the intent from the chain (receipts, nonce)
 * before anything new, and nothing is ever sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'ethers';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { dexSell } from './actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
});

afterAll(async () => {
  await h?.stop();
});

const crash = { afterSend: () => { throw new Error('simulated crash after send'); } };

describe('crash between send and inclusion', () => {
  it('a fresh executor finds the landed bundle on chain; the plan is never sent again', async () => {
    const plan = planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber());
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const first = await h.executor({ hooks: crash });
    await expect(first.execute(plan)).rejects.toThrow(/simulated crash/);
    const [open] = await h.intents.open();
    expect(open?.status).toBe('sent');
    const received = h.world.relay.stats().bundles.received;

    const fresh = await h.executor();
    const resolved = await h.mining(fresh.recover({ wait: true }));
    expect(resolved).toEqual([{ planId: open!.planId, status: 'included' }]);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce + 2);
    expect((await h.intents.get(open!.planId))?.inclusion?.block).toBe(open!.attempts[0]!.targetBlock);

    const again = await fresh.execute(plan);
    expect(again.status).toBe('duplicate');
    expect(h.world.relay.stats().bundles.received).toBe(received);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce + 2);
  });

  it('a bundle that did not land is expired only after its last target block, and the nonce is untouched', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const plan = planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber());
      const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
      const first = await h.executor({ hooks: crash });
      await expect(first.execute(plan)).rejects.toThrow(/simulated crash/);
      const [open] = await h.intents.open();
      const target = open!.attempts[0]!.targetBlock;

      // Before the target block passes, a new plan is blocked: the old bundle may still land.
      const fresh = await h.executor({ settings: { blockWaitTimeoutMs: 300 } });
      const pending = await fresh.recover({ wait: false });
      expect(pending[0]?.status).toBe('sent');
      const blocked = await fresh.execute(planOf([await dexSell(h, 'ezETH', parseEther('2'))], await h.provider.getBlockNumber()));
      expect(blocked.status).toBe('blocked');

      await h.world.mine(1);
      expect(await h.provider.getBlockNumber()).toBe(target);
      const resolved = await fresh.recover({ wait: false });
      expect(resolved).toEqual([{ planId: open!.planId, status: 'expired', reason: `not included by its last target block ${target}` }]);
      expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
      expect(await h.intents.open()).toEqual([]);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });
});
