/**
 * Progress of a long backtest, on stderr. Most runs take seconds, but a long or wide market (a
 * year of daily steps, six positions) keeps the upper bound busy for a minute or two, and a
 * command that says nothing for that long looks hung. Quiet for the first PROGRESS_EVERY_MS,
 * then at most one line per PROGRESS_EVERY_MS: a short run prints nothing more than before.
 */
export const PROGRESS_EVERY_MS = 10_000;

/**
 * The progress callback for one scenario's run (BacktestOptions.onProgress).
 * @example const onProgress = backtestProgress(io.stderr, 'steady'); // after 10 s: "  steady: upper bound: day 40 of 111 (10 s)"
 */
export function backtestProgress(write: (line: string) => void, scenario: string, now: () => number = () => performance.now()): (stage: string) => void {
  const start = now();
  let last = start;
  return (stage) => {
    const t = now();
    if (t - last < PROGRESS_EVERY_MS) return;
    last = t;
    write(`  ${scenario}: ${stage} (${Math.round((t - start) / 1000)} s)\n`);
  };
}
