/**
 * Produces the devnet's blocks, so that public transactions and bundles compete for them
 * the way they do on mainnet.
 *
 * Block N is: the `beforeBlock` transactions (market moves) first, then the bundles that
 * target N in arrival order, each all-or-nothing and each subject to the inclusion draw, the
 * delay rule and its timestamp window, then the public mempool. Bundles for N that do not
 * land are dropped: a bundle targets one block only.
 */
import type { Logger } from '../../telemetry/logger.ts';
import type { AnvilClient } from './anvil-client.ts';
import { BlockAssembly, type SealedBlock } from './block-assembly.ts';
import { decodeSignedTx } from './decode-tx.ts';
import type { PublicMempool } from './mempool.ts';
import type { BundlePool } from './pool.ts';
import type { StatsRecorder } from './stats.ts';
import { Mutex, type ChainGate } from './sync.ts';
import type { BundleDropReason, DecodedTx, PooledBundle, RelayKnobs } from './types.ts';

export interface ProducerDeps {
  anvil: AnvilClient;
  gate: ChainGate;
  pool: BundlePool;
  mempool: PublicMempool;
  stats: StatsRecorder;
  knobs: () => RelayKnobs;
  random: () => number;
  logger: Logger;
  chainId: bigint;
  blockTimeSeconds: number;
  beforeBlock?: (nextBlockNumber: number) => Promise<readonly string[]>;
}

export class BlockProducer {
  private readonly mutex = new Mutex();

  constructor(private readonly deps: ProducerDeps) {}

  /** Produces the next block and resolves with its number; calls never overlap. */
  produce(): Promise<number> {
    return this.mutex.run(() => this.produceOnce());
  }

  /** Resolves once no block is being produced (for a clean stop). */
  idle(): Promise<void> {
    return this.mutex.run(async () => undefined);
  }

  private async produceOnce(): Promise<number> {
    const { anvil, gate } = this.deps;
    // The market moves are prepared under a hold: an eth_callBundle simulation mines a trial
    // block on Anvil for a moment, and a market that read it (the simulator reads Anvil
    // directly) paid its rewards for the window after the next block's, leaving that block's
    // window unpaid (every operator set read 0 %, a false reward stop), and priced its moves
    // against a state with the keeper's bundle in it. A hold, not `shared`: the simulator may
    // read through our proxy, whose `shared` reads a writers-first gate would deadlock.
    const before = await gate.held(async () => this.marketMoves((await anvil.blockNumber()) + 1));
    return gate.exclusive(() => this.build(before));
  }

  private async marketMoves(next: number): Promise<DecodedTx[]> {
    if (!this.deps.beforeBlock) return [];
    const raws = await this.deps.beforeBlock(next);
    const txs: DecodedTx[] = [];
    for (const [index, raw] of raws.entries()) {
      try {
        txs.push(decodeSignedTx(raw, `beforeBlock[${index}]`, this.deps.chainId));
      } catch (err) {
        this.deps.logger.warn({ block: next, err }, 'relay: skipping an undecodable beforeBlock transaction');
      }
    }
    return txs;
  }

  private async build(before: readonly DecodedTx[]): Promise<number> {
    const { anvil, pool, mempool, stats, logger } = this.deps;
    const assembly = await BlockAssembly.open(anvil, this.deps.blockTimeSeconds);
    const block = assembly.number;
    if (assembly.strayTxs > 0) {
      logger.warn({ block, dropped: assembly.strayTxs }, 'relay: dropped transactions sent to Anvil directly (use the public rpcUrl)');
    }
    const candidates = this.selectCandidates(pool.takeUpTo(block), assembly);
    const publicTxs = mempool.list();
    let sealed: SealedBlock;
    try {
      sealed = await this.assemble(assembly, before, candidates, publicTxs);
    } catch (err) {
      await assembly.abort();
      throw err;
    }
    const publicHashes = new Set(publicTxs.map((tx) => tx.hash));
    const landedPublic = assembly.acceptedTxs.filter((tx) => publicHashes.has(tx.hash));
    for (const tx of landedPublic) mempool.remove(tx);
    stats.publicIncluded(landedPublic.length);
    await this.prunePublic(block);
    stats.blockProduced();
    // Blocks with only market moves are routine; a bundle or a public tx is worth a line.
    const level = candidates.length > 0 || landedPublic.length > 0 ? 'info' : 'debug';
    logger[level](
      { block, txs: sealed.txHashes.length, bundles: candidates.length, publicIncluded: landedPublic.length },
      'relay: block produced',
    );
    return block;
  }

