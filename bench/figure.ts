/** One benchmark figure, printed as one JSON line by bench/run.ts. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the figure is compared with (e.g. the naive observer's count). */
  readonly baseline?: number;
  /** baseline / value: how many times better than the baseline. */
  readonly ratio?: number;
}

/** A bench file's export: runs the measurement and returns its figures. */
export type BenchRun = () => Promise<readonly Figure[]>;

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
