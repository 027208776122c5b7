import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZeroHash, concat, getAddress, keccak256 } from 'ethers';
import {
  buildClaim,
  buildRewardsTree,
  hashEarnerLeaf,
  hashTokenLeaf,
  merkleProof,
  merkleRoot,
  parsePublishedRewardsTree,
  verifyClaim,
  verifyInclusion,
} from '../../../../src/protocols/eigenlayer/rewards-merkle.ts';
import { InputError } from '../../../../src/domain/errors.ts';

const TOKEN = '0x1111111111111111111111111111111111111111';
const EARNER = '0x2222222222222222222222222222222222222222';
// Literal vectors: keccak256(abi.encodePacked(uint8, address, uint256|bytes32)) computed
// independently; the integration test checks the contract agrees on the same inputs.
const TOKEN_LEAF = '0xd469d1deda0f4d09967eafb24e8cd0f121997e01fa8482d0c5b8b6a6cefa9473';
const EARNER_LEAF = '0xc3f912c0d634c72e1e50785f50a7fffff5e45248f93a76d57678433b654bfed1';
const A = keccak256('0x01');
const B = keccak256('0x02');
const C = keccak256('0x03');
const ROOT_ABC = '0xa949b39283b9add0191ac086acde6a4446c5df198e06adeb6d318304dec02ce3';

describe('leaf hashes', () => {
  it('salts token leaves with 1 and earner leaves with 0', () => {
    expect(hashTokenLeaf({ token: TOKEN, cumulativeEarnings: 10n ** 18n })).toBe(TOKEN_LEAF);
    expect(hashEarnerLeaf({ earner: EARNER, earnerTokenRoot: TOKEN_LEAF })).toBe(EARNER_LEAF);
  });
});

describe('index-based keccak tree', () => {
  it('a single leaf is its own root with an empty proof', () => {
    expect(merkleRoot([A])).toBe(A);
    expect(merkleProof([A], 0)).toBe('0x');
    expect(verifyInclusion('0x', A, A, 0)).toBe(true);
    // With an empty proof only index 0 is allowed, as in the contract's index bound.
    expect(verifyInclusion('0x', A, A, 1)).toBe(false);
  });

  it('pads to a power of two with zero leaves and does not sort pairs', () => {
    expect(merkleRoot([A, B, C])).toBe(ROOT_ABC);
    expect(merkleProof([A, B, C], 2)).toBe(concat([ZeroHash, keccak256(concat([A, B]))]));
    expect(merkleRoot([B, A, C])).not.toBe(ROOT_ABC);
  });

  it('rejects a proof used at another index, a wrong leaf and a ragged proof', () => {
    const proof = merkleProof([A, B, C], 1);
    expect(verifyInclusion(proof, ROOT_ABC, B, 1)).toBe(true);
    expect(verifyInclusion(proof, ROOT_ABC, B, 0)).toBe(false);
    expect(verifyInclusion(proof, ROOT_ABC, B, 5)).toBe(false);
    expect(verifyInclusion(proof, ROOT_ABC, C, 1)).toBe(false);
    expect(verifyInclusion(`${proof}00`, ROOT_ABC, B, 1)).toBe(false);
  });

  it('refuses an empty tree and an out-of-range index', () => {
    expect(() => merkleRoot([])).toThrow(InputError);
    expect(() => merkleProof([A, B], 2)).toThrow(InputError);
  });
});

