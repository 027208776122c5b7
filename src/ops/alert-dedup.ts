/**
 * Alert deduplication, pure: decides which alerts reach the webhook so a flapping condition
 * (a breaker tripping every block, a relay missing every bundle) pages once per window, not
 * once per tick, and no occurrence is silently lost: the next message carries the count.
 *
 * Per alert key:
 *  - the first occurrence is sent; more within `windowMs` of the last send are counted;
 *  - an occurrence after the window is sent again with "repeated N times" for those counted;
 *  - `sweep` sends a summary for a key whose window ended with uncounted repeats, so a burst
 *    that then stops is still reported in full;
 *  - `resolve` sends a resolution (with the count) if the key had alerted, and forgets it;
 *    keys without an explicit end are forgotten after two quiet windows.
 */

export type Severity = 'info' | 'warning' | 'critical';

export interface Alert {
  /** Identity for deduplication, e.g. `breaker:main:DEPEG`. Bounded: built from config names and codes. */
  readonly key: string;
  readonly severity: Severity;
  readonly title: string;
  readonly text: string;
  /**
   * The condition has an explicit end (a breaker reset, a bundle included): the key is kept
   * until `resolve`, so the resolution is sent however long the condition lasted.
   */
  readonly resolvable?: boolean;
}

export interface Outgoing {
  readonly key: string;
  readonly kind: 'fired' | 'repeated' | 'resolved';
  readonly severity: Severity;
  readonly title: string;
  readonly text: string;
  /** Occurrences folded into this message that were not sent on their own. */
  readonly suppressed: number;
}

interface KeyState {
  lastSentAt: number;
  lastSeenAt: number;
  suppressed: number;
  last: Alert;
}

export interface AlertDeduper {
  offer(alert: Alert, now: number): Outgoing | undefined;
  resolve(key: string, now: number, text?: string): Outgoing | undefined;
  sweep(now: number): Outgoing[];
  /** Keys currently tracked (alerted and not resolved or expired). */
  size(): number;
}

/**
 * @example
 *   const dedup = createAlertDeduper(600_000);
 *   dedup.offer(alert, 0);       // sent
 *   dedup.offer(alert, 1_000);   // undefined (counted)
 *   dedup.resolve(alert.key, 2_000); // resolved, suppressed: 1
 */
export function createAlertDeduper(windowMs: number, maxKeys = 10_000): AlertDeduper {
  const states = new Map<string, KeyState>();
  const summary = (n: number): string => (n > 0 ? ` (repeated ${n} more time${n === 1 ? '' : 's'} since the last message)` : '');

  return {
    offer(alert, now) {
      const state = states.get(alert.key);
      if (state !== undefined && now - state.lastSentAt < windowMs) {
        state.suppressed += 1;
        state.lastSeenAt = now;
        state.last = alert;
        return undefined;
      }
      const suppressed = state?.suppressed ?? 0;
      states.delete(alert.key); // re-insert: Map order becomes recency order for eviction
      states.set(alert.key, { lastSentAt: now, lastSeenAt: now, suppressed: 0, last: alert });
      if (states.size > maxKeys) {
        const oldest = states.keys().next().value;
        if (oldest !== undefined) states.delete(oldest);
      }
      return { key: alert.key, kind: state === undefined ? 'fired' : 'repeated', severity: alert.severity, title: alert.title, text: alert.text + summary(suppressed), suppressed };
    },

    resolve(key, _now, text) {
      const state = states.get(key);
      if (state === undefined) return undefined;
      states.delete(key);
      return {
        key,
        kind: 'resolved',
        severity: 'info',
        title: `resolved: ${state.last.title}`,
        text: (text ?? 'condition cleared') + summary(state.suppressed),
        suppressed: state.suppressed,
      };
    },

    sweep(now) {
      const out: Outgoing[] = [];
      for (const [key, state] of states) {
        if (now - state.lastSentAt < windowMs) continue;
        if (state.suppressed > 0) {
          const { last } = state;
          out.push({ key, kind: 'repeated', severity: last.severity, title: last.title, text: last.text + summary(state.suppressed), suppressed: state.suppressed });
          state.suppressed = 0;
          state.lastSentAt = now;
        } else if (state.last.resolvable !== true && now - state.lastSeenAt >= 2 * windowMs) {
          // Quiet for two windows: forget it, so a later occurrence is a fresh "fired".
          states.delete(key);
        }
      }
      return out;
    },

    size: () => states.size,
  };
}
