/**
 * The operations HTTP server for real: ports on 127.0.0.1, a real Redis with a unique key
 * prefix, real BullMQ queues and a worker, a local webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { startOperations, type Operations, type OperationsDeps } from '../../../src/ops/operations.ts';
import { operationsRunHooks } from '../../../src/ops/run-hooks.ts';

const TOKEN = 'test-dashboard-token-0123456789abcdef';
const prefix = `rk-test-ops-${randomUUID()}`;
let redis: Redis;
let queues: Queue[];
let worker: Worker;
let hook: { server: Server; url: string; bodies: unknown[] };
const logLines: Record<string, unknown>[] = [];
const logger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().trim().split('\n')) logLines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  }),
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function start(overrides: Partial<OperationsDeps> = {}, telemetry: Partial<OperationsDeps['config']['telemetry']> = {}, withToken = true): Promise<Operations> {
  return startOperations({
    config: {
      telemetry: { logLevel: 'info', healthPort: await freePort(), metricsPort: await freePort(), webhookUrl: hook.url, ...telemetry },
      secrets: { signerKey: { env: 'UNUSED' }, relayAuthKey: { env: 'UNUSED' }, ...(withToken ? { dashboardToken: { env: 'RK_TEST_DASHBOARD_TOKEN' } } : {}) },
      chain: { chainId: 31337, rpcUrls: ['http://127.0.0.1:1'], requestTimeoutMs: 1000, pollIntervalMs: 1000, confirmations: 3, maxReorgDepth: 64 },
    },
    events: createKeeperEventBus(),
    redis,
    queues: () => queues,
    workers: () => [worker],
    rpcProbe: async () => 1,
    logger,
    env: { RK_TEST_DASHBOARD_TOKEN: TOKEN },
    processMetrics: false,
    ...overrides,
  });
}

beforeAll(async () => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const connection = { host: '127.0.0.1', port: 6379 };
  queues = [new Queue('observe', { connection, prefix: `${prefix}:q` }), new Queue('execute', { connection, prefix: `${prefix}:q` })];
  await queues[1]?.add('execute', { vault: 'main' }, { jobId: 'main-1' });
  await queues[1]?.add('execute', { vault: 'main' }, { jobId: 'main-2' });
  worker = new Worker('observe', async () => undefined, { connection, prefix: `${prefix}:q` });
  await worker.waitUntilReady();
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as unknown);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
});

afterAll(async () => {
  await worker?.close();
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await new Promise((r) => hook.server.close(r));
});

describe('operations server', () => {
  let ops: Operations;
  beforeAll(async () => {
    ops = await start();
  });
  afterAll(async () => {
    await ops?.stop();
  });

  it('binds to loopback and prints the dashboard URL without the token', () => {
    expect(ops.urls.ops).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ops.urls.metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(ops.urls.dashboard).toBe(`${ops.urls.ops}/dashboard`);
    expect(JSON.stringify(logLines)).not.toContain(TOKEN);
  });

  it('/healthz answers ok while the loop runs', async () => {
    const res = await fetch(`${ops.urls.ops}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', ok: true });
  });

  it('/readyz is ready with Redis, RPC and workers up, and not ready once a worker stops', async () => {
    let res = await fetch(`${ops.urls.ops}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, rpc: { ok: true }, workers: { ok: true, detail: '1 running' } } });
    const stopped = new Worker('observe', async () => undefined, { connection: { host: '127.0.0.1', port: 6379 }, prefix: `${prefix}:q`, autorun: false });
    const other = await start({ workers: () => [worker, stopped] }, {}, false);
    try {
      res = await fetch(`${other.urls.ops}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not ready', checks: { workers: { ok: false } } });
    } finally {
      await other.stop();
      await stopped.close();
    }
  });

  it('/metrics serves keeper metrics and queue depths sampled from BullMQ, on both ports', async () => {
    const events = createKeeperEventBus();
    const other = await start({ events }, {}, false);
    try {
      events.emit('plan.refused', { vault: 'main', block: 3, reasonCode: 'DEPEG', reason: 'x' });
      for (const url of [`${other.urls.ops}/metrics`, other.urls.metrics ?? '']) {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/plain');
        const text = await res.text();
        expect(text).toContain('keeper_queue_jobs{queue="execute",state="waiting"} 2');
        expect(text).toContain('keeper_queue_jobs{queue="observe",state="waiting"} 0');
        expect(text).toContain('keeper_plans_refused_total{vault="main",reason="DEPEG"} 1');
      }
      // The metrics-only port serves nothing else.
      expect((await fetch(`${other.urls.metrics?.replace('/metrics', '')}/healthz`)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });

  it('the dashboard refuses requests without the right token and serves them with it', async () => {
    const base = ops.urls.dashboard ?? '';
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/api/queues`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    const page = await fetch(`${base}/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${base}/api/queues?activeQueue=execute&status=waiting&page=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['execute', 'observe']);
  });

  it('a browser logs in once with ?token= and then uses the cookie', async () => {
    const login = await fetch(`${ops.urls.dashboard}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard/');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^rk_dashboard=[0-9a-f]{64}$/);
    expect((await fetch(`${ops.urls.dashboard}/api/queues`, { headers: { cookie } })).status).toBe(200);
  });

  it('without a configured token the dashboard is not mounted and a log line says so', async () => {
    const before = logLines.length;
    const other = await start({}, {}, false);
    try {
      expect(other.urls.dashboard).toBeUndefined();
      expect((await fetch(`${other.urls.ops}/dashboard/`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
      expect(logLines.slice(before).some((l) => l.msg === 'queue dashboard not mounted: secrets.dashboardToken is not configured')).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('refuses a configured token that is too short', async () => {
    await expect(start({ env: { RK_TEST_DASHBOARD_TOKEN: 'short' } })).rejects.toThrow(/shorter than 16/);
  });

  it('/readyz says not ready when Redis does not answer', async () => {
    const dead = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    dead.on('error', () => undefined);
    const other = await start({ redis: dead }, {}, false);
    try {
      const res = await fetch(`${other.urls.ops}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ checks: { redis: { ok: false }, workers: { ok: true } } });
    } finally {
      await other.stop();
      dead.disconnect();
    }
  });

  it('sends alerts to the webhook as Slack/Discord JSON', async () => {
    hook.bodies.length = 0;
    const events = createKeeperEventBus();
    const other = await start({ events }, {}, false);
    try {
      events.emit('breaker.tripped', { vault: 'main', breaker: 'DEPEG', reason: 'ezETH 3 % below its rate' });
      events.emit('breaker.tripped', { vault: 'main', breaker: 'DEPEG', reason: 'ezETH 3 % below its rate' });
      await other.stop();
      const expected = '[CRITICAL] restake-keeper: breaker DEPEG tripped on main\nezETH 3 % below its rate';
      expect(hook.bodies).toEqual([{ text: expected, content: expected }]);
    } finally {
      await other.stop();
    }
  });

  it('a port in use fails the start, and closes what it had opened', async () => {
    const taken = Number(new URL(ops.urls.ops ?? '').port);
    const healthPort = await freePort();
    await expect(start({}, { healthPort, metricsPort: taken }, false)).rejects.toThrow(/EADDRINUSE/);
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
  });

  it('the keeper run hooks start the surface on the daemon\'s queues and workers, and stop it', async () => {
    const hooks = operationsRunHooks({ env: { KEEPER_HTTP_HOST: '127.0.0.1' } });
    const config = {
      telemetry: { logLevel: 'info' as const, healthPort: await freePort(), metricsPort: 0 },
      secrets: { signerKey: { env: 'UNUSED' }, relayAuthKey: { env: 'UNUSED' } },
      chain: { chainId: 31337, rpcUrls: ['http://127.0.0.1:1'], requestTimeoutMs: 1000, pollIntervalMs: 1000, confirmations: 3, maxReorgDepth: 64 },
    };
    await expect(hooks.started({ queues: {}, workers: [] }, logger)).rejects.toThrow(/needs the loaded config|need the loaded config/);
    await hooks.started({ queues: { observe: queues[0]!, execute: queues[1]! }, workers: [worker] }, logger, config);
    const base = `http://127.0.0.1:${config.telemetry.healthPort}`;
    try {
      hooks.events.emit('vault.observed', { vault: 'main', block: 9, weightsBps: { weETH: 5000 }, netApy: { weETH: 0.03 }, pendingRewardsWei: 0n, idleAssetsWei: 0n, totalAssetsWei: 0n });
      const ready = await fetch(`${base}/readyz`);
      // The RPC counts as answering: the observation above came through it.
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, rpc: { ok: true }, workers: { ok: true } } });
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('keeper_position_weight_bps{vault="main",position="weETH"} 5000');
      expect(text).toContain('keeper_queue_jobs{queue="execute",state="waiting"} 2');
      expect(text).toContain('keeper_process_');
    } finally {
      await hooks.stopping();
    }
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
