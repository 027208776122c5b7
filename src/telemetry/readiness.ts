/**
 * Readiness for `/readyz`: can this process do its job right now? Redis answers, the chain
 * RPC answered recently, and the workers are running. A load balancer or an orchestrator
 * stops counting on a process that is not ready; it does not restart it (that is liveness).
 *
 * Each check has a deadline, so a hung Redis makes `/readyz` answer "not ready" quickly
 * instead of hanging the probe.
 */
import { redactSecrets } from '../domain/errors.ts';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface ReadinessCheck {
  readonly name: string;
  run(): Promise<CheckResult>;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function runReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      try {
        return [check.name, await Promise.race([check.run(), deadline])];
      } catch (err) {
        return [check.name, { ok: false, detail: redactSecrets(err instanceof Error ? err.message : String(err)) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ok: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}

/** Redis answers PING. @example redisCheck(redis) */
export function redisCheck(redis: { ping(): Promise<string> }): ReadinessCheck {
  return {
    name: 'redis',
    async run() {
      const answer = await redis.ping();
      return { ok: answer === 'PONG', detail: answer === 'PONG' ? 'PONG' : `unexpected answer ${answer.slice(0, 32)}` };
    },
  };
}

/**
 * When something last succeeded; the daemon marks it on every successful RPC answer (or
 * the operations wiring marks it on each `vault.observed` event).
 */
export interface ActivityTracker {
  mark(at?: number): void;
  lastAt(): number | undefined;
}

export function createActivityTracker(now: () => number = Date.now): ActivityTracker {
  let last: number | undefined;
  return {
    mark: (at = now()) => void (last = Math.max(last ?? 0, at)),
    lastAt: () => last,
  };
}

/**
 * The RPC answered within `maxAgeMs`. With no recent answer (a keeper that just started, or
 * an idle one between timer ticks) `probe` asks the node once, e.g. `() => provider.getBlockNumber()`.
 */
export function rpcRecentCheck(activity: ActivityTracker, maxAgeMs: number, probe?: () => Promise<unknown>, now: () => number = Date.now): ReadinessCheck {
  return {
    name: 'rpc',
    async run() {
      const last = activity.lastAt();
      if (last !== undefined && now() - last <= maxAgeMs) return { ok: true, detail: `answered ${now() - last} ms ago` };
      if (probe !== undefined) {
        await probe();
        activity.mark();
        return { ok: true, detail: 'answered a probe just now' };
      }
      return { ok: false, detail: last === undefined ? 'no answer yet' : `last answer ${now() - last} ms ago (limit ${maxAgeMs} ms)` };
    },
  };
}

/** What a BullMQ Worker offers that this needs. */
export interface RunningWorker {
  readonly name: string;
  isRunning(): boolean;
}

/** Every worker runs, and there is at least one (a keeper without workers does nothing). */
export function workersCheck(workers: () => readonly RunningWorker[]): ReadinessCheck {
  return {
    name: 'workers',
    async run() {
      const list = workers();
      const stopped = list.filter((w) => !w.isRunning()).map((w) => w.name);
      if (list.length === 0) return { ok: false, detail: 'no workers started' };
      if (stopped.length > 0) return { ok: false, detail: `not running: ${stopped.join(', ')}` };
      return { ok: true, detail: `${list.length} running` };
    },
  };
}
