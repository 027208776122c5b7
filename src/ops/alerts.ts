/**
 * Which keeper events page an operator, and how: refused plans, bundles missing beyond N
 * blocks, breakers tripping and jobs that failed for good, each deduplicated by key (see
 * alert-dedup.ts) and delivered to the configured webhook (see webhook.ts).
 *
 * Retried job attempts and single missed blocks are normal on mainnet (relays drop bundles,
 * RPCs time out) and only show in metrics; alerts are for what needs a person.
 */
import type { Logger } from '../telemetry/logger.ts';
import { subscribeAll, type KeeperEventMap, type KeeperEventSource } from '../telemetry/keeper-events.ts';
import { cleanLabel } from '../telemetry/labels.ts';
import { weiToEther } from '../telemetry/metrics.ts';
import { createAlertDeduper, type Alert, type Outgoing } from './alert-dedup.ts';
import type { WebhookSender } from './webhook.ts';

export interface AlertPolicy {
  /** Alert once a bundle has missed this many target blocks (default 3). */
  missedBlocks: number;
  /** Deduplication window, ms (default 10 minutes). */
  windowMs: number;
  /** How often suppressed repeats are summarised, ms (default 30 s). */
  sweepEveryMs: number;
  /** Names the keeper in messages (several keepers may share a channel). */
  source: string;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { missedBlocks: 3, windowMs: 600_000, sweepEveryMs: 30_000, source: 'restake-keeper' };

const key = (...parts: (string | undefined)[]): string => parts.map((p) => cleanLabel(p ?? '-')).join(':');

/** The alert for an event, or undefined when it is not worth a message. Pure. */
export function alertFor<E extends keyof KeeperEventMap>(event: E, payload: KeeperEventMap[E], policy: Pick<AlertPolicy, 'missedBlocks'>): Alert | undefined {
  switch (event) {
    case 'plan.refused': {
      const e = payload as KeeperEventMap['plan.refused'];
      return { key: key('refused', e.vault, e.reasonCode), severity: 'warning', title: `plan refused on ${e.vault}: ${e.reasonCode}`, text: `${e.reason}${e.block !== undefined ? ` (block ${e.block})` : ''}` };
    }
    case 'bundle.missed': {
      const e = payload as KeeperEventMap['bundle.missed'];
      if (!e.final && e.blocksMissed < policy.missedBlocks) return undefined;
      return {
        key: key('bundle-missed', e.vault),
        severity: e.final ? 'critical' : 'warning',
        title: e.final ? `bundle expired on ${e.vault}` : `bundle not included on ${e.vault}`,
        text: `plan ${e.planId}: ${e.blocksMissed} target block(s) missed, last ${e.targetBlock}${e.final ? '; the intent expired' : ''}`,
        resolvable: true,
      };
    }
    case 'breaker.tripped': {
      const e = payload as KeeperEventMap['breaker.tripped'];
      return { key: key('breaker', e.vault, e.breaker), severity: 'critical', title: `breaker ${e.breaker} tripped on ${e.vault}`, text: e.reason, resolvable: true };
    }
    case 'job.failed': {
      const e = payload as KeeperEventMap['job.failed'];
      if (!e.final) return undefined;
      return {
        key: key('job-failed', e.queue, e.vault),
        severity: 'critical',
        title: `${e.queue} job failed${e.vault ? ` for ${e.vault}` : ''}`,
        text: `job ${e.jobId} gave up after ${e.attemptsMade} attempt(s): ${e.reason}`,
      };
    }
    case 'book.reconciled': {
      const e = payload as KeeperEventMap['book.reconciled'];
      if (e.items.length === 0) return undefined;
      return {
        key: key('book', e.vault),
        severity: 'critical',
        title: `book of ${e.vault} does not match the chain: ${weiToEther(e.unexplainedWei).toFixed(4)} ETH unexplained`,
        text: `block ${e.block}: ${e.items.join('; ')}`,
        resolvable: true,
      };
    }
    default:
      return undefined;
  }
}

/** The message text sent to the webhook. */
export function formatAlert(out: Outgoing, source: string): string {
  const tag = out.kind === 'resolved' ? 'RESOLVED' : out.severity.toUpperCase();
  return `[${tag}] ${source}: ${out.title}\n${out.text}`;
}

export interface Alerter {
  stop(): Promise<void>;
}

/**
 * Subscribes to keeper events and sends deduplicated alerts to `webhook`.
 * @example const alerter = startAlerts(bus, createWebhookSender({ url, logger }), logger); … await alerter.stop();
 */
export function startAlerts(events: KeeperEventSource, webhook: WebhookSender, logger: Logger, policy: Partial<AlertPolicy> = {}, now: () => number = Date.now): Alerter {
  const p = { ...DEFAULT_ALERT_POLICY, ...policy };
  const dedup = createAlertDeduper(p.windowMs);
  const emit = (out: Outgoing | undefined): void => {
    if (out === undefined) return;
    logger.info({ alert: out.key, kind: out.kind, suppressed: out.suppressed }, 'alert');
    webhook.send(formatAlert(out, p.source));
  };
  const offer = <E extends keyof KeeperEventMap>(event: E) => (payload: KeeperEventMap[E]) => {
    const alert = alertFor(event, payload, p);
    if (alert !== undefined) emit(dedup.offer(alert, now()));
  };
  // Refusal keys per vault and the newest refused block, so a later plan can resolve them.
  const refusals = new Map<string, { keys: Set<string>; block: number }>();
  const onRefused = offer('plan.refused');
  const onBook = offer('book.reconciled');
  const detach = subscribeAll(events, {
    'plan.refused': (e) => {
      const seen = refusals.get(e.vault) ?? { keys: new Set<string>(), block: -1 };
      seen.keys.add(key('refused', e.vault, e.reasonCode));
      seen.block = Math.max(seen.block, e.block ?? -1);
      refusals.set(e.vault, seen);
      onRefused(e);
    },
    'bundle.missed': offer('bundle.missed'),
    'breaker.tripped': offer('breaker.tripped'),
    'book.reconciled': (e) => (e.items.length > 0 ? onBook(e) : emit(dedup.resolve(key('book', e.vault), now(), `book of ${e.vault} matches the chain at block ${e.block}`))),
    'job.failed': offer('job.failed'),
    'bundle.included': (e) => emit(dedup.resolve(key('bundle-missed', e.vault), now(), `plan ${e.planId} included in block ${e.block}`)),
    'breaker.reset': (e) => emit(dedup.resolve(key('breaker', e.vault, e.breaker), now(), `breaker ${e.breaker} reset`)),
    'job.completed': (e) => emit(dedup.resolve(key('job-failed', e.queue, e.vault), now(), `a later ${e.queue} job succeeded`)),
    // A plan (hold included) at a LATER block than the refusals means the condition cleared;
    // the pipeline also emits plan.made (a hold) for the very decision that was refused.
    'plan.made': (e) => {
      const seen = refusals.get(e.vault);
      if (seen === undefined || e.block <= seen.block) return;
      for (const k of seen.keys) emit(dedup.resolve(k, now(), `${e.vault} planned again at block ${e.block} (${e.kind})`));
      refusals.delete(e.vault);
    },
  });

  const timer = setInterval(() => dedup.sweep(now()).forEach(emit), p.sweepEveryMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      detach();
      await webhook.drain();
    },
  };
}
