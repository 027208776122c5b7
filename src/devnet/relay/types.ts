/**
 * Shapes shared by the relay emulator's parts: options, run-time knobs, decoded transactions,
 * pooled bundles and the statistics that tests and logs read.
 */
import type { Logger } from '../../telemetry/logger.ts';

export interface RelayEmulatorOptions {
  /** Anvil started with `noMining: true`: the emulator is the only block producer. */
  anvilUrl: string;
  logger?: Logger;
  /** If set, a block is produced every interval; otherwise only on `mineBlock()`. */
  blockIntervalMs?: number;
  /** Chance (0..1) that a bundle is considered for its target block; default 1. */
  inclusionProbability?: number;
  /** A bundle is only considered once the chain is this many blocks past its arrival; default 0. */
  inclusionDelayBlocks?: number;
  /** Answer eth_sendBundle with `result: null` (the bundle is still accepted), as some builders do. */
  nullResultMode?: boolean;
  /** Seed of the deterministic RNG behind the inclusion draw; default 1. */
  seed?: number;
  /** Seconds between block timestamps; default 12 like mainnet. */
  blockTimeSeconds?: number;
  /** Signed raw transactions that open block `nextBlockNumber` (the market simulator's moves). */
  beforeBlock?: (nextBlockNumber: number) => Promise<readonly string[]>;
}

/** What can be changed while the emulator runs (tests flip these between blocks). */
export interface RelayKnobs {
  inclusionProbability: number;
  inclusionDelayBlocks: number;
  nullResultMode: boolean;
  /** null: blocks only on `mineBlock()`. */
  blockIntervalMs: number | null;
}

/** A signed transaction decoded once on arrival. */
export interface DecodedTx {
  raw: string;
  hash: string;
  /** Checksummed sender. */
  from: string;
  nonce: number;
  /** Bytes of the raw transaction, for the bundle size limit. */
  size: number;
  /** Fee fields used to judge a public replacement (gasPrice for legacy transactions). */
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface BundleRequest {
  txs: readonly DecodedTx[];
  blockNumber: number;
  minTimestamp?: number;
  maxTimestamp?: number;
  /** Lower-case hashes of transactions that may revert without failing the bundle. */
  revertingTxHashes: ReadonlySet<string>;
  replacementUuid?: string;
}

export interface PooledBundle extends BundleRequest {
  bundleHash: string;
  /** Arrival order; bundles for one block are tried in this order. */
  seq: number;
  /** Chain head when the bundle arrived, for the inclusion delay rule. */
  arrivalHead: number;
  /** Address that signed the relay request; replacement and cancel are scoped to it. */
  signer: string;
}

export type BundleDropReason =
  | 'not-selected'
  | 'delay'
  | 'timestamp'
  | 'invalid-tx'
  | 'reverted'
  | 'nonce-order'
  | 'not-mined'
  | 'target-passed';

export type BundleOutcomeKind = 'included' | 'replaced' | 'cancelled' | BundleDropReason;

export interface BundleOutcome {
  bundleHash: string;
  targetBlock: number;
  outcome: BundleOutcomeKind;
  /** Why, in words: the failing tx hash and the node's message. */
  detail?: string;
}

export interface RelayStats {
  blocksProduced: number;
  bundles: {
    received: number;
    included: number;
    replaced: number;
    cancelled: number;
    pending: number;
    dropped: Record<BundleDropReason, number>;
  };
  publicTxs: { received: number; included: number; dropped: number; pending: number };
  callBundles: number;
  refused: { auth: number; invalid: number };
  /** The latest bundle outcomes, oldest first (bounded). */
  recent: readonly BundleOutcome[];
}
