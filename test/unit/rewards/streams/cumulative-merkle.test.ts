import { describe, expect, it } from 'vitest';
import { keccak256, concat, solidityPackedKeccak256 } from 'ethers';
import { buildStreamTree, streamLeaf, verifyStreamProof } from '../../../../src/rewards/streams/merkle-tree.ts';
import { checkStreamClaim, encodeStreamClaim } from '../../../../src/rewards/streams/cumulative-merkle.ts';
import { createStreamProofClient } from '../../../../src/rewards/streams/proof-client.ts';

const E = 10n ** 18n;
const VAULT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const THIRD = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const rows = [
  { account: VAULT, cumulativeAmount: 5n * E },
  { account: OTHER, cumulativeAmount: 2n * E },
  { account: THIRD, cumulativeAmount: 0n },
];

describe('stream merkle tree', () => {
  it('hashes leaves as keccak256(abi.encodePacked(account, cumulativeAmount))', () => {
    expect(streamLeaf(VAULT, 5n * E)).toBe(solidityPackedKeccak256(['address', 'uint256'], [VAULT, 5n * E]));
    // One leaf: the root is the leaf and the proof is empty.
    const one = buildStreamTree([rows[0]!]);
    expect(one.root).toBe(streamLeaf(VAULT, 5n * E));
    expect(one.proofs.get(VAULT)).toEqual([]);
  });

  it('proves every row of an odd tree with sorted pairs, and nothing else', () => {
    const tree = buildStreamTree(rows);
    const [a, b, c] = rows.map((r) => streamLeaf(r.account, r.cumulativeAmount)) as [string, string, string];
    const sorted = (x: string, y: string) => keccak256(x.toLowerCase() < y.toLowerCase() ? concat([x, y]) : concat([y, x]));
    expect(tree.root).toBe(sorted(sorted(a, b), c));
    for (const r of rows) expect(verifyStreamProof(r.account, r.cumulativeAmount, tree.proofs.get(r.account) ?? [], tree.root)).toBe(true);
    expect(verifyStreamProof(VAULT, 6n * E, tree.proofs.get(VAULT) ?? [], tree.root)).toBe(false);
    expect(verifyStreamProof(OTHER, 5n * E, tree.proofs.get(VAULT) ?? [], tree.root)).toBe(false);
  });
});

describe('checkStreamClaim', () => {
  const tree = buildStreamTree(rows);
  const proof = { root: tree.root, account: VAULT.toLowerCase(), cumulativeAmount: 5n * E, proof: [...(tree.proofs.get(VAULT) ?? [])] };

  it('pays the cumulative amount minus what was already claimed', () => {
    expect(checkStreamClaim(proof, { root: tree.root, claimed: 0n }, VAULT)).toEqual({ ok: true, payout: 5n * E });
    expect(checkStreamClaim(proof, { root: tree.root, claimed: 3n * E }, VAULT)).toEqual({ ok: true, payout: 2n * E });
  });

  it('never claims the same amount twice', () => {
    expect(checkStreamClaim(proof, { root: tree.root, claimed: 5n * E }, VAULT)).toMatchObject({ ok: false, code: 'STREAM_NOTHING_TO_CLAIM' });
  });

  it('refuses a root the chain does not hold, a tampered amount, another account and an empty root', () => {
    const other = buildStreamTree([{ account: VAULT, cumulativeAmount: 9n * E }, rows[1]!]);
    expect(checkStreamClaim(proof, { root: other.root, claimed: 0n }, VAULT)).toMatchObject({ ok: false, code: 'STREAM_ROOT_MISMATCH' });
    expect(checkStreamClaim({ ...proof, cumulativeAmount: 50n * E }, { root: tree.root, claimed: 0n }, VAULT)).toMatchObject({ ok: false, code: 'STREAM_PROOF_INVALID' });
    expect(checkStreamClaim(proof, { root: tree.root, claimed: 0n }, OTHER)).toMatchObject({ ok: false, code: 'STREAM_WRONG_ACCOUNT' });
    expect(checkStreamClaim(proof, { root: `0x${'0'.repeat(64)}`, claimed: 0n }, VAULT)).toMatchObject({ ok: false, code: 'STREAM_NO_ROOT' });
  });

  it('encodes claim(account, cumulativeAmount, expectedMerkleRoot, proof)', () => {
    const call = encodeStreamClaim({ distributor: OTHER, account: VAULT, cumulativeAmount: 5n * E, root: tree.root, proof: proof.proof, payout: 5n * E });
    expect(call.to).toBe(OTHER);
    // selector of claim(address,uint256,bytes32,bytes32[])
    expect(call.data.slice(0, 10)).toBe(keccak256(new TextEncoder().encode('claim(address,uint256,bytes32,bytes32[])')).slice(0, 10));
  });
});

describe('stream proof client', () => {
  const answer = { root: `0x${'ab'.repeat(32)}`, account: VAULT, cumulativeAmount: '5000000000000000000', proof: [`0x${'cd'.repeat(32)}`] };
  const json = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

  it('retries a 5xx and reads the answer', async () => {
    const urls: string[] = [];
    const answers = [json(503, 'busy'), json(200, answer)];
    const client = createStreamProofClient({ proofUrl: 'http://proofs.test/king/', timeoutMs: 1000, sleep: async () => {}, fetch: async (url) => (urls.push(String(url)), answers.shift() ?? json(500, '')) });
    const proof = await client.proofFor(VAULT);
    expect(proof.cumulativeAmount).toBe(5n * E);
    expect(urls).toEqual([`http://proofs.test/king/${VAULT.toLowerCase()}`, `http://proofs.test/king/${VAULT.toLowerCase()}`]);
  });

  it('reports a malformed answer at once, naming the field', async () => {
    let calls = 0;
    const client = createStreamProofClient({ proofUrl: 'http://proofs.test', timeoutMs: 1000, fetch: async () => (calls++, json(200, { ...answer, proof: ['0x12'] })) });
    await expect(client.proofFor(VAULT)).rejects.toMatchObject({ code: 'STREAM_PROOF_MALFORMED', message: expect.stringContaining('field proof.0') });
    expect(calls).toBe(1);
  });
});
