/**
 * The highest block accepted per vault, held by the process that observes. A fallback RPC
 * that lags behind would otherwise feed the keeper an older state than it already acted on.
 */
export class LastSeenBlocks {
  private readonly blocks = new Map<string, number>();

  get(vault: string): number | undefined {
    return this.blocks.get(vault);
  }

  /** Records `block` unless a higher one is already known. */
  accept(vault: string, block: number): void {
    const known = this.blocks.get(vault);
    if (known === undefined || block > known) this.blocks.set(vault, block);
  }
}
