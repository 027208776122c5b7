/**
 * EigenLayer rewards merkle trees, built exactly as RewardsCoordinator.processClaim verifies
 * them, so the devnet can publish roots and the keeper can build claims from the same code.
 *
 * Shape (mainnet, v1.x):
 * - one token tree per earner; leaf = keccak256(abi.encodePacked(uint8(1), token, cumulativeEarnings));
 * - one earner tree; leaf = keccak256(abi.encodePacked(uint8(0), earner, earnerTokenRoot));
 * - both are plain binary keccak trees padded with zero leaves to a power of two, pairs NOT
 *   sorted: the leaf index picks left/right at each level (Merkle.verifyInclusionKeccak).
 *
 * Earnings in a tree are CUMULATIVE (all-time totals), never increments: the contract pays
 * `cumulativeEarnings - cumulativeClaimed[earner][token]` and reverts unless that is > 0.
 * Earners and tokens are ordered by address, so the same earnings always give the same root.
 */
import { concat, getAddress, keccak256, solidityPacked, ZeroHash } from 'ethers';
import { z } from 'zod';
import { InputError } from '../../domain/errors.ts';

/** earner address -> token address -> cumulative earnings (token base units). */
export type CumulativeEarnings = Readonly<Record<string, Readonly<Record<string, bigint>>>>;

export interface TokenTreeMerkleLeaf {
  token: string;
  cumulativeEarnings: bigint;
}

export interface EarnerTreeMerkleLeaf {
  earner: string;
  earnerTokenRoot: string;
}

/** The contract's `RewardsMerkleClaim` struct, ready for ABI encoding (proofs are hex bytes). */
export interface RewardsMerkleClaim {
  rootIndex: number;
  earnerIndex: number;
  earnerTreeProof: string;
  earnerLeaf: EarnerTreeMerkleLeaf;
  tokenIndices: number[];
  tokenTreeProofs: string[];
  tokenLeaves: TokenTreeMerkleLeaf[];
}

/** A published distribution, JSON-serialisable (amounts as decimal strings), in tree order. */
export interface PublishedRewardsTree {
  root: string;
  earners: {
    earner: string;
    earnerTokenRoot: string;
    tokens: { token: string; cumulativeEarnings: string }[];
  }[];
}

/** keccak256(abi.encodePacked(uint8(1), token, cumulativeEarnings)). */
export function hashTokenLeaf(leaf: TokenTreeMerkleLeaf): string {
  return keccak256(solidityPacked(['uint8', 'address', 'uint256'], [1, leaf.token, leaf.cumulativeEarnings]));
}

/** keccak256(abi.encodePacked(uint8(0), earner, earnerTokenRoot)). */
export function hashEarnerLeaf(leaf: EarnerTreeMerkleLeaf): string {
  return keccak256(solidityPacked(['uint8', 'address', 'bytes32'], [0, leaf.earner, leaf.earnerTokenRoot]));
}

/**
 * Every level of the tree over `leaves`, bottom first, padded with zero leaves to a power of
 * two (as EigenLayer's Merkle.merkleizeKeccak does); the last level holds the root.
 */
export function merkleLayers(leaves: readonly string[]): string[][] {
  if (leaves.length === 0) throw new InputError('A merkle tree needs at least one leaf');
  let size = 1;
  while (size < leaves.length) size *= 2;
  let layer = [...leaves, ...Array<string>(size - leaves.length).fill(ZeroHash)];
  const layers = [layer];
  while (layer.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(keccak256(concat([layer[i] as string, layer[i + 1] as string])));
    layers.push(next);
    layer = next;
  }
  return layers;
}

export function merkleRoot(leaves: readonly string[]): string {
  const layers = merkleLayers(leaves);
  return (layers[layers.length - 1] as string[])[0] as string;
}

/** The proof for leaf `index`: its siblings from the bottom up, concatenated as bytes. */
export function merkleProof(leaves: readonly string[], index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new InputError('Merkle leaf index out of range', { details: [`index: ${index}`, `leaves: ${leaves.length}`] });
  }
  const layers = merkleLayers(leaves);
  const siblings: string[] = [];
  let position = index;
  for (const layer of layers.slice(0, -1)) {
    siblings.push(layer[position ^ 1] as string);
    position >>= 1;
  }
  return siblings.length === 0 ? '0x' : concat(siblings);
}