describe('buildRewardsTree / buildClaim', () => {
  const e1 = '0x00000000000000000000000000000000000000e1';
  const e2 = '0x00000000000000000000000000000000000000E2';
  const t1 = '0x0000000000000000000000000000000000000a01';
  const t2 = '0x0000000000000000000000000000000000000a02';

  it('is deterministic whatever the key order or letter case', () => {
    const one = buildRewardsTree({ [e1]: { [t1]: 5n, [t2]: 7n }, [e2]: { [t2]: 1n } });
    const two = buildRewardsTree({ [e2.toLowerCase()]: { [t2]: 1n }, [e1]: { [t2]: 7n, [t1]: 5n } });
    expect(two.root).toBe(one.root);
    expect(one.earners.map((e) => e.earner)).toEqual([getAddress(e1), getAddress(e2.toLowerCase())]);
    expect(JSON.parse(JSON.stringify(one))).toEqual(one);
  });

  it('a one-earner one-token tree has the literal leaf as its root', () => {
    const tree = buildRewardsTree({ [EARNER]: { [TOKEN]: 10n ** 18n } });
    expect(tree.earners[0]?.earnerTokenRoot).toBe(TOKEN_LEAF);
    expect(tree.root).toBe(EARNER_LEAF);
    const claim = buildClaim(tree, 3, EARNER);
    expect(claim).toMatchObject({ rootIndex: 3, earnerIndex: 0, earnerTreeProof: '0x', tokenIndices: [0], tokenTreeProofs: ['0x'] });
  });

  it('leaves out zero amounts and earners with nothing', () => {
    const tree = buildRewardsTree({ [e1]: { [t1]: 0n, [t2]: 3n }, [e2]: { [t1]: 0n } });
    expect(tree.earners).toHaveLength(1);
    expect(tree.earners[0]?.tokens).toEqual([{ token: getAddress(t2), cumulativeEarnings: '3' }]);
    expect(() => buildClaim(tree, 0, e2)).toThrow(/not in the rewards tree/);
  });

  it('restricts a claim to the requested tokens and refuses unknown ones', () => {
    const tree = buildRewardsTree({ [e1]: { [t1]: 5n, [t2]: 7n }, [e2]: { [t2]: 1n } });
    const claim = buildClaim(tree, 0, e1, [t2]);
    expect(claim.tokenIndices).toEqual([1]);
    expect(claim.tokenLeaves).toEqual([{ token: getAddress(t2), cumulativeEarnings: 7n }]);
    expect(verifyClaim(claim, tree.root)).toBe(true);
    expect(() => buildClaim(tree, 0, e2, [t1])).toThrow(/not in the earner's rewards leaf/);
  });

  it('rejects bad input', () => {
    expect(() => buildRewardsTree({ nope: { [t1]: 1n } })).toThrow(InputError);
    expect(() => buildRewardsTree({ [e1]: { [t1]: -1n } })).toThrow(InputError);
    expect(() => buildRewardsTree({ [e1]: { [t1]: 0n } })).toThrow(/No positive earnings/);
    expect(() => buildRewardsTree({ [e1]: { [t1]: 1n }, [e1.toUpperCase().replace('0X', '0x')]: { [t1]: 2n } })).toThrow(/twice/);
  });

  it('parses a published tree back and refuses one whose root does not match', () => {
    const tree = buildRewardsTree({ [e1]: { [t1]: 5n }, [e2]: { [t2]: 9n } });
    const parsed = parsePublishedRewardsTree(JSON.parse(JSON.stringify(tree)));
    expect(parsed).toEqual(tree);
    const forged = { ...tree, earners: tree.earners.map((e, i) => (i === 0 ? { ...e, tokens: [{ token: t1, cumulativeEarnings: '6' }] } : e)) };
    expect(() => parsePublishedRewardsTree(forged)).toThrow(/does not match its root/);
    expect(() => parsePublishedRewardsTree({ root: 'x', earners: [] })).toThrow(/Invalid published rewards tree/);
  });
});

describe('property: every claim built from a tree verifies, and tampering breaks it', () => {
  const address = fc.integer({ min: 1, max: 2 ** 31 }).map((n) => `0x${n.toString(16).padStart(40, '0')}`);
  const tokenMap = fc.dictionary(address, fc.bigInt({ min: 1n, max: 2n ** 200n }), { minKeys: 1, maxKeys: 5 });
  const earningsArb = fc.dictionary(address, tokenMap, { minKeys: 1, maxKeys: 9 });

  it('holds for random cumulative earnings', () => {
    fc.assert(
      fc.property(earningsArb, (earnings) => {
        const tree = buildRewardsTree(earnings);
        for (const entry of tree.earners) {
          const claim = buildClaim(tree, 0, entry.earner);
          expect(verifyClaim(claim, tree.root)).toBe(true);
          const leaf = claim.tokenLeaves[0];
          if (leaf === undefined) throw new Error('claim without token leaves');
          const inflated = { ...claim, tokenLeaves: [{ ...leaf, cumulativeEarnings: leaf.cumulativeEarnings + 1n }, ...claim.tokenLeaves.slice(1)] };
          expect(verifyClaim(inflated, tree.root)).toBe(false);
          const depth = (claim.earnerTreeProof.length - 2) / 64;
          expect(verifyClaim({ ...claim, earnerIndex: claim.earnerIndex + 2 ** depth }, tree.root)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});
