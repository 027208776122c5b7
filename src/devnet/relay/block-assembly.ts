/**
 * Builds one block on Anvil with exactly the transactions we accept, in our order.
 *
 * Anvil cannot un-include a transaction, so candidates are tried: from a snapshot of the
 * parent state, send the already accepted transactions plus the candidate, mine block N at
 * its final timestamp, read the receipts, and roll back if the candidate must not land.
 * Every trial mines the same block number and timestamp as the final block, so contracts
 * that look at `block.number` or `block.timestamp` (withdrawal delays) behave in the trial
 * exactly as in the block that stays. The final block replays the accepted list once more
 * from the parent state, consuming the snapshot, so no snapshot outlives its block.
 */
import { KeeperError, NonRetryableError } from '../../domain/errors.ts';
import { AnvilRpcError, type AnvilClient } from './anvil-client.ts';
import type { DecodedTx } from './types.ts';

export type BundleTrial = { ok: true } | { ok: false; reason: 'invalid-tx' | 'reverted' | 'nonce-order' | 'not-mined'; detail: string };

export interface EachTrial {
  included: DecodedTx[];
  rejected: Array<{ tx: DecodedTx; detail: string }>;
}

export interface SealedBlock {
  number: number;
  timestamp: number;
  txHashes: string[];
}

interface MinedBlock {
  hashes: string[];
  succeeded: Map<string, boolean>;
}

interface RpcBlock {
  number: string;
  timestamp: string;
  transactions: string[];
}

export class BlockAssembly {
  private snapshotId: string | undefined;
  /** False while Anvil's head is a trial block rather than the parent. */
  private atParent = true;
  private readonly accepted: DecodedTx[] = [];

  private constructor(
    private readonly anvil: AnvilClient,
    readonly number: number,
    readonly timestamp: number,
    /** Transactions found in Anvil's own pool at the start (someone bypassed the emulator). */
    readonly strayTxs: number,
  ) {}

  /** Starts block `head + 1`, timestamped `blockTimeSeconds` after its parent. */
  static async open(anvil: AnvilClient, blockTimeSeconds: number): Promise<BlockAssembly> {
    const parent = await anvil.call<RpcBlock>('eth_getBlockByNumber', ['latest', false]);
    const pool = await anvil.call<{ pending: string; queued: string }>('txpool_status');
    const stray = Number(pool.pending) + Number(pool.queued);
    if (stray > 0) await anvil.call('anvil_dropAllTransactions');
    return new BlockAssembly(anvil, Number(parent.number) + 1, Number(parent.timestamp) + blockTimeSeconds, stray);
  }

  get acceptedTxs(): readonly DecodedTx[] {
    return this.accepted;
  }

  /** Tries a bundle all-or-nothing: every tx mined, in order, successful unless allowed to revert. */
  async tryBundle(txs: readonly DecodedTx[], revertingTxHashes: ReadonlySet<string>): Promise<BundleTrial> {
    await this.resetToParent(true);
    await this.sendPrefix();
    for (const tx of txs) {
      const error = await this.send(tx);
      if (error !== undefined) return { ok: false, reason: 'invalid-tx', detail: `${tx.hash}: ${error}` };
    }
    const mined = await this.mine();
    const expected = [...this.accepted, ...txs].map((tx) => tx.hash);
    if (!sameList(mined.hashes, expected)) {
      const missing = txs.find((tx) => !mined.hashes.includes(tx.hash));
      return missing
        ? { ok: false, reason: 'not-mined', detail: `${missing.hash}: not mined (nonce gap or block gas limit)` }
        : { ok: false, reason: 'nonce-order', detail: 'the node reordered the bundle (nonces out of order)' };
    }
    const failed = txs.find((tx) => mined.succeeded.get(tx.hash) !== true && !revertingTxHashes.has(tx.hash));
    if (failed) return { ok: false, reason: 'reverted', detail: `${failed.hash}: reverted and not in revertingTxHashes` };
    this.accepted.push(...txs);
    return { ok: true };
  }

  /** Tries independent transactions (market moves): whatever the node mines is accepted, reverts included. */
  async tryEach(txs: readonly DecodedTx[]): Promise<EachTrial> {
    if (txs.length === 0) return { included: [], rejected: [] };
    await this.resetToParent(true);
    return this.mineEach(txs);
  }

  /**
   * Builds the final block: the accepted transactions, then `lastTxs` (the public mempool),
   * each of which lands if the node can mine it. Consumes the snapshot.
   */
  async finish(lastTxs: readonly DecodedTx[]): Promise<{ block: SealedBlock } & EachTrial> {
    await this.resetToParent(false);
    const trial = await this.mineEach(lastTxs);
    return { block: { number: this.number, timestamp: this.timestamp, txHashes: this.accepted.map((tx) => tx.hash) }, ...trial };
  }