/**
 * What the contract checks for one proof: the index fits the proof depth and the rebuilt hash
 * equals the root. Lets the keeper reject a bad claim before paying gas for it.
 */
export function verifyInclusion(proof: string, root: string, leaf: string, index: number): boolean {
  const hex = proof.startsWith('0x') ? proof.slice(2) : proof;
  if (hex.length % 64 !== 0) return false;
  const levels = hex.length / 64;
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** levels) return false;
  let node = leaf;
  let position = index;
  for (let level = 0; level < levels; level++) {
    const sibling = `0x${hex.slice(level * 64, level * 64 + 64)}`;
    node = keccak256(position % 2 === 0 ? concat([node, sibling]) : concat([sibling, node]));
    position = Math.floor(position / 2);
  }
  return node.toLowerCase() === root.toLowerCase();
}

/**
 * Builds the earner tree for cumulative earnings. By default zero amounts are left out (they
 * could never be claimed) and an earner with nothing left is left out too; `keepZero` keeps
 * them, as the real off-chain calculation does (its distributions contain rows of 0), so a
 * tree rebuilt from the Sidecar's rows hashes to the posted root.
 *
 * @example
 *   const tree = buildRewardsTree({ [vault]: { [eigen]: 10n ** 18n } });
 *   // submit tree.root, write the tree as JSON, later: buildClaim(tree, rootIndex, vault)
 */
export function buildRewardsTree(earnings: CumulativeEarnings, options: { keepZero?: boolean } = {}): PublishedRewardsTree {
  const earners: PublishedRewardsTree['earners'] = [];
  const seen = new Set<string>();
  for (const [earnerKey, tokens] of Object.entries(earnings)) {
    const earner = checkedAddress(earnerKey, 'earner');
    // Keys differing only in letter case would name one earner twice: refuse, do not merge.
    if (seen.has(earner)) throw new InputError('Earner listed twice in rewards earnings', { details: [`earner: ${earner}`] });
    seen.add(earner);
    const leaves = Object.entries(tokens)
      .map(([tokenKey, amount]) => ({ token: checkedAddress(tokenKey, 'token'), cumulativeEarnings: checkedAmount(amount, earner, tokenKey) }))
      .filter((leaf) => options.keepZero === true || leaf.cumulativeEarnings > 0n)
      .sort((a, b) => compareAddresses(a.token, b.token));
    if (new Set(leaves.map((l) => l.token)).size !== leaves.length) {
      throw new InputError('Token listed twice for one earner in rewards earnings', { details: [`earner: ${earner}`] });
    }
    if (leaves.length === 0) continue;
    earners.push({
      earner,
      earnerTokenRoot: merkleRoot(leaves.map(hashTokenLeaf)),
      tokens: leaves.map((leaf) => ({ token: leaf.token, cumulativeEarnings: leaf.cumulativeEarnings.toString() })),
    });
  }
  if (earners.length === 0) throw new InputError(options.keepZero === true ? 'No earnings rows to put in a rewards tree' : 'No positive earnings to put in a rewards tree');
  earners.sort((a, b) => compareAddresses(a.earner, b.earner));
  const root = merkleRoot(earners.map((e) => hashEarnerLeaf({ earner: e.earner, earnerTokenRoot: e.earnerTokenRoot })));
  return { root, earners };
}

/**
 * Builds the claim for `earner` against a published tree posted at `rootIndex`. `tokens`
 * restricts the claim to some tokens: a token whose cumulative amount was already claimed in
 * full must be left out, or the whole claim reverts (EarningsNotGreaterThanClaimed).
 */