  /** Market moves, then each bundle all-or-nothing, then the public mempool. */
  private async assemble(
    assembly: BlockAssembly,
    before: readonly DecodedTx[],
    candidates: readonly PooledBundle[],
    publicTxs: readonly DecodedTx[],
  ): Promise<SealedBlock> {
    const marketHashes = new Set(before.map((tx) => tx.hash));
    const reportMarket = (rejected: ReadonlyArray<{ tx: DecodedTx; detail: string }>): void => {
      for (const { tx, detail } of rejected.filter((r) => marketHashes.has(r.tx.hash))) {
        this.deps.logger.warn({ block: assembly.number, tx: tx.hash, detail }, 'relay: a beforeBlock transaction did not land');
      }
    };
    // Without bundles nothing can need undoing: one mined block, no snapshot.
    if (candidates.length === 0) {
      const result = await assembly.finish([...before, ...publicTxs]);
      reportMarket(result.rejected);
      return result.block;
    }
    reportMarket((await assembly.tryEach(before)).rejected);
    for (const bundle of candidates) {
      const trial = await assembly.tryBundle(bundle.txs, bundle.revertingTxHashes);
      if (trial.ok) this.deps.stats.outcome({ bundleHash: bundle.bundleHash, targetBlock: assembly.number, outcome: 'included' });
      else this.drop(bundle, trial.reason, trial.detail);
    }
    return (await assembly.finish(publicTxs)).block;
  }

  /** Applies the rules that need no execution; returns the bundles to try, in arrival order. */
  private selectCandidates(due: readonly PooledBundle[], assembly: BlockAssembly): PooledBundle[] {
    const knobs = this.deps.knobs();
    const candidates: PooledBundle[] = [];
    for (const bundle of due) {
      if (bundle.blockNumber < assembly.number) {
        this.drop(bundle, 'target-passed', `target ${bundle.blockNumber}, building ${assembly.number}`);
      } else if (assembly.number - 1 - bundle.arrivalHead < knobs.inclusionDelayBlocks) {
        this.drop(bundle, 'delay', `arrived at head ${bundle.arrivalHead}, delay ${knobs.inclusionDelayBlocks} blocks`);
      } else if (this.deps.random() >= knobs.inclusionProbability) {
        this.drop(bundle, 'not-selected', `inclusion probability ${knobs.inclusionProbability}`);
      } else if (!withinWindow(bundle, assembly.timestamp)) {
        this.drop(bundle, 'timestamp', `block timestamp ${assembly.timestamp} outside [${bundle.minTimestamp ?? '-'}, ${bundle.maxTimestamp ?? '-'}]`);
      } else {
        candidates.push(bundle);
      }
    }
    return candidates;
  }

  private drop(bundle: PooledBundle, reason: BundleDropReason, detail: string): void {
    this.deps.stats.outcome({ bundleHash: bundle.bundleHash, targetBlock: bundle.blockNumber, outcome: reason, detail });
    this.deps.logger.debug({ bundleHash: bundle.bundleHash, block: bundle.blockNumber, reason, detail }, 'relay: bundle not included');
  }

  /** Forgets public transactions whose nonce the chain has passed or that waited too long. */
  private async prunePublic(head: number): Promise<void> {
    const { mempool, anvil, stats } = this.deps;
    const nonces = new Map<string, number>();
    for (const sender of mempool.senders()) {
      nonces.set(sender, Number(await anvil.call<string>('eth_getTransactionCount', [sender, 'latest'])));
    }
    const dropped = mempool.prune(head, (from) => nonces.get(from) ?? 0);
    stats.publicDropped(dropped.length);
  }
}

function withinWindow(bundle: PooledBundle, timestamp: number): boolean {
  if (bundle.minTimestamp !== undefined && timestamp < bundle.minTimestamp) return false;
  if (bundle.maxTimestamp !== undefined && bundle.maxTimestamp !== 0 && timestamp > bundle.maxTimestamp) return false;
  return true;
}
