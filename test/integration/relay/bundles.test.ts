/**
 * The relay emulator against the published Flashbots client: simulation, inclusion,
 * all-or-nothing bundles, ordering against the public mempool, cancellation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashbotsBundleResolution } from '@flashbots/ethers-provider-bundle';
import { Transaction, parseEther } from 'ethers';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { REVERTER, SINK, blockTxs, mineUntilSettled, startRelayHarness, type RelayHarness } from './harness.ts';

let h: RelayHarness;

beforeAll(async () => {
  h = await startRelayHarness();
});

afterAll(async () => {
  await h?.stop();
});

const hashOf = (raw: string): string => Transaction.from(raw).hash!.toLowerCase();

describe('eth_callBundle through FlashbotsBundleProvider.simulate', () => {
  it('reports gas and return data for a good bundle without changing the chain', async () => {
    const head = await h.head();
    const nonce = await h.nonceOf('keeper');
    const txs = [await h.sign('keeper', nonce), await h.sign('keeper', nonce + 1)];
    const sim = await h.flashbots.simulate(txs, head + 1);
    if ('error' in sim) throw new Error(`simulation failed: ${sim.error.message}`);
    expect(sim.firstRevert).toBeUndefined();
    expect(sim.results.map((r) => r.txHash)).toEqual(txs.map(hashOf));
    expect(sim.results.map((r) => r.gasUsed)).toEqual([21_000, 21_000]);
    expect(sim.totalGasUsed).toBe(42_000);
    expect(sim.stateBlockNumber).toBe(head);
    expect(sim.results[0]).toMatchObject({ value: '0x', fromAddress: h.wallet('keeper').address, toAddress: '0x000000000000000000000000000000000000dEaD' });
    // Fees are decimal strings in the Flashbots shape; the client turns the totals into bigints.
    expect(sim.gasFees).toBe(BigInt(sim.results[0]!.gasFees) + BigInt(sim.results[1]!.gasFees));
    expect(sim.coinbaseDiff).toBeGreaterThan(0n);
    expect(sim.bundleGasPrice).toBe(sim.coinbaseDiff / 42_000n);
    expect(await h.head()).toBe(head);
    expect(await h.nonceOf('keeper')).toBe(nonce);
  });

  it('marks the reverting transaction of a bundle', async () => {
    const head = await h.head();
    const nonce = await h.nonceOf('keeper');
    const txs = [await h.sign('keeper', nonce), await h.sign('keeper', nonce + 1, { to: REVERTER, value: 0n })];
    const sim = await h.flashbots.simulate(txs, head + 1);
    if ('error' in sim) throw new Error(`simulation failed: ${sim.error.message}`);
    expect(sim.firstRevert?.txHash).toBe(hashOf(txs[1]!));
    expect(sim.results[1]).toMatchObject({ error: 'execution reverted', revert: '0x' });
    expect(sim.results[0]).not.toHaveProperty('error');
    expect(await h.nonceOf('keeper')).toBe(nonce);
  });

  it('counts ETH paid to the coinbase by a contract (the way searchers tip builders)', async () => {
    // Runtime code that forwards msg.value to block.coinbase: CALL(gas, COINBASE, CALLVALUE, 0, 0, 0, 0).
    const tipper = '0x00000000000000000000000000000000000000bb';
    await rawRpc(h.anvil.rpcUrl, 'anvil_setCode', [tipper, '0x5f5f5f5f34415af100']);
    const tx = await h.sign('keeper', await h.nonceOf('keeper'), { to: tipper, value: 1_000_000n });
    const sim = await h.flashbots.simulate([tx], (await h.head()) + 1);
    if ('error' in sim) throw new Error(`simulation failed: ${sim.error.message}`);
    expect(sim.ethSentToCoinbase).toBe(1_000_000n);
    const result = sim.results[0]!;
    // The priority fee (2 gwei a gas, below the fee cap) goes to the coinbase on top of the payment.
    expect(BigInt(result.coinbaseDiff)).toBe(BigInt(result.gasUsed) * 2_000_000_000n + 1_000_000n);
    expect(result.gasFees).toBe((BigInt(result.gasUsed) * BigInt(result.gasPrice)).toString());
    expect(sim.coinbaseDiff).toBe(BigInt(result.coinbaseDiff));
  });

  it('simulates a few blocks ahead, at the requested timestamp, on an explicit state block', async () => {
    const latest = (await h.provider.getBlock('latest'))!;
    // Runtime code that returns block.number and block.timestamp as two words.
    const clock = '0x00000000000000000000000000000000000000cc';
    await rawRpc(h.anvil.rpcUrl, 'anvil_setCode', [clock, '0x435f52426020526040' + '5ff3']);
    const tx = await h.sign('keeper', await h.nonceOf('keeper'), { to: clock, value: 0n });
    const sim = await h.flashbots.simulate([tx], latest.number + 3, latest.number, latest.timestamp + 100);
    if ('error' in sim) throw new Error(`simulation failed: ${sim.error.message}`);
    const value = (sim.results[0] as { value: string }).value;
    expect(BigInt(`0x${value.slice(2, 66)}`)).toBe(BigInt(latest.number + 3));
    expect(BigInt(`0x${value.slice(66, 130)}`)).toBe(BigInt(latest.timestamp + 100));
    expect(await h.head()).toBe(latest.number);
    await expect(h.flashbots.simulate([tx], latest.number + 1, latest.number + 5)).rejects.toThrow(/latest state only/);
  });

  it('answers an unexecutable transaction with an err: message, as the relay does', async () => {
    const nonce = await h.nonceOf('keeper');
    const sim = await h.flashbots.simulate([await h.sign('keeper', nonce, { value: parseEther('100000000') })], (await h.head()) + 1);
    expect('error' in sim && sim.error.message).toMatch(/^err: Insufficient funds/);
  });
});

describe('eth_sendBundle and block production', () => {
  it('includes a bundle in its target block, in order, and wait() says BundleIncluded', async () => {
    const target = (await h.head()) + 1;
    const nonce = await h.nonceOf('keeper');
    const txs = [await h.sign('keeper', nonce), await h.sign('keeper', nonce + 1), await h.sign('keeper', nonce + 2)];
    const sent = await h.flashbots.sendRawBundle(txs, target);
    if ('error' in sent) throw new Error(sent.error.message);
    expect(sent.bundleHash).toMatch(/^0x[0-9a-f]{64}$/);
    const resolution = await mineUntilSettled(h.relay, sent.wait());
    expect(resolution).toBe(FlashbotsBundleResolution.BundleIncluded);
    expect(await blockTxs(h, target)).toEqual(txs.map(hashOf));
    const receipts = await sent.receipts();
    expect(receipts.map((r) => r.blockNumber)).toEqual([target, target, target]);
    expect(receipts.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('with inclusion probability 0 the block passes without the bundle', async () => {
    h.relay.setKnobs({ inclusionProbability: 0 });
    try {
      const target = (await h.head()) + 1;
      const nonce = await h.nonceOf('keeper');
      const sent = await h.flashbots.sendRawBundle([await h.sign('keeper', nonce)], target);
      if ('error' in sent) throw new Error(sent.error.message);
      expect(await mineUntilSettled(h.relay, sent.wait())).toBe(FlashbotsBundleResolution.BlockPassedWithoutInclusion);
      expect(await blockTxs(h, target)).toEqual([]);
      expect(await h.nonceOf('keeper')).toBe(nonce);
      expect(h.relay.stats().recent.at(-1)).toMatchObject({ bundleHash: sent.bundleHash, outcome: 'not-selected' });
    } finally {
      h.relay.setKnobs({ inclusionProbability: 1 });
    }
  });

  it('lands nothing of a bundle whose transaction reverts outside revertingTxHashes', async () => {
    const keeper = h.wallet('keeper').address;
    const user = h.wallet('user').address;
    const nonce = await h.nonceOf('keeper');
    const balances = async (): Promise<bigint[]> => [await h.provider.getBalance(keeper), await h.provider.getBalance(user)];
    const before = await balances();
    const pay = await h.sign('keeper', nonce, { to: user, value: parseEther('1') });
    const fail = await h.sign('keeper', nonce + 1, { to: REVERTER, value: 0n });
    const target = (await h.head()) + 1;
    const sent = await h.flashbots.sendRawBundle([pay, fail], target);
    if ('error' in sent) throw new Error(sent.error.message);
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([]);
    expect(await h.nonceOf('keeper')).toBe(nonce);
    expect(await balances()).toEqual(before);
    expect(h.relay.stats().recent.at(-1)).toMatchObject({ bundleHash: sent.bundleHash, outcome: 'reverted' });
  });

  it('lands the same bundle when the failing hash is in revertingTxHashes', async () => {
    const user = h.wallet('user').address;
    const nonce = await h.nonceOf('keeper');
    const userBefore = await h.provider.getBalance(user);
    const pay = await h.sign('keeper', nonce, { to: user, value: parseEther('1') });
    const fail = await h.sign('keeper', nonce + 1, { to: REVERTER, value: 0n });
    const target = (await h.head()) + 1;
    const sent = await h.flashbots.sendRawBundle([pay, fail], target, { revertingTxHashes: [hashOf(fail)] });
    if ('error' in sent) throw new Error(sent.error.message);
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([hashOf(pay), hashOf(fail)]);
    const receipts = await sent.receipts();
    expect(receipts.map((r) => r.status)).toEqual([1, 0]);
    expect(await h.provider.getBalance(user)).toBe(userBefore + parseEther('1'));
    expect(await h.nonceOf('keeper')).toBe(nonce + 2);
  });

  it('a bundle with a nonce gap lands nothing', async () => {
    const nonce = await h.nonceOf('keeper');
    const target = (await h.head()) + 1;
    const sent = await h.flashbots.sendRawBundle([await h.sign('keeper', nonce + 1)], target);
    if ('error' in sent) throw new Error(sent.error.message);
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([]);
    expect(h.relay.stats().recent.at(-1)).toMatchObject({ outcome: 'not-mined' });
  });

  it('orders a block as market moves, then bundles, then public transactions', async () => {
    const target = (await h.head()) + 1;
    // A public transfer sent first, through the public endpoint: it waits in the emulator's mempool.
    const publicTx = await h.wallet('user').sendTransaction({ to: SINK, value: 5n });
    const anvilPool = (await rawRpc(h.anvil.rpcUrl, 'txpool_status', [])) as { pending: string };
    expect(Number(anvilPool.pending)).toBe(0);
    expect(await h.provider.getTransactionCount(h.wallet('user').address, 'pending')).toBe(publicTx.nonce + 1);
    const bundleTx = await h.sign('keeper', await h.nonceOf('keeper'));
    const sent = await h.flashbots.sendRawBundle([bundleTx], target);
    if ('error' in sent) throw new Error(sent.error.message);
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([hashOf(bundleTx), publicTx.hash.toLowerCase()]);
    const receipt = await publicTx.wait();
    expect(receipt?.blockNumber).toBe(target);
  });

  it('cancels a pending bundle by replacementUuid', async () => {
    const uuid = '2f1a6f4e-8a0e-4c5b-9b7e-0d4f4c1f2a3b';
    const target = (await h.head()) + 1;
    const nonce = await h.nonceOf('keeper');
    const sent = await h.flashbots.sendRawBundle([await h.sign('keeper', nonce)], target, { replacementUuid: uuid });
    if ('error' in sent) throw new Error(sent.error.message);
    const cancelled = await h.flashbots.cancelBundles(uuid);
    expect(cancelled).toEqual({ bundleHashes: [sent.bundleHash] });
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([]);
    expect(h.relay.stats().bundles.cancelled).toBe(1);
  });

  it('replaces an earlier bundle with the same replacementUuid', async () => {
    const uuid = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const target = (await h.head()) + 1;
    const nonce = await h.nonceOf('keeper');
    const first = await h.sign('keeper', nonce, { value: 1n });
    const second = await h.sign('keeper', nonce, { value: 2n });
    await h.flashbots.sendRawBundle([first], target, { replacementUuid: uuid });
    await h.flashbots.sendRawBundle([second], target, { replacementUuid: uuid });
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([hashOf(second)]);
    expect(h.relay.stats().bundles.replaced).toBe(1);
  });

  it('drops a bundle outside its timestamp window', async () => {
    const latest = await h.provider.getBlock('latest');
    const target = latest!.number + 1;
    const sent = await h.flashbots.sendRawBundle([await h.sign('keeper', await h.nonceOf('keeper'))], target, {
      maxTimestamp: latest!.timestamp + 1,
    });
    if ('error' in sent) throw new Error(sent.error.message);
    await h.relay.mineBlock();
    expect(await blockTxs(h, target)).toEqual([]);
    expect(h.relay.stats().recent.at(-1)).toMatchObject({ bundleHash: sent.bundleHash, outcome: 'timestamp' });
    const block = await h.provider.getBlock(target);
    expect(block!.timestamp).toBe(latest!.timestamp + 12);
  });
});
