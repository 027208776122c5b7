/**
 * What the relay emulator refuses (signature, target block, limits, malformed requests) and
 * how the published client reacts, including the `result: null` answer some builders give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction, Wallet, hexlify, id, randomBytes } from 'ethers';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { blockTxs, startRelayHarness, type RelayHarness } from './harness.ts';

let h: RelayHarness;

beforeAll(async () => {
  h = await startRelayHarness();
});

afterAll(async () => {
  await h?.stop();
});

const sendBundleBody = (txs: string[], blockNumber: number): string =>
  JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'eth_sendBundle', params: [{ txs, blockNumber: `0x${blockNumber.toString(16)}` }] });

describe('X-Flashbots-Signature', () => {
  it('refuses a request without the header with HTTP 403', async () => {
    const body = sendBundleBody([await h.sign('keeper', 0)], (await h.head()) + 1);
    const { status, json } = await h.postRelay(body, null);
    expect(status).toBe(403);
    expect(json.id).toBe(7);
    expect(json.error?.message).toMatch(/missing X-Flashbots-Signature/);
  });

  it('refuses a signature over another body, and one that names another address', async () => {
    const body = sendBundleBody([await h.sign('keeper', 0)], (await h.head()) + 1);
    const otherBody = `${body} `;
    const wrongBody = `${h.authSigner.address}:${await h.authSigner.signMessage(id(otherBody))}`;
    const stranger = new Wallet(DEV_KEYS.user);
    const wrongAddress = `${stranger.address}:${await h.authSigner.signMessage(id(body))}`;
    // Signing the raw body bytes instead of the hex string of its hash is a common mistake.
    const rawBodySigned = `${h.authSigner.address}:${await h.authSigner.signMessage(body)}`;
    for (const header of [wrongBody, wrongAddress, rawBodySigned, 'not-a-header']) {
      const { status, json } = await h.postRelay(body, header);
      expect(status).toBe(403);
      expect(json.error?.code).toBe(-32600);
    }
    expect(h.relay.stats().refused.auth).toBeGreaterThanOrEqual(5);
    expect(h.relay.stats().bundles.received).toBe(0);
  });

  it('accepts the same request correctly signed', async () => {
    // A far target keeps this bundle out of the blocks the other tests produce.
    const { status, json } = await h.postRelay(sendBundleBody([await h.sign('keeper', 0)], (await h.head()) + 1000));
    expect(status).toBe(200);
    expect(json.result).toEqual({ bundleHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });
});

describe('bundle validation', () => {
  it('refuses the current block and a past block as target; the client throws on HTTP 400', async () => {
    await h.relay.mineBlock();
    const head = await h.head();
    const tx = await h.sign('keeper', await h.nonceOf('keeper'));
    await expect(h.flashbots.sendRawBundle([tx], head)).rejects.toThrow(/status 400.*blockNumber: target \d+ is not after the current block/);
    await expect(h.flashbots.sendRawBundle([tx], head - 1)).rejects.toThrow(/status 400/);
  });

  it('refuses 101 transactions and more than 300,000 bytes', async () => {
    const target = (await h.head()) + 1;
    const many = await Promise.all(Array.from({ length: 101 }, (_, i) => h.sign('keeper', i)));
    const tooMany = await h.postRelay(sendBundleBody(many, target));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error?.message).toMatch(/101 transactions, the limit is 100/);
    const hundred = await h.postRelay(sendBundleBody(many.slice(0, 100), target + 1000));
    expect(hundred.status).toBe(200);
    const big = await Promise.all([0, 1, 2].map((i) => h.sign('keeper', i, { data: hexlify(randomBytes(100_000)), gasLimit: 5_000_000 })));
    const tooBig = await h.postRelay(sendBundleBody(big, target));
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error?.message).toMatch(/bytes, the limit is 300000/);
  });

  it('refuses malformed JSON, unknown methods, unknown fields and bad transactions with clear errors', async () => {
    const target = (await h.head()) + 1;
    const tx = await h.sign('keeper', 0);
    const cases: Array<[string, RegExp]> = [
      ['{"jsonrpc":"2.0","id":1,"method":', /parse error/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }), /method not found: eth_blockNumber/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [] }), /exactly one parameter/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [{ txs: [tx], blockNumber: target }] }), /blockNumber: expected a hex/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [{ txs: ['0x1234'], blockNumber: '0x99' }] }), /txs\[0\]: unable to decode/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [{ txs: [tx], blockNumber: '0x99', refundPercent: 5 }] }), /unknown field refundPercent/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [{ txs: [tx, tx], blockNumber: '0x99' }] }), /duplicate transaction/],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_cancelBundle', params: [{ replacementUuid: 'abc' }] }), /expected a UUID/],
      [JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [] }]), /batch requests are not supported/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await h.postRelay(body);
      expect(status, body).toBe(400);
      expect(json.error?.message, body).toMatch(message);
    }
    // Another chain's transaction.
    const foreign = await h.wallet('keeper').signTransaction({ type: 2, chainId: 1, nonce: 0, to: h.wallet('user').address, gasLimit: 21_000, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
    const wrongChain = await h.postRelay(sendBundleBody([foreign], target));
    expect(wrongChain.json.error?.message).toMatch(/chain 1, this chain is 31337/);
  });
});

describe('nullResultMode', () => {
  it('answers result: null; the published client then throws, although the bundle was accepted and lands', async () => {
    h.relay.setKnobs({ nullResultMode: true });
    try {
      const target = (await h.head()) + 1;
      const tx = await h.sign('keeper', await h.nonceOf('keeper'));
      const raw = await h.postRelay(sendBundleBody([tx], target));
      expect(raw.status).toBe(200);
      expect(raw.json).toEqual({ jsonrpc: '2.0', id: 7, result: null });
      // The client reads response.result.bundleHash without a null check. A keeper must treat
      // this throw as "maybe sent" and confirm inclusion from the chain, never resend blindly.
      const tx2 = await h.sign('keeper', (await h.nonceOf('keeper')) + 1);
      await expect(h.flashbots.sendRawBundle([tx2], target)).rejects.toThrow(TypeError);
      await h.relay.mineBlock();
      const hashes = await blockTxs(h, target);
      expect(hashes).toContain(Transaction.from(tx).hash!.toLowerCase());
      expect(hashes).toContain(Transaction.from(tx2).hash!.toLowerCase());
    } finally {
      h.relay.setKnobs({ nullResultMode: false });
    }
  });
});

describe('public endpoint', () => {
  it('forwards batched reads, keeps ids and refuses chain-changing admin methods', async () => {
    const response = await fetch(h.relay.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 'b', method: 'evm_mine', params: [] },
        { jsonrpc: '2.0', id: 'c', method: 'eth_blockNumber', params: [] },
        { jsonrpc: '2.0', id: 'd', method: 'eth_sendTransaction', params: [{}] },
      ]),
    });
    const replies = (await response.json()) as Array<{ id: string; result?: string; error?: { message: string } }>;
    expect(replies.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(replies[0]!.result).toBe('0x7a69');
    expect(replies[1]!.error?.message).toMatch(/not available on the public endpoint/);
    expect(Number(replies[2]!.result)).toBe(await h.head());
    expect(replies[3]!.error?.message).toMatch(/not available on the public endpoint/);
  });

  it('refuses a public transaction whose nonce is used, a duplicate and an underpriced replacement', async () => {
    expect(await h.nonceOf('user')).toBe(0);
    await h.provider.broadcastTransaction(await h.sign('user', 0, { value: 1n }));
    await h.relay.mineBlock();
    expect(await h.nonceOf('user')).toBe(1);
    await expect(h.provider.broadcastTransaction(await h.sign('user', 0, { value: 2n }))).rejects.toThrow(/nonce too low/);
    const fresh = await h.sign('user', 1);
    await h.provider.broadcastTransaction(fresh);
    await expect(h.provider.broadcastTransaction(fresh)).rejects.toThrow(/already known/);
    await expect(h.provider.broadcastTransaction(await h.sign('user', 1, { value: 3n }))).rejects.toThrow(/underpriced/);
    const bumped = await h.sign('user', 1, { maxFeePerGas: 110_000_000_000n, maxPriorityFeePerGas: 2_200_000_000n });
    await h.provider.broadcastTransaction(bumped);
    const head = await h.relay.mineBlock();
    expect(await blockTxs(h, head)).toEqual([Transaction.from(bumped).hash!.toLowerCase()]);
  });
});
