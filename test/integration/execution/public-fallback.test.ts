/**
 * The public-mempool fallback against the relay emulator: its `/rpc` is the public node and
 * mines its own mempool after the bundles of each block, so a relay that never includes
 * (inclusionProbability 0) leaves the fallback as the only way in. Checked from the chain:
 * the one transaction with the bundles' nonce, the intent's route, and that recovery after a
 * crash resolves a recorded public attempt without ever sending it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction, parseEther } from 'ethers';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { vaultBackend } from '../../../src/execution/backend.ts';
import type { Executor, ExecutorSettings } from '../../../src/execution/executor.ts';
import type { IntentAttempt } from '../../../src/state/intents.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { depositWeEth, dexSell } from './actions.ts';

let h: ExecHarness;
let vault: string;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  vault = d.vaults.main.address;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
});

afterAll(async () => {
  h?.world.relay.setKnobs({ inclusionProbability: 1 });
  await h?.stop();
});

const publicReceived = (): number => h.world.relay.stats().publicTxs.received;
const bundlesReceived = (): number => h.world.relay.stats().bundles.received;
const keeperNonce = (): Promise<number> => h.provider.getTransactionCount(h.keeper.address, 'latest');

async function vaultExecutor(settings: Partial<ExecutorSettings>, extra: Parameters<ExecHarness['executor']>[0] = {}): Promise<Executor> {
  return h.executor({ backend: vaultBackend(vault), ...extra, settings: { vault: 'test-vault', ...settings } });
}

describe('public mempool fallback', () => {
  it('vault backend, relay never includes: the single execute lands through the public mempool with the bundles\' nonce', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const weEth = h.world.deployment.lrts.weETH.token;
      const before = await h.balance(weEth, vault);
      const nonce = await keeperNonce();
      const sentPublicly = publicReceived();
      const action = await depositWeEth(h, parseEther('2'));
      const executor = await vaultExecutor({ allowPublicMempool: true });
      const result = await h.mining(executor.execute(planOf([action], await h.provider.getBlockNumber())));

      expect(result.status, result.reason).toBe('included');
      expect(result.route).toBe('public');
      expect(result.txCount).toBe(1);
      expect(result.targetBlocks).toHaveLength(3);
      expect(result.inclusionBlock).toBeGreaterThan(result.targetBlocks[2]!);
      expect(result.postChecks?.every((c) => c.ok)).toBe(true);

      const intent = await h.intents.get(result.planId);
      expect(intent?.status).toBe('included');
      expect(intent?.attempts.map((a) => a.route ?? 'bundle')).toEqual(['bundle', 'bundle', 'bundle', 'public']);
      const publicAttempt = intent!.attempts[3]!;
      expect(publicAttempt.sentTo).toEqual([{ relay: 'public-mempool', outcome: 'accepted' }]);
      expect(intent?.inclusion?.txHashes).toEqual(publicAttempt.txHashes);
      // None of the bundle attempts is on chain; the one transaction with the nonce is the public one.
      for (const a of intent!.attempts.slice(0, 3)) expect(await h.provider.getTransactionReceipt(a.txHashes[0]!)).toBeNull();
      const tx = await h.provider.getTransaction(publicAttempt.txHashes[0]!);
      expect(tx?.nonce).toBe(nonce);
      expect(intent?.nonces).toEqual([nonce]);
      expect(tx?.to?.toLowerCase()).toBe(vault.toLowerCase());
      expect(await keeperNonce()).toBe(nonce + 1);
      expect(publicReceived() - sentPublicly).toBe(1);
      expect((await h.balance(weEth, vault)) - before).toBeGreaterThanOrEqual(action.minLrt);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });

  it('vault backend with no relay configured: straight to the public mempool', async () => {
    const nonce = await keeperNonce();
    const bundles = bundlesReceived();
    const executor = await vaultExecutor({ allowPublicMempool: true }, { relays: [] });
    const result = await h.mining(executor.execute(planOf([await depositWeEth(h, parseEther('1'))], await h.provider.getBlockNumber())));
    expect(result.status, result.reason).toBe('included');
    expect(result.route).toBe('public');
    expect(result.targetBlocks).toEqual([]);
    expect(result.simulatedVia).toBe('eth_simulateV1');
    const intent = await h.intents.get(result.planId);
    expect(intent?.attempts.map((a) => a.route)).toEqual(['public']);
    expect(await keeperNonce()).toBe(nonce + 1);
    expect(bundlesReceived()).toBe(bundles);
  });

  it('with allowPublicMempool false the plan expires as before and nothing goes public', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const nonce = await keeperNonce();
      const sentPublicly = publicReceived();
      const executor = await vaultExecutor({ allowPublicMempool: false });
      const result = await h.mining(executor.execute(planOf([await depositWeEth(h, parseEther('1'))], await h.provider.getBlockNumber())));
      expect(result.status).toBe('expired');
      expect(result.reason).toBe(`not included in blocks ${result.targetBlocks.join(', ')}`);
      expect(result.route).toBeUndefined();
      const intent = await h.intents.get(result.planId);
      expect(intent?.status).toBe('expired');
      expect(intent?.attempts).toHaveLength(3);
      expect(intent?.attempts.some((a) => a.route === 'public')).toBe(false);
      expect(publicReceived()).toBe(sentPublicly);
      expect(await keeperNonce()).toBe(nonce);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });

  it('an eoa plan of two transactions is never sent publicly: not atomic', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const nonce = await keeperNonce();
      const sentPublicly = publicReceived();
      const executor = await h.executor({ settings: { allowPublicMempool: true } });
      const result = await h.mining(executor.execute(planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber())));
      expect(result.status).toBe('expired');
      expect(result.txCount).toBe(2);
      expect(result.reason).toBe(
        `not included in blocks ${result.targetBlocks.join(', ')}; no public mempool fallback: the plan has 2 transactions, which are not atomic in the public mempool (the first could land without the rest); only single-transaction plans fall back`,
      );
      expect((await h.intents.get(result.planId))?.status).toBe('expired');
      expect(publicReceived()).toBe(sentPublicly);
      expect(await keeperNonce()).toBe(nonce);

      // Without a relay it is refused before anything is signed.
      const bundles = bundlesReceived();
      const alone = await h.executor({ relays: [], settings: { allowPublicMempool: true } });
      const refused = await alone.execute(planOf([await dexSell(h, 'ezETH', parseEther('2'))], await h.provider.getBlockNumber()));
      expect(refused.status).toBe('refused');
      expect(refused.reason).toMatch(/^no relay configured; no public mempool fallback: the plan has 2 transactions, which are not atomic/);
      const intent = await h.intents.get(refused.planId);
      expect(intent?.status).toBe('failed');
      expect(intent?.attempts).toEqual([]);
      expect(publicReceived()).toBe(sentPublicly);
      expect(bundlesReceived()).toBe(bundles);
      expect(await keeperNonce()).toBe(nonce);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });
});

describe('crash with a recorded public attempt', () => {
  const crashOnPublic = { afterSend: (a: IntentAttempt) => { if (a.route === 'public') throw new Error('simulated crash after the public send'); } };

  it('a fresh executor finds the public transaction on chain and never sends it again', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const plan = planOf([await depositWeEth(h, parseEther('1'))], await h.provider.getBlockNumber());
      const nonce = await keeperNonce();
      const first = await vaultExecutor({ allowPublicMempool: true }, { hooks: crashOnPublic });
      await expect(h.mining(first.execute(plan))).rejects.toThrow(/simulated crash after the public send/);
      const [open] = await h.intents.open();
      expect(open?.status).toBe('sent');
      expect(open?.attempts.at(-1)?.route).toBe('public');
      const sentPublicly = publicReceived();

      const fresh = await vaultExecutor({ allowPublicMempool: true });
      const resolved = await h.mining(fresh.recover({ wait: true }));
      expect(resolved).toEqual([{ planId: open!.planId, status: 'included' }]);
      const intent = await h.intents.get(open!.planId);
      expect(intent?.inclusion?.txHashes).toEqual(open!.attempts.at(-1)!.txHashes);
      expect(await keeperNonce()).toBe(nonce + 1);
      expect(publicReceived()).toBe(sentPublicly);

      expect((await fresh.execute(plan)).status).toBe('duplicate');
      expect(publicReceived()).toBe(sentPublicly);
      expect(await keeperNonce()).toBe(nonce + 1);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });

  /** An open intent whose last attempt is a public transaction signed with the keeper's next nonce. */
  async function recordedPublicAttempt(planId: string, raw: string, status: 'signed' | 'sent', lastBlock: number, nonce: number): Promise<string> {
    const hash = Transaction.from(raw).hash!.toLowerCase();
    const now = Math.floor(Date.now() / 1000);
    const attempt: IntentAttempt = {
      route: 'public', targetBlock: lastBlock, txHashes: [hash], maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signedAt: now,
      sentTo: status === 'sent' ? [{ relay: 'public-mempool', outcome: 'accepted' }] : [],
    };
    const created = await h.intents.create({
      planId, vault: 'test-vault', chainId: h.targets.chainId, from: h.keeper.address, holder: vault, backend: 'vault', planBlock: lastBlock - 2, planHash: planId,
      planKind: 'rebalance', actions: [], status, nonces: [nonce], attempts: [attempt], createdAt: now, updatedAt: now,
    });
    expect(created).toBe(true);
    return hash;
  }

  it('signed and recorded but never sent: recovery expires it after its last block and sends nothing', async () => {
    const nonce = await keeperNonce();
    const head = await h.provider.getBlockNumber();
    const raw = await h.keeper.signTransaction({
      type: 2, chainId: h.targets.chainId, nonce, to: h.keeper.address, value: 0n, gasLimit: 21_000n, maxFeePerGas: parseEther('0.0000002'), maxPriorityFeePerGas: 2_000_000_000n,
    });
    const hash = await recordedPublicAttempt('test-vault:never-sent', raw, 'signed', head + 2, nonce);
    const sentPublicly = publicReceived();
    const fresh = await vaultExecutor({ allowPublicMempool: true, blockWaitTimeoutMs: 300 });
    expect(await fresh.recover({ wait: false })).toEqual([{ planId: 'test-vault:never-sent', status: 'signed', reason: `pending until block ${head + 2}` }]);
    await h.world.mine(2);
    expect(await fresh.recover({ wait: false })).toEqual([{ planId: 'test-vault:never-sent', status: 'expired', reason: `not included by its last target block ${head + 2}` }]);
    expect(await h.provider.getTransaction(hash)).toBeNull();
    expect(publicReceived()).toBe(sentPublicly);
    expect(await keeperNonce()).toBe(nonce);
  });

  it('sent but still waiting in the mempool past its last block: stays open (it may land) until its nonce is used', async () => {
    const nonce = await keeperNonce();
    const head = await h.provider.getBlockNumber();
    // A fee cap of 1 wei: below the base fee, so the node keeps it waiting and never mines it.
    const raw = await h.keeper.signTransaction({ type: 2, chainId: h.targets.chainId, nonce, to: h.keeper.address, value: 0n, gasLimit: 21_000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
    await h.provider.send('eth_sendRawTransaction', [raw]);
    await recordedPublicAttempt('test-vault:waiting', raw, 'sent', head + 1, nonce);
    await h.world.mine(2);
    expect(await keeperNonce()).toBe(nonce);
    const sentPublicly = publicReceived();

    const fresh = await vaultExecutor({ allowPublicMempool: true, blockWaitTimeoutMs: 300 });
    expect(await fresh.recover({ wait: false })).toEqual([{ planId: 'test-vault:waiting', status: 'sent', reason: `public transaction with nonce ${nonce} still waiting in the mempool` }]);
    const blocked = await fresh.execute(planOf([await depositWeEth(h, parseEther('1'))], await h.provider.getBlockNumber()));
    expect(blocked.status).toBe('blocked');
    expect(publicReceived()).toBe(sentPublicly);

    // Another transaction takes the nonce (a replacement with higher fees): the intent can no longer land.
    await h.keeper.sendTransaction({ nonce, to: h.keeper.address, value: 0n, gasLimit: 21_000n, maxFeePerGas: parseEther('0.0000002'), maxPriorityFeePerGas: 2_000_000_000n });
    await h.world.mine(1);
    expect(await keeperNonce()).toBe(nonce + 1);
    expect(await fresh.recover({ wait: false })).toEqual([
      { planId: 'test-vault:waiting', status: 'failed', reason: `nonce ${nonce} was used by another transaction; the bundle can no longer land` },
    ]);
    expect(await h.intents.open()).toEqual([]);
  });
});
