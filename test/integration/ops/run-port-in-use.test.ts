/**
 * `keeper run` (the real CLI, bin/keeper.mjs, with its operations surface) when the ops
 * HTTP port is taken: the daemon has already started its workers on a real Redis by then,
 * and the process must stop them and exit non-zero with an error naming the port, instead
 * of staying alive without its HTTP server. The chain RPC points at a closed port: startup
 * reaches the ops listener without a chain (addresses come from a deployment JSON), so the
 * start-up chain check is skipped (--no-chain-check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { Redis } from 'ioredis';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const prefix = `rk-test-port-${randomUUID()}`;
let dir: string;
let occupied: Server;
let takenPort: number;
let redis: Redis;

async function listenOnFreePort(): Promise<Server> {
  const server = createServer((_req, res) => res.end('someone else'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-port-'));
  occupied = await listenOnFreePort();
  takenPort = (occupied.address() as AddressInfo).port;
  const closed = await listenOnFreePort();
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));

  const deployment = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'unit', 'config', 'fixtures', 'deployment.json'), 'utf8')) as Record<string, unknown> & { accounts: Record<string, string> };
  deployment.rpcUrl = `http://127.0.0.1:${deadPort}`;
  deployment.relayUrl = `http://127.0.0.1:${deadPort}`;
  deployment.accounts.keeper = new Wallet(DEV_KEYS.keeper).address;
  deployment.sidecarUrl = `http://127.0.0.1:${deadPort}`;
  const deploymentFile = join(dir, 'deployment.json');
  writeFileSync(deploymentFile, JSON.stringify(deployment));
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('prefix: rk-devnet', `prefix: ${prefix}`)
    .replace('signerKey: { file: .devnet/keeper.key }', 'signerKey: { env: RK_TEST_SIGNER_KEY }')
    .replace('relayAuthKey: { file: .devnet/relay-auth.key }', 'relayAuthKey: { env: RK_TEST_RELAY_KEY }')
    .replace('  dashboardToken: { file: .devnet/dashboard.token }\n', '')
    .replace('metricsPort: 9464', 'metricsPort: 0')
    .replace('healthPort: 8080', `healthPort: ${takenPort}`);
  expect(yaml).toContain(`healthPort: ${takenPort}`);
  writeFileSync(join(dir, 'keeper.yaml'), yaml);
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
});

afterAll(async () => {
  await new Promise((r) => occupied?.close(r));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper run with the ops port in use', () => {
  it('stops the started daemon and exits non-zero with an error naming the port', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'keeper.mjs'), 'run', '--config', join(dir, 'keeper.yaml'), '--log-level', 'info', '--drain-ms', '5000', '--no-chain-check'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', KEEPER_HTTP_HOST: '127.0.0.1', RK_TEST_SIGNER_KEY: DEV_KEYS.keeper, RK_TEST_RELAY_KEY: DEV_KEYS.relayAuth },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const timedOut = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 60_000).unref());
    const outcome = await Promise.race([exited, timedOut]);
    if (outcome === 'still running') child.kill('SIGKILL');

    expect(outcome, output.slice(-2_000)).toBe(1);
    // The daemon did start its workers before the port was tried: the failure is after that point.
    expect(output).toContain('keeper daemon started');
    expect(output).toContain(`Port ${takenPort} on 127.0.0.1 is already in use (EADDRINUSE)`);
    expect(output).toContain(`telemetry.healthPort: ${takenPort}`);
    expect(output).toContain('keeper daemon stopped');
    expect(output).not.toContain('keeper running:');
    // The port still belongs to its owner.
    expect(await (await fetch(`http://127.0.0.1:${takenPort}/`)).text()).toBe('someone else');
  });
});
