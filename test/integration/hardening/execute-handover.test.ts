/**
 * Issue 13 item 2: the node answers garbage right after the bundle went out. The executor's
 * next chain read throws; the execute job must not fail (the bundle may still land) but hand
 * the plan to confirmation, which learns from the chain that it landed. A real devnet world
 * (relay emulator includes the bundle in its target block) and a real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeError, parseEther, type JsonRpcProvider } from 'ethers';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { handOverToConfirmation } from '../../../src/queue/execution-handover.ts';
import { startExecHarness, planOf, type ExecHarness } from '../execution/harness.ts';
import { dexSell } from '../execution/actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
});

afterAll(async () => {
  await h?.stop();
});

/** The harness's provider, except that once armed its next nonce read answers a non-JSON body. */
function flakyAfterSend(provider: JsonRpcProvider): { provider: JsonRpcProvider; arm(): void } {
  let armed = false;
  const proxy = new Proxy(provider, {
    get(target, prop, receiver) {
      if (prop === 'getTransactionCount' && armed) {
        armed = false;
        return () => Promise.reject(makeError('response body is not valid JSON', 'UNSUPPORTED_OPERATION', { operation: 'bodyJson' }));
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { provider: proxy, arm: () => (armed = true) };
}

describe('a malformed answer right after "bundle sent"', () => {
  it('hands the plan to confirmation as pending, and confirmation finds it included', async () => {
    const plan = planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber());
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const flaky = flakyAfterSend(h.provider);
    const executor = await h.executor({ provider: flaky.provider, hooks: { afterSend: () => flaky.arm() } });
    const err = await h.mining(executor.execute(plan).then(() => undefined, (e: unknown) => e));
    expect(err).toMatchObject({ code: 'UNSUPPORTED_OPERATION' });

    const [open] = await h.intents.open();
    const handed = await handOverToConfirmation(h.intents, open!.planId, err);
    expect(handed).toMatchObject({ planId: open!.planId, status: 'pending', targetBlocks: [open!.attempts[0]!.targetBlock] });
    expect(handed?.reason).toMatch(/after a bundle was sent \(response body is not valid JSON/);

    const resolved = await h.mining((await h.executor()).recover({ wait: true }));
    expect(resolved).toEqual([{ planId: open!.planId, status: 'included' }]);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce + 2);
  });

  it('leaves the error standing when nothing was signed', async () => {
    expect(await handOverToConfirmation(h.intents, 'never-created', new Error('x'))).toBeUndefined();
  });
});
