/**
 * Performance accounting for the daemon: every observed block's share price and every landed
 * plan's gas go to the vault's share-price store (src/state/share-prices.ts), which `keeper
 * status`, `/metrics` and the vault page read back as realised APY and gas spent.
 *
 * A vault contract's price is its own `convertToAssets(1e18)`; a book without shares (the
 * keeper's account) records its total value, so deposits into it read as performance and the
 * figures are labelled as a book's. Recording is bookkeeping: a Redis error is logged and the
 * tick goes on.
 *
 * Realised APY per window is announced (`vault.performance`, for the `/metrics` gauges) at
 * most once per `everyMs` per vault: it reads the vault's whole bounded history (~10,000
 * samples), which is cheap once every few minutes and wasteful every block; the 1-day window
 * does not move faster than that anyway.
 */
import type { KeeperEventBus, KeeperEventListener } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { SharePriceStore } from '../state/share-prices.ts';
import { PERFORMANCE_WINDOWS, realisedApys } from '../perf/realised-apy.ts';

export interface RecordPerformanceOptions {
  /** Least time between two realised-APY announcements of one vault, ms (default 5 minutes). */
  readonly everyMs?: number;
  /** Wall clock, ms (tests pass their own). */
  readonly now?: () => number;
}

export const DEFAULT_PERFORMANCE_EVERY_MS = 5 * 60_000;

/** Subscribes to the bus; returns the function that unsubscribes. */
export function recordPerformance(events: KeeperEventBus, store: SharePriceStore, logger: Logger, options: RecordPerformanceOptions = {}): () => void {
  const everyMs = options.everyMs ?? DEFAULT_PERFORMANCE_EVERY_MS;
  const now = options.now ?? Date.now;
  const announcedAt = new Map<string, number>();
  const failed = (what: string, vault: string) => (err: unknown) => logger.warn({ err, vault }, `${what} not recorded`);
  const announce = async (vault: string): Promise<void> => {
    const apys = realisedApys(await store.history(vault));
    const realisedApy = Object.fromEntries(PERFORMANCE_WINDOWS.map((w) => [w.name, apys[w.name]?.apy ?? null])) as Record<(typeof PERFORMANCE_WINDOWS)[number]['name'], number | null>;
    events.emit('vault.performance', { vault, realisedApy });
  };
  const observed: KeeperEventListener<'vault.observed'> = (e) => {
    if (e.timestamp === undefined) return;
    const priceWad = e.sharePriceWad ?? e.totalAssetsWei;
    if (priceWad <= 0n) return;
    const due = now() - (announcedAt.get(e.vault) ?? Number.NEGATIVE_INFINITY) >= everyMs;
    if (due) announcedAt.set(e.vault, now());
    store
      .record(e.vault, { block: e.block, timestamp: e.timestamp, priceWad })
      .then(() => (due ? announce(e.vault) : undefined))
      .catch(failed('share price', e.vault));
  };
  const included: KeeperEventListener<'bundle.included'> = (e) => {
    store.addGas(e.vault, e.planId, e.gasCostWei).catch(failed('gas spent', e.vault));
  };
  events.on('vault.observed', observed);
  events.on('bundle.included', included);
  return () => {
    events.off('vault.observed', observed);
    events.off('bundle.included', included);
  };
}
