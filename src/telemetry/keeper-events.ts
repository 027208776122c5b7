/**
 * What the running keeper tells its operations surface (metrics, alerts, `keeper status`'s
 * last decision): a typed event map and the smallest emitter interface that carries it.
 *
 * The daemon core (src/queue) emits these; the operations side only subscribes. Keeping the
 * contract here, as plain data with no BullMQ or ethers types, lets both sides be built and
 * tested apart, and lets a test drive the whole operations surface with a bare bus.
 *
 * Units: amounts in wei as bigint, weights in basis points, APYs as fractions (0.035 = 3.5 %),
 * durations in milliseconds. Every label-like field (vault, position id, reason code, queue,
 * breaker) comes from the config or from a fixed code list, never from free text.
 */
import { EventEmitter } from 'node:events';

export interface KeeperEventMap {
  /** After every successful observe + estimate: the vault's book as the keeper sees it. */
  'vault.observed': {
    vault: string;
    block: number;
    /** Block timestamp, unix seconds. */
    timestamp?: number;
    /** The vault contract's share price (asset wei per 1e18 share wei), when it has shares. */
    sharePriceWad?: bigint;
    /** Current weight per position id, bps of total assets (idle not included). */
    weightsBps: Readonly<Record<string, number>>;
    /** Net APY per position id after fees and risk penalties, as a fraction. */
    netApy: Readonly<Record<string, number>>;
    pendingRewardsWei: bigint;
    idleAssetsWei: bigint;
    totalAssetsWei: bigint;
  };
  /** A plan the keeper will execute (kind `hold` included: it is a decision too). */
  'plan.made': {
    vault: string;
    block: number;
    kind: string;
    reason: string;
    planId?: string;
    expectedYearlyGainWei?: bigint;
    totalCostWei?: bigint;
    /** The APY the decision expects of the book: resulting weights × estimated net APY, as a fraction. */
    expectedApy?: number;
  };
  /**
   * Realised net APY from the vault's share-price history, per window (null where the history
   * is too short), recomputed every few minutes per vault, not every block.
   */
  'vault.performance': { vault: string; realisedApy: Readonly<Record<'1d' | '7d' | '30d' | 'inception', number | null>> };
  /** The risk engine or an observation check refused to act; `reasonCode` is a FindingCode or similar fixed code. */
  'plan.refused': { vault: string; block?: number; reasonCode: string; reason: string };
  /**
   * An attempt went out. `route` 'public': the public-mempool fallback sent one transaction
   * (then `relays` is 1, the node, and `targetBlock` the last block waited for); absent: a bundle.
   */
  'bundle.sent': { vault: string; planId: string; targetBlock: number; relays: number; route?: 'bundle' | 'public' };
  'bundle.included': { vault: string; planId: string; block: number; gasUsed: bigint; gasCostWei: bigint; blocksWaited: number };
  /**
   * A target block passed without the bundle. `blocksMissed` counts since the first target;
   * `final` is true when the intent expired (no more attempts).
   */
  'bundle.missed': { vault: string; planId: string; targetBlock: number; blocksMissed: number; final: boolean };
  'job.completed': { queue: string; vault?: string; jobId: string; durationMs: number };
  /** `final` is true when BullMQ will not retry (attempts exhausted or UnrecoverableError). */
  'job.failed': { queue: string; vault?: string; jobId: string; reason: string; attemptsMade: number; final: boolean; durationMs?: number };
  'breaker.tripped': { vault: string; breaker: string; reason: string };
  'breaker.reset': { vault: string; breaker: string };
  /**
   * The breakers open at the newest block applied to the shared breaker state, from whichever
   * process applied it. Transitions go to one process only; this keeps every process's
   * `breaker_open` gauge in step with the shared state.
   */
  'breaker.state': { vault: string; open: readonly string[] };
  /** After each RPC request through the failover provider: that endpoint's health (`endpoint` is `<index>-<host>`). */
  'rpc.endpoint': { endpoint: string; up: boolean; failures: number; lastError?: string };
  /** Each tick: the keeper's book against the chain; `unexplainedWei` 0 and no items when they agree. */
  'book.reconciled': { vault: string; block: number; unexplainedWei: bigint; items: readonly string[] };
}

export type KeeperEventName = keyof KeeperEventMap;
export type KeeperEventListener<E extends KeeperEventName> = (payload: KeeperEventMap[E]) => void;

/** What subscribers need; a Node EventEmitter typed through `createKeeperEventBus` satisfies it. */
export interface KeeperEventSource {
  on<E extends KeeperEventName>(event: E, listener: KeeperEventListener<E>): unknown;
  off<E extends KeeperEventName>(event: E, listener: KeeperEventListener<E>): unknown;
}

export interface KeeperEventBus extends KeeperEventSource {
  emit<E extends KeeperEventName>(event: E, payload: KeeperEventMap[E]): void;
}

export const KEEPER_EVENT_NAMES: readonly KeeperEventName[] = [
  'vault.observed',
  'vault.performance',
  'plan.made',
  'plan.refused',
  'bundle.sent',
  'bundle.included',
  'bundle.missed',
  'job.completed',
  'job.failed',
  'breaker.tripped',
  'breaker.reset',
  'breaker.state',
  'rpc.endpoint',
  'book.reconciled',
];

/**
 * A typed in-process bus. A listener that throws must not break the keeper's pipeline (a
 * metrics bug is no reason to skip a compound), so each listener runs guarded and failures
 * go to `onListenerError`.
 *
 * @example
 *   const bus = createKeeperEventBus((err, event) => logger.warn({ err, event }, 'listener failed'));
 *   bus.on('plan.refused', (e) => …); bus.emit('plan.refused', { vault: 'main', reasonCode: 'DEPEG', reason: '…' });
 */
export function createKeeperEventBus(onListenerError: (err: unknown, event: KeeperEventName) => void = () => undefined): KeeperEventBus {
  const emitter = new EventEmitter();
  // One listener per subscriber and event; a handful of subscribers is normal, dozens is a leak.
  emitter.setMaxListeners(32);
  // Guarded wrappers by event, so `off` can find the function it has to remove.
  const wrapped = new Map<KeeperEventName, Map<unknown, (payload: unknown) => void>>();
  return {
    on(event, listener) {
      const guarded = (payload: unknown): void => {
        try {
          listener(payload as never);
        } catch (err) {
          onListenerError(err, event);
        }
      };
      const forEvent = wrapped.get(event) ?? new Map<unknown, (payload: unknown) => void>();
      forEvent.set(listener, guarded);
      wrapped.set(event, forEvent);
      emitter.on(event, guarded);
      return this;
    },
    off(event, listener) {
      const guarded = wrapped.get(event)?.get(listener);
      if (guarded === undefined) return this;
      emitter.off(event, guarded);
      wrapped.get(event)?.delete(listener);
      return this;
    },
    emit(event, payload) {
      emitter.emit(event, payload);
    },
  };
}

/** Subscribes a set of listeners at once and returns the function that removes them all. */
export function subscribeAll(source: KeeperEventSource, listeners: { [E in KeeperEventName]?: KeeperEventListener<E> }): () => void {
  const added: (() => void)[] = [];
  for (const event of KEEPER_EVENT_NAMES) {
    const listener = listeners[event] as KeeperEventListener<typeof event> | undefined;
    if (listener === undefined) continue;
    source.on(event, listener);
    added.push(() => source.off(event, listener));
  }
  return () => added.forEach((remove) => remove());
}
