/**
 * The reconciliation onto the keeper's event bus: the metrics (book_unexplained_ether) and
 * the alert path (a critical webhook alert while anything is unexplained, resolved once the
 * book matches the chain again) both listen there.
 */
import { weiToNumber } from '../domain/units.ts';
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Reconciliation } from './reconcile.ts';

/** @example emitReconciliation(ctx.events, 'devnet-eoa', planned.reconciliation, logger) */
export function emitReconciliation(events: Pick<KeeperEventBus, 'emit'>, vault: string, r: Reconciliation, logger?: Logger): void {
  if (r.deferred === true) {
    logger?.debug({ vault, block: r.block }, 'book reconciliation deferred: a plan of the vault is still open');
    return;
  }
  events.emit('book.reconciled', { vault, block: r.block, unexplainedWei: r.unexplainedWei, items: r.items.map((i) => i.what) });
  const fields = { vault, block: r.block, unexplainedEth: weiToNumber(r.unexplainedWei).toFixed(4), items: r.items.map((i) => i.what) };
  if (r.items.length > 0) logger?.warn(fields, 'book does not match the chain');
  else logger?.debug(fields, 'book reconciled');
}
