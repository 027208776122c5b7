/**
 * The compound job's proof cache: reused while the chain's root is the proof's root, asked
 * again after the interval once the root has moved, failures remembered for the interval.
 */
import { describe, expect, it } from 'vitest';
import { cachedStreamProofClient, cachedStreamProofClients } from '../../../../src/rewards/streams/proof-cache.ts';
import type { StreamProof, StreamProofClient } from '../../../../src/rewards/streams/proof-client.ts';

const ACCOUNT = '0x00000000000000000000000000000000000000aa';
const root = (n: number): string => `0x${n.toString(16).padStart(2, '0').repeat(32)}`;

function server(): StreamProofClient & { asked: number; serving: string; failing: boolean } {
  const s = {
    asked: 0,
    serving: root(1),
    failing: false,
    async proofFor(account: string): Promise<StreamProof> {
      s.asked += 1;
      if (s.failing) throw new Error('proof server down');
      return { root: s.serving, account, cumulativeAmount: 5n, proof: [] };
    },
  };
  return s;
}

describe('cachedStreamProofClient', () => {
  it('asks once while the root on chain is the proof\'s root, however long; after a move, again only 3,600 s after the last answer', async () => {
    const inner = server();
    let now = 0;
    const client = cachedStreamProofClient(inner, 3_600, () => now);
    await client.proofFor(ACCOUNT, root(1));
    now = 1_000_000;
    expect((await client.proofFor(ACCOUNT, root(1))).root).toBe(root(1));
    expect(inner.asked).toBe(1);
    // The root moved and the answer is old: asked at once.
    inner.serving = root(2);
    expect((await client.proofFor(ACCOUNT, root(2))).root).toBe(root(2));
    expect(inner.asked).toBe(2);
    // It moved again 3,599 s later: the remembered proof until 3,600 s have passed.
    inner.serving = root(3);
    now = 1_003_599;
    expect((await client.proofFor(ACCOUNT, root(3))).root).toBe(root(2));
    expect(inner.asked).toBe(2);
    now = 1_003_600;
    expect((await client.proofFor(ACCOUNT, root(3))).root).toBe(root(3));
    expect(inner.asked).toBe(3);
  });

  it('remembers a failure for the interval instead of asking on every job', async () => {
    const inner = server();
    inner.failing = true;
    let now = 0;
    const client = cachedStreamProofClient(inner, 60, () => now);
    await expect(client.proofFor(ACCOUNT, root(1))).rejects.toThrow('proof server down');
    now = 59;
    await expect(client.proofFor(ACCOUNT, root(1))).rejects.toThrow('proof server down');
    expect(inner.asked).toBe(1);
    inner.failing = false;
    now = 60;
    expect((await client.proofFor(ACCOUNT, root(1))).cumulativeAmount).toBe(5n);
    expect(inner.asked).toBe(2);
  });

  it('keeps one client per proof server', () => {
    let made = 0;
    const clients = cachedStreamProofClients(() => (made += 1, server()), 60, () => 0);
    const stream = (url: string) => ({ claim: { cumulativeMerkle: { proofUrl: url } } });
    expect(clients(stream('http://a'))).toBe(clients(stream('http://a')));
    expect(clients(stream('http://b'))).not.toBe(clients(stream('http://a')));
    expect(made).toBe(2);
  });
});
