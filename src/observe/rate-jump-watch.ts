/**
 * A rate that moved beyond `maxRateJumpBps` since its newest stored sample rejects the tick: a
 * node answering nonsense must not reach a strategy. But a real one-off move (a loss written off
 * at once, a slashing passed to holders) is also such a move, and rejecting it for good left
 * the keeper blind from the moment something went wrong: only accepted ticks store samples, so
 * every later read was judged against the old level. A moved rate that then holds (every read
 * since within the limit of it) for `confirmSeconds` of chain time is accepted as the new level;
 * the estimator reads it as a level break, not growth, and the RATE_JUMP breaker freezes new
 * deposits meanwhile. Kept in memory per process (the daemon's); a one-shot command sees no
 * history and keeps rejecting until the daemon has stored the new level.
 */
import type { RateSample } from '../domain/estimate.ts';
import type { LrtSymbol } from '../domain/types.ts';
import { deviationBps } from '../domain/units.ts';

/** How long a moved rate must hold before it is the new level: 50 blocks. */
export const RATE_JUMP_CONFIRM_SECONDS = 600;

interface Candidate {
  readonly rateWad: bigint;
  /** Chain time it was first read at. */
  readonly since: number;
}

export class RateJumpWatch {
  private readonly candidates = new Map<string, Candidate>();

  constructor(readonly confirmSeconds = RATE_JUMP_CONFIRM_SECONDS) {}

  /**
   * The LRTs whose rate, read at `timestamp`, moved beyond `maxRateJumpBps` from its newest
   * stored sample and has held the new level for `confirmSeconds`: their move is accepted (the
   * caller judges the others, and any zero rate, as before). A read back within the limit of
   * the stored sample forgets the move; a read that moves away from it again starts over.
   * @example watch.confirmed('main', { ezETH: 98n * 10n ** 16n }, { ezETH: { timestamp: 0, rateWad: 10n ** 18n } }, 600, 100) // Set {'ezETH'} once ezETH has read 0.98 since 0
   */
  confirmed(vault: string, rates: Readonly<Partial<Record<LrtSymbol, bigint>>>, lastRates: Readonly<Partial<Record<LrtSymbol, RateSample>>>, timestamp: number, maxRateJumpBps: number): Set<LrtSymbol> {
    const out = new Set<LrtSymbol>();
    for (const [symbol, rate] of Object.entries(rates) as [LrtSymbol, bigint][]) {
      const key = `${vault}:${symbol}`;
      const last = lastRates[symbol];
      if (rate <= 0n || last === undefined || Math.abs(deviationBps(rate, last.rateWad)) <= maxRateJumpBps) {
        this.candidates.delete(key);
        continue;
      }
      const held = this.candidates.get(key);
      if (held === undefined || timestamp < held.since || Math.abs(deviationBps(rate, held.rateWad)) > maxRateJumpBps) {
        this.candidates.set(key, { rateWad: rate, since: timestamp });
        continue;
      }
      if (timestamp - held.since >= this.confirmSeconds) out.add(symbol);
    }
    return out;
  }
}
