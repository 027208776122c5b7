/**
 * The rate history as one keeper process sees it within a block: rates are facts about the
 * chain, shared by every vault, so 1,000 vault-ticks of one block need the same five
 * windows, the same jump-check references and the same five appends. Without this view each
 * tick made those 15 Redis round trips itself (and shipped every window's samples over the
 * wire each time).
 *
 * What is shared, per LRT:
 * - the jump-check reference at a timestamp (the newest sample at or before it, read once,
 *   before this process appends that timestamp's sample, so every vault of the block is
 *   checked against the same earlier sample);
 * - appends: one per timestamp per process (the Lua append is idempotent across processes
 *   anyway; this saves the round trip), remembered per series apart from the windows, so a
 *   reward price kept at its hour (src/keeper/reward-prices.ts) is not sent again by every
 *   vault-tick of a block whose windows end later;
 * - windows ending at the newest timestamp asked for.
 *
 * Only the newest timestamp is kept per LRT, so memory is one block's windows. Any sample
 * this process adds (an append at a new timestamp, a bootstrap from past blocks) drops the
 * LRT's cached windows; samples other processes add for older blocks show up at the next
 * block. A failed read is not cached.
 */
import type { RateSample } from '../domain/estimate.ts';
import type { RateHistory, RateSeries } from '../state/rate-history.ts';

export interface SharedRateHistory extends RateHistory {
  /** Newest sample at or before `timestamp` (the observer's jump-check reference). */
  latest(symbol: RateSeries, timestamp: number): Promise<RateSample | undefined>;
}

interface PerSymbol {
  /** Timestamp the cached entries belong to. */
  at: number;
  latest: Promise<RateSample | undefined> | undefined;
  windows: Map<number, Promise<RateSample[]>>;
}

/** This process's newest append of a series (in flight or done). */
interface LastAppend {
  readonly at: number;
  readonly appending: Promise<boolean>;
}

/**
 * @example const rates = sharedRateHistory(rateHistoryFor(redis, 'rk', 31337)); await rates.latest('weETH', 1_700_000_000);
 */
export function sharedRateHistory(history: RateHistory & Pick<SharedRateHistory, 'latest'>): SharedRateHistory {
  const bySymbol = new Map<RateSeries, PerSymbol>();
  const appended = new Map<RateSeries, LastAppend>();
  /** The entry for `timestamp`, or undefined for an older one (served uncached). */
  const entry = (symbol: RateSeries, timestamp: number): PerSymbol | undefined => {
    const current = bySymbol.get(symbol);
    if (current !== undefined && current.at > timestamp) return undefined;
    if (current !== undefined && current.at === timestamp) return current;
    const fresh: PerSymbol = { at: timestamp, latest: undefined, windows: new Map() };
    bySymbol.set(symbol, fresh);
    return fresh;
  };
  const once = <T>(get: () => Promise<T> | undefined, set: (p: Promise<T> | undefined) => void, load: () => Promise<T>): Promise<T> => {
    const cached = get();
    if (cached !== undefined) return cached;
    const loading = load();
    set(loading);
    loading.catch(() => {
      if (get() === loading) set(undefined);
    });
    return loading;
  };
  return {
    latest(symbol, timestamp) {
      const e = entry(symbol, timestamp);
      if (e === undefined) return history.latest(symbol, timestamp);
      return once(() => e.latest, (p) => (e.latest = p), () => history.latest(symbol, timestamp));
    },
    async append(symbol, sample) {
      const last = appended.get(symbol);
      if (last !== undefined && last.at === sample.timestamp) {
        await last.appending;
        return false;
      }
      // A newer sample moves the series' entry on; a past one (a bootstrap) only invalidates its windows.
      entry(symbol, sample.timestamp);
      const appending = history.append(symbol, sample).then((added) => {
        if (added) bySymbol.get(symbol)?.windows.clear();
        return added;
      });
      appended.set(symbol, { at: sample.timestamp, appending });
      appending.catch(() => {
        if (appended.get(symbol)?.appending === appending) appended.delete(symbol);
      });
      return appending;
    },
    window(symbol, from, to) {
      const e = entry(symbol, to);
      if (e === undefined) return history.window(symbol, from, to);
      return once(() => e.windows.get(from), (p) => (p === undefined ? e.windows.delete(from) : e.windows.set(from, p)), () => history.window(symbol, from, to));
    },
    size: (symbol) => history.size(symbol),
  };
}
