/**
 * The operations surface in one call, for the composition root (`keeper run`): metrics fed
 * from keeper events, queue depths sampled at scrape, liveness and readiness, the HTTP
 * server (`telemetry.healthPort`: /metrics, /healthz, /readyz, /dashboard; plus a
 * /metrics-only listener on `telemetry.metricsPort` when it is set) and webhook alerts.
 *
 * A port of 0 in the config disables that listener. Everything started here is stopped by
 * `stop()`, which `keeper run` calls after the daemon's workers drained (src/cli/commands/run.ts
 * `stopKeeper`), so alerts raised while draining still go out (the webhook queue is drained
 * with a deadline) and /healthz answers until the work is done. If a listener cannot be
 * opened, `startOperations` stops what it started and throws an error naming the port.
 *
 * @example
 *   const ops = await startOperations({ config, events: bus, redis, queues: () => Object.values(queues), workers: () => workers, logger, env: io.env });
 *   logger.info(ops.urls, 'operations endpoints');
 *   … await ops.stop();
 */
import { readFile } from 'node:fs/promises';
import type { Queue } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { KeeperConfig } from '../config/schema.ts';
import { InputError } from '../domain/errors.ts';
import type { ReadSecretFile } from '../config/secrets.ts';
import type { KeeperEventSource } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import { createKeeperMetrics, type KeeperMetrics } from '../telemetry/metrics.ts';
import { attachMetrics } from '../telemetry/metrics-events.ts';
import { registerQueueDepth } from '../telemetry/queue-depth.ts';
import { startLivenessMonitor } from '../telemetry/liveness.ts';
import { createActivityTracker, redisCheck, rpcRecentCheck, workersCheck, type ActivityTracker, type RunningWorker } from '../telemetry/readiness.ts';
import { DASHBOARD_PATH, resolveDashboardToken, type DashboardHandle } from '../telemetry/dashboard.ts';
import { createMetricsApp, createOpsApp, DEFAULT_HOST, listen, type ListeningServer } from '../telemetry/ops-server.ts';
import { VAULT_PAGE_PATH } from '../telemetry/vault-page.ts';
import { startAlerts, type AlertPolicy } from './alerts.ts';
import { createWebhookSender } from './webhook.ts';

export interface OperationsDeps {
  config: Pick<KeeperConfig, 'telemetry' | 'secrets' | 'chain'>;
  events: KeeperEventSource;
  /** Pinged by /readyz. */
  redis: { ping(): Promise<string> };
  /** The daemon's queues (dashboard, queue depths); read again at every scrape. */
  queues: () => readonly Queue[];
  /** The daemon's workers, for /readyz. */
  workers: () => readonly RunningWorker[];
  /** Asks the chain once when no RPC answer was seen recently, e.g. `() => provider.getBlockNumber()`. */
  rpcProbe?: () => Promise<unknown>;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  readSecretFile?: ReadSecretFile;
  /** Bind address; default `env.KEEPER_HTTP_HOST`, else 127.0.0.1 (a container sets 0.0.0.0). */
  host?: string;
  registry?: Registry;
  /** Process metrics (CPU, memory, event loop lag, GC) on the same registry (default true). */
  processMetrics?: boolean;
  alerts?: Partial<AlertPolicy>;
  /** Data of the vault page at /vaults (served with the dashboard, behind its token). */
  vaultPage?: () => Promise<unknown>;
}

export interface Operations {
  registry: Registry;
  metrics: KeeperMetrics;
  /** Mark it on every successful RPC answer; `vault.observed` events mark it too. */
  rpcActivity: ActivityTracker;
  urls: { ops?: string; metrics?: string; dashboard?: string; vaults?: string };
  dashboard?: DashboardHandle;
  stop(): Promise<void>;
}

export async function startOperations(deps: OperationsDeps): Promise<Operations> {
  const { config, logger } = deps;
  const log = logger.child({ component: 'operations' });
  const registry = deps.registry ?? new Registry();
  if (deps.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'keeper_process_' });
  const metrics = createKeeperMetrics(registry);
  const stops: (() => Promise<void> | void)[] = [attachMetrics(deps.events, metrics)];
  registerQueueDepth(registry, deps.queues, { onError: (err, queue) => log.debug({ err, queue }, 'queue depth sample failed') });

  const rpcActivity = createActivityTracker();
  const markRpc = (): void => rpcActivity.mark();
  deps.events.on('vault.observed', markRpc);
  stops.push(() => void deps.events.off('vault.observed', markRpc));

  const liveness = startLivenessMonitor();
  stops.push(() => liveness.stop());
  // An RPC answer older than a few poll intervals (and at least a minute) means the node or the keeper stalled.
  const rpcMaxAgeMs = Math.max(60_000, 5 * config.chain.pollIntervalMs);
  const readiness = [redisCheck(deps.redis), rpcRecentCheck(rpcActivity, rpcMaxAgeMs, deps.rpcProbe), workersCheck(deps.workers)];

  const host = deps.host ?? (deps.env.KEEPER_HTTP_HOST?.trim() || DEFAULT_HOST);
  const urls: Operations['urls'] = {};
  let dashboard: DashboardHandle | undefined;
  try {
    const { healthPort, metricsPort, webhookUrl } = config.telemetry;
    if (healthPort !== 0) {
      const token = await resolveDashboardToken(config.secrets.dashboardToken, deps.env, deps.readSecretFile ?? ((p) => readFile(p, 'utf8')), log);
      const ops = createOpsApp({
        registry,
        liveness,
        readiness,
        logger: log,
        ...(token !== undefined ? { dashboard: { token, queues: deps.queues() } } : {}),
        ...(deps.vaultPage ? { vaultPage: deps.vaultPage } : {}),
      });
      dashboard = ops.dashboard;
      const server: ListeningServer = await listenOrExplain(ops.app, healthPort, host, 'telemetry.healthPort');
      stops.push(() => server.close());
      urls.ops = server.url;
      if (dashboard) urls.dashboard = `${server.url}${DASHBOARD_PATH}`;
      if (dashboard && deps.vaultPage) urls.vaults = `${server.url}${VAULT_PAGE_PATH}`;
    }
    if (metricsPort !== 0) {
      const server = await listenOrExplain(createMetricsApp(registry, log), metricsPort, host, 'telemetry.metricsPort');
      stops.push(() => server.close());
      urls.metrics = `${server.url}/metrics`;
    }
    if (webhookUrl !== undefined) {
      const alerter = startAlerts(deps.events, createWebhookSender({ url: webhookUrl, logger: log }), log, deps.alerts);
      stops.push(() => alerter.stop());
    } else {
      log.info('alerts off: telemetry.webhookUrl is not configured');
    }
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
  log.info({ ...urls, host }, 'operations endpoints listening');
  return { registry, metrics, rpcActivity, urls, ...(dashboard ? { dashboard } : {}), stop: () => stopAll(stops) };
}

async function listenOrExplain(app: Parameters<typeof listen>[0], port: number, host: string, field: string): Promise<ListeningServer> {
  try {
    return await listen(app, port, host);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? 'is already in use (EADDRINUSE)' : code === 'EACCES' ? 'needs privileges (EACCES)' : 'cannot be opened';
    throw new InputError(`Port ${port} on ${host} ${why}`, { details: [`${field}: ${port}`, 'choose another port, or 0 to disable this listener'], cause, code: 'PORT_UNAVAILABLE' });
  }
}

async function stopAll(stops: readonly (() => Promise<void> | void)[]): Promise<void> {
  for (const stop of [...stops].reverse()) await Promise.resolve(stop()).catch(() => undefined);
}
