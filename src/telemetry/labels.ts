/**
 * Keeps metric label values bounded. Every distinct label value is a new time series in
 * Prometheus, so a label fed from anything open-ended (an error message, a plan id, a
 * block number) slowly eats the monitoring server. Values here are cleaned to a short safe
 * alphabet, and once a label has seen its budget of distinct values, new ones fold into
 * `other` instead of creating series.
 */

export const OVERFLOW_LABEL = 'other';
const MAX_LENGTH = 64;

export interface LabelBudget {
  /** Distinct values each label may take before new ones become `other`. */
  readonly [label: string]: number;
}

export interface LabelGuard {
  /** The value to use for `label`: cleaned, and `other` once the budget is spent. */
  value(label: string, raw: string | undefined): string;
}

/** Label budgets sized for the keeper: vault names come from the config (1,000s at most). */
export const DEFAULT_LABEL_BUDGET: LabelBudget = {
  vault: 5_000,
  position: 64,
  reason: 64,
  kind: 16,
  queue: 32,
  // `${code}:${positionId}`: 5 breaker codes x the configured positions.
  breaker: 128,
  state: 16,
  final: 2,
  // `<index>-<host>` of each chain.rpcUrls entry.
  endpoint: 32,
};

/**
 * Cleans a raw value to `[A-Za-z0-9_.:-]`, at most 64 characters; empty becomes `unknown`.
 * `:` stays because breaker names are `CODE:positionId` (docs/operations.md): a label that
 * read `DEPEG_ezETH` would not match the name in the docs, the logs and the alerts.
 * @example cleanLabel('MIN NET GAIN: 0.3%') // 'MIN_NET_GAIN:_0.3_'
 * @example cleanLabel('DEPEG:ezETH') // 'DEPEG:ezETH'
 */
export function cleanLabel(raw: string | undefined): string {
  if (raw === undefined) return 'unknown';
  const cleaned = raw.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, MAX_LENGTH);
  return cleaned === '' ? 'unknown' : cleaned;
}

/**
 * @example
 *   const guard = createLabelGuard({ reason: 2 });
 *   guard.value('reason', 'DEPEG'); guard.value('reason', 'STALE_DATA'); guard.value('reason', 'X') // 'other'
 */
export function createLabelGuard(budget: LabelBudget = DEFAULT_LABEL_BUDGET, fallbackBudget = 32): LabelGuard {
  const seen = new Map<string, Set<string>>();
  return {
    value(label, raw) {
      const cleaned = cleanLabel(raw);
      let values = seen.get(label);
      if (values === undefined) {
        values = new Set();
        seen.set(label, values);
      }
      if (values.has(cleaned)) return cleaned;
      if (values.size >= (budget[label] ?? fallbackBudget)) return OVERFLOW_LABEL;
      values.add(cleaned);
      return cleaned;
    },
  };
}
