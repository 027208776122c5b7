/**
 * Block production: market moves open the block, the inclusion delay, a bundle made stale by
 * a public transaction (AccountNonceTooHigh), the block timer, and a clean stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashbotsBundleResolution } from '@flashbots/ethers-provider-bundle';
import { Transaction } from 'ethers';
import { blockTxs, mineUntilSettled, startRelayHarness, type RelayHarness } from './harness.ts';

let h: RelayHarness;
/** Market moves the next block will open with (set by a test, consumed by beforeBlock). */
let marketMoves: (next: number) => Promise<string[]> = async () => [];
const blocksAskedFor: number[] = [];

beforeAll(async () => {
  h = await startRelayHarness({
    beforeBlock: async (next) => {
      blocksAskedFor.push(next);
      return marketMoves(next);
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

const hashOf = (raw: string): string => Transaction.from(raw).hash!.toLowerCase();

describe('block production', () => {
  it('opens the block with the market moves, then the bundle, then the public mempool', async () => {
    const target = (await h.head()) + 1;
    // The market simulator reads its nonce through the public endpoint while the block is
    // being prepared: this must not deadlock against block building.
    let marketTx = '';
    marketMoves = async () => {
      const nonce = await h.provider.getTransactionCount(h.wallet('market').address, 'latest');
      marketTx = await h.sign('market', nonce, { value: 9n });
      return [marketTx];
    };
    try {
      const publicTx = await h.wallet('user').sendTransaction({ to: h.wallet('market').address, value: 3n });
      const bundleTx = await h.sign('keeper', await h.nonceOf('keeper'));
      await h.flashbots.sendRawBundle([bundleTx], target);
      expect(await h.relay.mineBlock()).toBe(target);
      expect(blocksAskedFor.at(-1)).toBe(target);
      expect(await blockTxs(h, target)).toEqual([hashOf(marketTx), hashOf(bundleTx), publicTx.hash.toLowerCase()]);
    } finally {
      marketMoves = async () => [];
    }
  });

  it('runs no bundle simulation while the market prepares the next block, and the market still reads through the proxy meanwhile', async () => {
    // A simulation mines a trial block on Anvil for a moment; a market that read it paid its
    // rewards for the wrong window, leaving a block unpaid (a false reward stop in the e2e).
    const head = await h.head();
    const seen: { simulated: boolean; anvilHead: number; proxyHead: number }[] = [];
    let simulation: Promise<unknown> | undefined;
    let simulated = false;
    marketMoves = async () => {
      simulation = h.flashbots.simulate([await h.sign('keeper', await h.nonceOf('keeper'), { value: 1n })], head + 1).then((r) => {
        simulated = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 300));
      // Read through the public proxy while the simulation waits: must not deadlock.
      const proxyHead = await h.provider.getBlockNumber();
      seen.push({ simulated, anvilHead: await h.head(), proxyHead });
      return [];
    };
    try {
      expect(await h.relay.mineBlock()).toBe(head + 1);
    } finally {
      marketMoves = async () => [];
    }
    expect(seen).toEqual([{ simulated: false, anvilHead: head, proxyHead: head }]);
    // It runs once the moves are ready (before or after the block: either answer will do), and does not hang.
    const settled = (simulation as Promise<unknown>).then(() => 'settled', () => 'settled');
    expect(await Promise.race([settled, new Promise((r) => setTimeout(() => r('hung'), 10_000))])).toBe('settled');
  });

  it('holds a bundle back until the chain is inclusionDelayBlocks past its arrival', async () => {
    h.relay.setKnobs({ inclusionDelayBlocks: 1 });
    try {
      const head = await h.head();
      const nonce = await h.nonceOf('keeper');
      const tooSoon = await h.sign('keeper', nonce, { value: 1n });
      const later = await h.sign('keeper', nonce, { value: 2n });
      await h.flashbots.sendRawBundle([tooSoon], head + 1);
      await h.flashbots.sendRawBundle([later], head + 2);
      await h.relay.mineBlock();
      await h.relay.mineBlock();
      expect(await blockTxs(h, head + 1)).toEqual([]);
      expect(await blockTxs(h, head + 2)).toEqual([hashOf(later)]);
      expect(h.relay.stats().bundles.dropped.delay).toBe(1);
    } finally {
      h.relay.setKnobs({ inclusionDelayBlocks: 0 });
    }
  });

  it('wait() reports AccountNonceTooHigh when a public transaction uses the nonce first', async () => {
    const head = await h.head();
    const nonce = await h.nonceOf('keeper');
    expect(nonce).toBeGreaterThan(0); // the client ignores nonce-0 transactions in this check
    const sent = await h.flashbots.sendRawBundle([await h.sign('keeper', nonce, { value: 1n })], head + 3);
    if ('error' in sent) throw new Error(sent.error.message);
    await h.provider.broadcastTransaction(await h.sign('keeper', nonce, { value: 2n }));
    expect(await mineUntilSettled(h.relay, sent.wait())).toBe(FlashbotsBundleResolution.AccountNonceTooHigh);
  });

  it('produces blocks on a timer when blockIntervalMs is set, and stops when it is cleared', async () => {
    const before = h.relay.stats().blocksProduced;
    h.relay.setKnobs({ blockIntervalMs: 50 });
    // Wait for the blocks rather than a fixed time: a loaded machine produces them slower.
    for (const deadline = Date.now() + 20_000; h.relay.stats().blocksProduced - before < 3 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    h.relay.setKnobs({ blockIntervalMs: null });
    const produced = h.relay.stats().blocksProduced - before;
    expect(produced).toBeGreaterThanOrEqual(3);
    // mineBlock() queues behind a block the timer may still be producing, so the head is settled after it.
    const head = await h.relay.mineBlock();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await h.head()).toBe(head);
    // Timestamps step by 12 s whoever produced the blocks.
    const [a, b] = await Promise.all([h.provider.getBlock(head - 1), h.provider.getBlock(head)]);
    expect(b!.timestamp - a!.timestamp).toBe(12);
  });

  it('refuses knobs out of range', () => {
    expect(() => h.relay.setKnobs({ inclusionProbability: 1.5 })).toThrow(/inclusionProbability/);
    expect(() => h.relay.setKnobs({ inclusionDelayBlocks: -1 })).toThrow(/inclusionDelayBlocks/);
    expect(h.relay.knobs().inclusionProbability).toBe(1);
  });

  it('stop() closes the server', async () => {
    const extra = await startRelayHarness({ blockIntervalMs: 20 });
    const url = extra.relay.rpcUrl;
    await extra.stop();
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    await expect(extra.relay.mineBlock()).rejects.toThrow(/stopped/);
  });
});