export function buildClaim(tree: PublishedRewardsTree, rootIndex: number, earner: string, tokens?: readonly string[]): RewardsMerkleClaim {
  const earnerAddress = checkedAddress(earner, 'earner');
  const earnerIndex = tree.earners.findIndex((e) => compareAddresses(e.earner, earnerAddress) === 0);
  const entry = tree.earners[earnerIndex];
  if (entry === undefined) throw new InputError('Earner is not in the rewards tree', { details: [`earner: ${earnerAddress}`, `root: ${tree.root}`] });
  const earnerLeaves = tree.earners.map((e) => hashEarnerLeaf({ earner: e.earner, earnerTokenRoot: e.earnerTokenRoot }));
  const tokenLeaves = entry.tokens.map((t) => ({ token: getAddress(t.token), cumulativeEarnings: BigInt(t.cumulativeEarnings) }));
  const tokenHashes = tokenLeaves.map(hashTokenLeaf);
  const wanted = tokens?.map((t) => checkedAddress(t, 'token'));
  const indices = tokenLeaves.flatMap((leaf, i) => (wanted === undefined || wanted.some((t) => compareAddresses(t, leaf.token) === 0) ? [i] : []));
  for (const token of wanted ?? []) {
    if (!tokenLeaves.some((leaf) => compareAddresses(leaf.token, token) === 0)) {
      throw new InputError('Token is not in the earner\'s rewards leaf', { details: [`earner: ${earnerAddress}`, `token: ${token}`] });
    }
  }
  return {
    rootIndex,
    earnerIndex,
    earnerTreeProof: merkleProof(earnerLeaves, earnerIndex),
    earnerLeaf: { earner: getAddress(entry.earner), earnerTokenRoot: entry.earnerTokenRoot },
    tokenIndices: indices,
    tokenTreeProofs: indices.map((i) => merkleProof(tokenHashes, i)),
    tokenLeaves: indices.map((i) => tokenLeaves[i] as TokenTreeMerkleLeaf),
  };
}

/** Checks a claim the way the contract will (proofs only; not activation or claimed amounts). */
export function verifyClaim(claim: RewardsMerkleClaim, root: string): boolean {
  if (claim.tokenIndices.length !== claim.tokenTreeProofs.length || claim.tokenIndices.length !== claim.tokenLeaves.length) return false;
  if (!verifyInclusion(claim.earnerTreeProof, root, hashEarnerLeaf(claim.earnerLeaf), claim.earnerIndex)) return false;
  return claim.tokenLeaves.every((leaf, i) =>
    verifyInclusion(claim.tokenTreeProofs[i] as string, claim.earnerLeaf.earnerTokenRoot, hashTokenLeaf(leaf), claim.tokenIndices[i] as number),
  );
}

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const addressText = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const publishedTreeSchema = z.object({
  root: hex32,
  earners: z.array(
    z.object({
      earner: addressText,
      earnerTokenRoot: hex32,
      tokens: z.array(z.object({ token: addressText, cumulativeEarnings: z.string().regex(/^\d+$/) })).min(1),
    }),
  ),
});

/**
 * Reads a published tree (e.g. a JSON file from the devnet's rewards directory) and checks that
 * its root really is the root of its leaves, so a corrupted file cannot produce claims that
 * revert on chain.
 */
export function parsePublishedRewardsTree(json: unknown): PublishedRewardsTree {
  const parsed = publishedTreeSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError('Invalid published rewards tree', { details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  }
  const earnings: Record<string, Record<string, bigint>> = {};
  for (const e of parsed.data.earners) {
    earnings[e.earner] = Object.fromEntries(e.tokens.map((t) => [t.token, BigInt(t.cumulativeEarnings)]));
  }
  const keepZero = parsed.data.earners.some((e) => e.tokens.some((t) => BigInt(t.cumulativeEarnings) === 0n));
  const rebuilt = buildRewardsTree(earnings, { keepZero });
  if (rebuilt.root.toLowerCase() !== parsed.data.root.toLowerCase()) {
    throw new InputError('Published rewards tree does not match its root', { details: [`stated root: ${parsed.data.root}`, `rebuilt root: ${rebuilt.root}`] });
  }
  return rebuilt;
}

function compareAddresses(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function checkedAddress(value: string, what: string): string {
  try {
    return getAddress(value.toLowerCase());
  } catch (cause) {
    throw new InputError(`Invalid ${what} address in rewards earnings`, { details: [`value: ${value}`], cause });
  }
}

function checkedAmount(amount: bigint, earner: string, token: string): bigint {
  if (typeof amount !== 'bigint' || amount < 0n || amount >= 2n ** 256n) {
    throw new InputError('Invalid cumulative earnings amount', { details: [`earner: ${earner}`, `token: ${token}`, `amount: ${String(amount)}`] });
  }
  return amount;
}
