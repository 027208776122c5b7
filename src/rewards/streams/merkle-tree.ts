/**
 * The cumulative merkle tree of an LRT reward stream (ether.fi style): one leaf per account,
 * keccak256(abi.encodePacked(account, cumulativeAmount)), pairs hashed in sorted order (as
 * OpenZeppelin's MerkleProof verifies), an odd node carried up a level unchanged.
 *
 * The keeper only verifies (src/rewards/streams/cumulative-merkle.ts); building is for the
 * devnet's proof server and for tests.
 */
import { concat, getAddress, keccak256, solidityPackedKeccak256 } from 'ethers';

export interface StreamRow {
  readonly account: string;
  readonly cumulativeAmount: bigint;
}

export interface StreamTree {
  readonly root: string;
  /** Proof per account (checksummed), siblings from the leaf upwards. */
  readonly proofs: ReadonlyMap<string, readonly string[]>;
  readonly rows: readonly StreamRow[];
}

/** @example streamLeaf('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 10n ** 18n) */
export function streamLeaf(account: string, cumulativeAmount: bigint): string {
  return solidityPackedKeccak256(['address', 'uint256'], [getAddress(account), cumulativeAmount]);
}

function hashPair(a: string, b: string): string {
  return a.toLowerCase() < b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/** Root the proof leads to from the leaf. */
export function processStreamProof(leaf: string, proof: readonly string[]): string {
  return proof.reduce((node, sibling) => hashPair(node, sibling), leaf).toLowerCase();
}

/** Does the proof lead from (account, cumulativeAmount) to root? */
export function verifyStreamProof(account: string, cumulativeAmount: bigint, proof: readonly string[], root: string): boolean {
  return processStreamProof(streamLeaf(account, cumulativeAmount), proof) === root.toLowerCase();
}

/**
 * @example const tree = buildStreamTree([{ account: vault, cumulativeAmount: 5n * 10n ** 18n }, …]); tree.proofs.get(vault)
 */
export function buildStreamTree(rows: readonly StreamRow[]): StreamTree {
  if (rows.length === 0) throw new Error('a stream tree needs at least one row');
  const accounts = rows.map((r) => getAddress(r.account));
  if (new Set(accounts).size !== accounts.length) throw new Error('a stream tree has one row per account');
  let level = rows.map((r) => streamLeaf(r.account, r.cumulativeAmount));
  // Which leaves sit under each node of the current level.
  let members = accounts.map((a) => [a]);
  const proofs = new Map<string, string[]>(accounts.map((a) => [a, []]));
  while (level.length > 1) {
    const next: string[] = [];
    const nextMembers: string[][] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as string;
      const right = level[i + 1];
      const leftMembers = members[i] ?? [];
      if (right === undefined) {
        next.push(left);
        nextMembers.push(leftMembers);
        continue;
      }
      const rightMembers = members[i + 1] ?? [];
      for (const a of leftMembers) proofs.get(a)?.push(right);
      for (const a of rightMembers) proofs.get(a)?.push(left);
      next.push(hashPair(left, right));
      nextMembers.push([...leftMembers, ...rightMembers]);
    }
    level = next;
    members = nextMembers;
  }
  return { root: (level[0] as string).toLowerCase(), proofs, rows };
}
