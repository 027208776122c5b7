/**
 * Feeds the keeper's metrics from its events, so the pipeline never calls prom-client
 * itself: the daemon emits what happened, this file decides what is counted.
 *
 * @example const detach = attachMetrics(bus, createKeeperMetrics(registry)); … detach();
 */
import type { KeeperEventSource } from './keeper-events.ts';
import { subscribeAll } from './keeper-events.ts';
import type { KeeperMetrics } from './metrics.ts';

/** Subscribes `metrics` to every keeper event it counts; returns the unsubscribe function. */
export function attachMetrics(events: KeeperEventSource, metrics: KeeperMetrics): () => void {
  return subscribeAll(events, {
    'vault.observed': (e) => metrics.vaultObserved(e.vault, e),
    'vault.performance': (e) => metrics.vaultPerformance(e.vault, e.realisedApy),
    'plan.made': (e) => metrics.planMade(e.vault, e.kind, e.expectedApy),
    'plan.refused': (e) => metrics.planRefused(e.vault, e.reasonCode),
    'bundle.sent': (e) => metrics.bundleSent(e.vault),
    'bundle.included': (e) => metrics.bundleIncluded(e.vault, e.gasUsed, e.gasCostWei),
    'bundle.missed': (e) => metrics.bundleMissed(e.vault, e.final),
    'job.completed': (e) => metrics.jobFinished(e.queue, 'completed', e.durationMs),
    'job.failed': (e) => metrics.jobFinished(e.queue, 'failed', e.durationMs, e.final),
    'breaker.tripped': (e) => metrics.breaker(e.vault, e.breaker, true),
    'breaker.reset': (e) => metrics.breaker(e.vault, e.breaker, false),
    'breaker.state': (e) => metrics.breakersOpen(e.vault, e.open),
    'rpc.endpoint': (e) => metrics.rpcEndpoint(e.endpoint, e.up),
    'book.reconciled': (e) => metrics.bookReconciled(e.vault, e.unexplainedWei, e.items.length),
  });
}
