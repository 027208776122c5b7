/**
 * Counters of what the emulator received, included and dropped (with reasons), for tests
 * that assert on them and for the log line of each block.
 */
import type { BundleDropReason, BundleOutcome, RelayStats } from './types.ts';

const RECENT_LIMIT = 200;

export class StatsRecorder {
  private blocksProduced = 0;
  private readonly bundles = {
    received: 0,
    included: 0,
    replaced: 0,
    cancelled: 0,
    dropped: {
      'not-selected': 0,
      delay: 0,
      timestamp: 0,
      'invalid-tx': 0,
      reverted: 0,
      'nonce-order': 0,
      'not-mined': 0,
      'target-passed': 0,
    } satisfies Record<BundleDropReason, number>,
  };
  private readonly publicTxs = { received: 0, included: 0, dropped: 0 };
  private callBundles = 0;
  private readonly refused = { auth: 0, invalid: 0 };
  private readonly recent: BundleOutcome[] = [];

  bundleReceived(): void {
    this.bundles.received += 1;
  }

  /** Records the fate of one bundle: included, replaced, cancelled or a drop reason. */
  outcome(outcome: BundleOutcome): void {
    switch (outcome.outcome) {
      case 'included':
        this.bundles.included += 1;
        break;
      case 'replaced':
        this.bundles.replaced += 1;
        break;
      case 'cancelled':
        this.bundles.cancelled += 1;
        break;
      default:
        this.bundles.dropped[outcome.outcome] += 1;
    }
    this.recent.push(outcome);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  publicReceived(): void {
    this.publicTxs.received += 1;
  }

  publicIncluded(count: number): void {
    this.publicTxs.included += count;
  }

  publicDropped(count: number): void {
    this.publicTxs.dropped += count;
  }

  callBundle(): void {
    this.callBundles += 1;
  }

  refusedRequest(kind: 'auth' | 'invalid'): void {
    this.refused[kind] += 1;
  }

  blockProduced(): void {
    this.blocksProduced += 1;
  }

  /** A copy, safe to keep while the emulator goes on. */
  snapshot(pending: { bundles: number; publicTxs: number }): RelayStats {
    return {
      blocksProduced: this.blocksProduced,
      bundles: { ...this.bundles, dropped: { ...this.bundles.dropped }, pending: pending.bundles },
      publicTxs: { ...this.publicTxs, pending: pending.publicTxs },
      callBundles: this.callBundles,
      refused: { ...this.refused },
      recent: this.recent.map((o) => ({ ...o })),
    };
  }
}
