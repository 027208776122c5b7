/**
 * `keeper run`'s shutdown order with the real operations surface (HTTP listener on
 * 127.0.0.1, webhook alerts to a local server): while the daemon's workers drain, /healthz
 * still answers and a job that fails for good during the drain is still alerted; the HTTP
 * server closes and Redis closes only after the drain. The daemon and Redis are stand-ins
 * that record when they are stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopKeeper } from '../../../src/cli/commands/run.ts';
import { operationsRunHooks } from '../../../src/ops/run-hooks.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';

const logger = createLogger({ level: 'silent' });
let hook: { server: Server; url: string; bodies: string[] };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
});

afterAll(async () => {
  await new Promise((r) => hook.server.close(r));
});

describe('keeper run shutdown', () => {
  it('drains the workers first, then flushes alerts and closes HTTP, then Redis', async () => {
    const hooks = operationsRunHooks({ env: { KEEPER_HTTP_HOST: '127.0.0.1' } });
    const healthPort = await freePort();
    const config = {
      telemetry: { logLevel: 'info' as const, healthPort, metricsPort: 0, webhookUrl: hook.url },
      secrets: { signerKey: { env: 'UNUSED' }, relayAuthKey: { env: 'UNUSED' } },
      chain: { chainId: 31337, rpcUrls: ['http://127.0.0.1:1'], requestTimeoutMs: 1000, pollIntervalMs: 1000, confirmations: 3, maxReorgDepth: 64 },
    };
    await hooks.started({ queues: {}, workers: [] }, logger, config);
    const base = `http://127.0.0.1:${healthPort}`;
    const order: string[] = [];
    let healthDuringDrain = 0;
    const daemon = {
      async stop() {
        // A job still running at the signal fails for good while the workers drain.
        await new Promise((r) => setTimeout(r, 50));
        hooks.events.emit('job.failed', { queue: 'execute', vault: 'vault-a', jobId: 'vault-a-42', reason: 'simulation reverted', attemptsMade: 3, final: true });
        healthDuringDrain = (await fetch(`${base}/healthz`)).status;
        order.push('workers');
      },
    };
    const composed = {
      async close() {
        // By now the alert went out and the HTTP server is closed.
        order.push(`redis(alerts=${hook.bodies.length})`);
        await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      },
    };
    const stopping = hooks.stopping.bind(hooks);
    await stopKeeper({ daemon, hooks: { stopping: async () => { await stopping(); order.push('operations'); } }, composed }, logger);

    expect(order).toEqual(['workers', 'operations', 'redis(alerts=1)']);
    expect(healthDuringDrain).toBe(200);
    expect(hook.bodies).toHaveLength(1);
    const body = JSON.parse(hook.bodies[0] ?? '{}') as { text: string };
    expect(body.text).toContain('execute job failed for vault-a');
    expect(body.text).toContain('simulation reverted');
  });

  it('runs every step even when one fails, and rethrows the first failure', async () => {
    const order: string[] = [];
    const failing = stopKeeper(
      {
        daemon: { stop: async () => { order.push('workers'); throw new Error('worker close failed'); } },
        hooks: { stopping: () => void order.push('operations') },
        composed: { close: async () => void order.push('redis') },
      },
      logger,
    );
    await expect(failing).rejects.toThrow('worker close failed');
    expect(order).toEqual(['workers', 'operations', 'redis']);
  });
});
