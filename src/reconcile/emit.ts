/**
 * The reconciliation onto the keeper's event bus: the metrics (book_unexplained_ether) and
 * the alert path (a critical webhook alert while anything is unexplained, resolved once the
 * book matches the chain again) both listen there.
 */
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Reconciliation } from './reconcile.ts';

export function emitReconciliation(events: Pick<KeeperEventBus, 'emit'>, vault: string, r: Reconciliation): void {
  events.emit('book.reconciled', { vault, block: r.block, unexplainedWei: r.unexplainedWei, items: r.items.map((i) => i.what) });
}
