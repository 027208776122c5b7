/**
 * `keeper status` shows the jobs the daemon gave up on: records written the way the daemon
 * writes them (recordFailedJob) on a real Redis with a unique prefix, read back through the
 * command (runStatus), as text and as --json. The chain RPC points at a closed port: the
 * failed jobs come from Redis alone, and on-chain fields show as unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runStatus } from '../../../src/cli/commands/status.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { recordFailedJob } from '../../../src/queue/failures.ts';
import type { KeeperStatus } from '../../../src/ops/status.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const prefix = `rk-test-status-failed-${randomUUID()}`;
/** Where the keeper keeps its state: the prefix scoped by the fixture deployment's chain. */
const state = chainScopedPrefix(prefix, 31337);
const T0 = 1_763_880_000_000; // 2025-11-23T06:40:00.000Z
let dir: string;
let configFile: string;
let redis: Redis;

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: () => undefined, version: 'test', env: {} }, out: () => text };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-status-failed-'));
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const deployment = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'unit', 'config', 'fixtures', 'deployment.json'), 'utf8')) as Record<string, unknown>;
  deployment.rpcUrl = `http://127.0.0.1:${deadPort}`;
  const deploymentFile = join(dir, 'deployment.json');
  writeFileSync(deploymentFile, JSON.stringify(deployment));
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('prefix: rk-devnet', `prefix: ${prefix}`)
    .replace('requestTimeoutMs: 5000', 'requestTimeoutMs: 1000');
  configFile = join(dir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper status: failed jobs', () => {
  it('reports none before anything failed', async () => {
    const { io, out } = capture();
    await runStatus({ config: configFile, json: true }, io);
    expect((JSON.parse(out()) as KeeperStatus).failedJobs).toEqual({ count: 0, recent: [] });
    const text = capture();
    await runStatus({ config: configFile }, text.io, () => T0);
    expect(text.out()).toContain('failed jobs: none');
  });

  it('counts every recorded failure and lists the newest five with queue, job id, vault, reason and time', async () => {
    for (let i = 0; i < 7; i++) {
      await recordFailedJob(redis, state, { queue: i % 2 === 0 ? 'execute' : 'observe', jobId: `devnet-main-${100 + i}`, vault: 'devnet-main', reason: `simulation reverted #${i}`, attemptsMade: 3, at: T0 + i * 60_000 });
    }
    await recordFailedJob(redis, state, { queue: 'compound', jobId: 'repeat:compound-devnet-eoa:1', reason: 'no vault in payload', attemptsMade: 1, at: T0 + 10 * 60_000 });

    const { io, out } = capture();
    await runStatus({ config: configFile, json: true }, io);
    const status = JSON.parse(out()) as KeeperStatus;
    expect(status.failedJobs?.count).toBe(8);
    expect(status.failedJobs?.recent).toEqual([
      { queue: 'compound', jobId: 'repeat:compound-devnet-eoa:1', reason: 'no vault in payload', attemptsMade: 1, at: T0 + 600_000 },
      { queue: 'execute', jobId: 'devnet-main-106', vault: 'devnet-main', reason: 'simulation reverted #6', attemptsMade: 3, at: T0 + 360_000 },
      { queue: 'observe', jobId: 'devnet-main-105', vault: 'devnet-main', reason: 'simulation reverted #5', attemptsMade: 3, at: T0 + 300_000 },
      { queue: 'execute', jobId: 'devnet-main-104', vault: 'devnet-main', reason: 'simulation reverted #4', attemptsMade: 3, at: T0 + 240_000 },
      { queue: 'observe', jobId: 'devnet-main-103', vault: 'devnet-main', reason: 'simulation reverted #3', attemptsMade: 3, at: T0 + 180_000 },
    ]);

    const text = capture();
    await runStatus({ config: configFile }, text.io, () => T0 + 20 * 60_000);
    const printed = text.out();
    expect(printed).toContain('failed jobs: 8 (newest 5)');
    expect(printed).toMatch(/2025-11-23T06:46:00\.000Z \(14m ago\)\s+execute\s+devnet-main-106\s+devnet-main\s+3\s+simulation reverted #6/);
    expect(printed).toMatch(/2025-11-23T06:50:00\.000Z \(10m ago\)\s+compound\s+repeat:compound-devnet-eoa:1\s+-\s+1\s+no vault in payload/);
    expect(printed).not.toContain('devnet-main-102');
  });
});
