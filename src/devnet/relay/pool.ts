/**
 * Bundles waiting for their target block.
 *
 * A bundle targets exactly one block. One sent with a `replacementUuid` replaces the earlier
 * bundle of the same signer and uuid (whatever block that one targeted), and
 * `eth_cancelBundle` removes it: keys are scoped to the signing address, so one searcher
 * cannot cancel another's bundle.
 */
import type { BundleRequest, PooledBundle } from './types.ts';

export class BundlePool {
  private readonly bundles = new Map<number, PooledBundle>();
  private readonly byUuid = new Map<string, number>();
  private seq = 0;

  /** Adds a bundle; returns the bundle it replaced, if any. */
  add(request: BundleRequest, meta: { bundleHash: string; arrivalHead: number; signer: string }): { added: PooledBundle; replaced?: PooledBundle } {
    const added: PooledBundle = { ...request, ...meta, seq: this.seq++ };
    let replaced: PooledBundle | undefined;
    if (request.replacementUuid !== undefined) {
      const key = uuidKey(meta.signer, request.replacementUuid);
      replaced = this.removeByKey(key);
      this.byUuid.set(key, added.seq);
    }
    this.bundles.set(added.seq, added);
    return replaced ? { added, replaced } : { added };
  }

  /** Removes the signer's bundle with that uuid; returns it (or nothing if none was pending). */
  cancel(signer: string, replacementUuid: string): PooledBundle | undefined {
    return this.removeByKey(uuidKey(signer, replacementUuid));
  }

  /** Takes every bundle whose target is at or below `blockNumber`, in arrival order. */
  takeUpTo(blockNumber: number): PooledBundle[] {
    const taken = [...this.bundles.values()].filter((b) => b.blockNumber <= blockNumber).sort((a, b) => a.seq - b.seq);
    for (const bundle of taken) this.remove(bundle);
    return taken;
  }

  get size(): number {
    return this.bundles.size;
  }

  private removeByKey(key: string): PooledBundle | undefined {
    const seq = this.byUuid.get(key);
    if (seq === undefined) return undefined;
    const bundle = this.bundles.get(seq);
    if (bundle) this.remove(bundle);
    this.byUuid.delete(key);
    return bundle;
  }

  private remove(bundle: PooledBundle): void {
    this.bundles.delete(bundle.seq);
    if (bundle.replacementUuid !== undefined) {
      const key = uuidKey(bundle.signer, bundle.replacementUuid);
      if (this.byUuid.get(key) === bundle.seq) this.byUuid.delete(key);
    }
  }
}

function uuidKey(signer: string, uuid: string): string {
  return `${signer.toLowerCase()}/${uuid}`;
}
