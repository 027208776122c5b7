/**
 * Liveness for `/healthz`: the process is alive and its event loop is not stuck.
 *
 * A fully blocked loop cannot answer HTTP at all (the orchestrator's probe times out, which
 * is the right outcome). What this adds is the loop that is not dead but keeps stalling, for
 * example a CPU-bound tick on 1,000 vaults: a heartbeat timer measures how late it fires,
 * and `/healthz` fails while the worst lateness in the recent window is over the limit, so
 * a restart is triggered by a pattern rather than by one slow garbage collection.
 */

export interface LivenessOptions {
  /** Heartbeat period, ms (default 500). */
  intervalMs?: number;
  /** Lateness that counts as stuck, ms (default 5,000). */
  stuckAfterMs?: number;
  /** How long a stall keeps /healthz failing, ms (default 30,000). */
  windowMs?: number;
  now?: () => number;
}

export interface LivenessReport {
  ok: boolean;
  /** Worst heartbeat lateness within the window, ms. */
  maxLagMs: number;
  uptimeSeconds: number;
}

/** The pure part: heartbeat times in, worst recent lateness out (tests drive it directly). */
export class LagTracker {
  private readonly lags: { at: number; lagMs: number }[] = [];
  private last: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly windowMs: number,
  ) {}

  /** Records a heartbeat that fired at `now`. */
  beat(now: number): void {
    if (this.last !== undefined) {
      const lagMs = Math.max(0, now - this.last - this.intervalMs);
      if (lagMs > 0) this.lags.push({ at: now, lagMs });
    }
    this.last = now;
    this.prune(now);
  }

  /**
   * Worst lateness within the window, counting a heartbeat that is overdue right now: a
   * request served while the timer is late still sees the stall.
   */
  maxLagMs(now: number): number {
    this.prune(now);
    const overdue = this.last === undefined ? 0 : Math.max(0, now - this.last - this.intervalMs);
    return this.lags.reduce((max, entry) => Math.max(max, entry.lagMs), overdue);
  }

  private prune(now: number): void {
    while (this.lags.length > 0 && (this.lags[0]?.at ?? now) < now - this.windowMs) this.lags.shift();
  }
}

export interface LivenessMonitor {
  report(): LivenessReport;
  stop(): void;
}

/**
 * Starts the heartbeat (an unref'd timer: it never keeps the process alive by itself).
 * @example const liveness = startLivenessMonitor(); … liveness.report().ok; liveness.stop();
 */
export function startLivenessMonitor(options: LivenessOptions = {}): LivenessMonitor {
  const intervalMs = options.intervalMs ?? 500;
  const stuckAfterMs = options.stuckAfterMs ?? 5_000;
  const now = options.now ?? Date.now;
  const started = now();
  const tracker = new LagTracker(intervalMs, options.windowMs ?? 30_000);
  tracker.beat(started);
  const timer = setInterval(() => tracker.beat(now()), intervalMs);
  timer.unref();
  return {
    report() {
      const at = now();
      const maxLagMs = tracker.maxLagMs(at);
      return { ok: maxLagMs < stuckAfterMs, maxLagMs, uptimeSeconds: Math.floor((at - started) / 1000) };
    },
    stop: () => clearInterval(timer),
  };
}