  /** Best effort after a failure: put the parent state back and empty Anvil's pool. */
  async abort(): Promise<void> {
    if (this.snapshotId !== undefined) await this.anvil.call('evm_revert', [this.snapshotId]).catch(() => undefined);
    this.snapshotId = undefined;
    await this.anvil.call('anvil_dropAllTransactions').catch(() => undefined);
  }

  private async mineEach(txs: readonly DecodedTx[]): Promise<EachTrial> {
    await this.sendPrefix();
    const rejected: EachTrial['rejected'] = [];
    for (const tx of txs) {
      const error = await this.send(tx);
      if (error !== undefined) rejected.push({ tx, detail: error });
    }
    const mined = await this.mine();
    const prefix = this.accepted.map((tx) => tx.hash);
    if (!sameList(mined.hashes.slice(0, prefix.length), prefix)) {
      throw new NonRetryableError('Relay emulator: replayed transactions did not open the block', {
        details: [`block: ${this.number}`, `expected: ${prefix.join(',')}`, `mined: ${mined.hashes.join(',')}`],
      });
    }
    const byHash = new Map(txs.map((tx) => [tx.hash, tx]));
    const included: DecodedTx[] = [];
    for (const hash of mined.hashes.slice(prefix.length)) {
      const tx = byHash.get(hash);
      if (!tx) throw new NonRetryableError('Relay emulator: an unknown transaction was mined', { details: [`block: ${this.number}`, `tx: ${hash}`] });
      included.push(tx);
    }
    const landed = new Set(included.map((tx) => tx.hash));
    const refused = new Set(rejected.map((r) => r.tx.hash));
    for (const tx of txs) {
      if (!landed.has(tx.hash) && !refused.has(tx.hash)) rejected.push({ tx, detail: 'not mined (nonce gap, fee below base fee or block gas limit)' });
    }
    this.accepted.push(...included);
    return { included, rejected };
  }

  /** Returns Anvil to the parent state; keeps (or takes) a snapshot if more trials may follow. */
  private async resetToParent(keepSnapshot: boolean): Promise<void> {
    if (this.snapshotId !== undefined && (!this.atParent || !keepSnapshot)) {
      // Anvil consumes a snapshot on revert; reverting while at the parent just releases it.
      const reverted = await this.anvil.call<boolean>('evm_revert', [this.snapshotId]);
      if (!reverted) throw new NonRetryableError('Relay emulator: Anvil lost the block snapshot', { details: [`block: ${this.number}`] });
      this.snapshotId = undefined;
      this.atParent = true;
    }
    if (!this.atParent) throw new NonRetryableError('Relay emulator: trial block without snapshot', { details: [`block: ${this.number}`] });
    if (keepSnapshot && this.snapshotId === undefined) this.snapshotId = await this.anvil.call<string>('evm_snapshot');
    await this.anvil.call('anvil_dropAllTransactions');
  }

  private async sendPrefix(): Promise<void> {
    for (const tx of this.accepted) {
      const error = await this.send(tx);
      if (error !== undefined) {
        throw new NonRetryableError('Relay emulator: an accepted transaction failed on replay', { details: [`block: ${this.number}`, `tx: ${tx.hash}`, `error: ${error}`] });
      }
    }
  }

  /** Sends one raw tx to Anvil's pool; returns the node's refusal message, if any. */
  private async send(tx: DecodedTx): Promise<string | undefined> {
    try {
      await this.anvil.call('eth_sendRawTransaction', [tx.raw]);
      return undefined;
    } catch (err) {
      if (err instanceof AnvilRpcError) return err.rpcMessage;
      throw err;
    }
  }

  private async mine(): Promise<MinedBlock> {
    await this.anvil.call('evm_mine', [this.timestamp]);
    this.atParent = false;
    const block = await this.anvil.call<RpcBlock>('eth_getBlockByNumber', ['latest', false]);
    if (Number(block.number) !== this.number || Number(block.timestamp) !== this.timestamp) {
      throw new KeeperError('Relay emulator: Anvil mined an unexpected block (was it mined directly?)', {
        details: [`expected: #${this.number} at ${this.timestamp}`, `got: #${Number(block.number)} at ${Number(block.timestamp)}`],
      });
    }
    const hashes = block.transactions.map((h) => h.toLowerCase());
    const succeeded = new Map<string, boolean>();
    if (hashes.length > 0) {
      const receipts = await this.anvil.call<Array<{ transactionHash: string; status: string }>>('eth_getBlockReceipts', [block.number]);
      for (const receipt of receipts) succeeded.set(receipt.transactionHash.toLowerCase(), Number(receipt.status) === 1);
    }
    await this.anvil.call('anvil_dropAllTransactions');
    return { hashes, succeeded };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
