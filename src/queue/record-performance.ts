/**
 * Performance accounting for the daemon: every observed block's share price and every landed
 * plan's gas go to the vault's share-price store (src/state/share-prices.ts), which `keeper
 * status`, `/metrics` and the vault page read back as realised APY and gas spent.
 *
 * A vault contract's price is its own `convertToAssets(1e18)`; a book without shares (the
 * keeper's account) records its total value, so deposits into it read as performance and the
 * figures are labelled as a book's. Recording is bookkeeping: a Redis error is logged and the
 * tick goes on.
 */
import type { KeeperEventBus, KeeperEventListener } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { SharePriceStore } from '../state/share-prices.ts';

/** Subscribes to the bus; returns the function that unsubscribes. */
export function recordPerformance(events: KeeperEventBus, store: SharePriceStore, logger: Logger): () => void {
  const failed = (what: string, vault: string) => (err: unknown) => logger.warn({ err, vault }, `${what} not recorded`);
  const observed: KeeperEventListener<'vault.observed'> = (e) => {
    if (e.timestamp === undefined) return;
    const priceWad = e.sharePriceWad ?? e.totalAssetsWei;
    if (priceWad <= 0n) return;
    store.record(e.vault, { block: e.block, timestamp: e.timestamp, priceWad }).catch(failed('share price', e.vault));
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
