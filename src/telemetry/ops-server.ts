/**
 * The keeper's operations HTTP server (express): `/metrics` for Prometheus, `/healthz`
 * (liveness), `/readyz` (readiness) and, with a token, the queue dashboard at `/dashboard`.
 *
 * Binds to loopback unless told otherwise: metrics reveal positions and the dashboard
 * controls jobs, so exposing them is a deliberate choice (a container sets its host to
 * 0.0.0.0 and publishes the port on the host's loopback or a private network).
 *
 * @example
 *   const server = await startOpsServer({ port: 8080, registry, liveness, readiness, logger });
 *   logger.info({ url: server.url }, 'operations server'); … await server.close();
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.ts';
import type { LivenessMonitor } from './liveness.ts';
import { runReadiness, type ReadinessCheck } from './readiness.ts';
import { mountDashboard, type DashboardHandle } from './dashboard.ts';
import { mountVaultPage } from './vault-page.ts';

export const DEFAULT_HOST = '127.0.0.1';

export interface OpsAppOptions {
  registry: Registry;
  liveness: LivenessMonitor;
  readiness: readonly ReadinessCheck[];
  /** Omit to leave the dashboard unmounted. */
  dashboard?: { token: string; queues: readonly Queue[] };
  /** The vault page's data (src/ops/vault-page-model.ts); mounted with the dashboard's token. */
  vaultPage?: () => Promise<unknown>;
  /** Per-check deadline of /readyz, ms (default 2,000). */
  readinessTimeoutMs?: number;
  logger: Logger;
}

export interface OpsApp {
  app: Express;
  dashboard?: DashboardHandle;
}

/** Serves the metrics text; a failing collector answers 500 instead of a partial page. */
export function metricsHandler(registry: Registry, logger: Logger) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      const body = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.send(body);
    } catch (err) {
      logger.warn({ err }, 'metrics collection failed');
      res.status(500).type('text/plain').send('metrics collection failed\n');
    }
  };
}

/** Builds the app without listening (tests and `startOpsServer` share it). */
export function createOpsApp(options: OpsAppOptions): OpsApp {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(options.registry, options.logger));
  app.get('/healthz', (_req, res) => {
    const report = options.liveness.report();
    res.status(report.ok ? 200 : 503).json({ status: report.ok ? 'ok' : 'stuck', ...report });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await runReadiness(options.readiness, options.readinessTimeoutMs);
    res.status(report.ok ? 200 : 503).json({ status: report.ok ? 'ready' : 'not ready', checks: report.checks });
  });
  const dashboard = options.dashboard ? mountDashboard(app, options.dashboard.token, options.dashboard.queues) : undefined;
  if (options.dashboard && options.vaultPage) mountVaultPage(app, options.dashboard.token, options.vaultPage, options.logger);
  return dashboard ? { app, dashboard } : { app };
}

/** An app serving only `/metrics`, for a separate `telemetry.metricsPort`. */
export function createMetricsApp(registry: Registry, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(registry, logger));
  return app;
}

export interface ListeningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one); rejects when the port is taken. */
export function listen(app: Express, port: number, host: string = DEFAULT_HOST): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections (Prometheus, browsers) would otherwise hold close() open.
            server.closeAllConnections();
          }),
      });
    });
  });
}
