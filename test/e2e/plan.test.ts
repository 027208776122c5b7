/**
 * `keeper plan` as an operator runs it: a child process against a devnet world started here,
 * with the deployment JSON the config points to written to a temp dir. Plus the failures an
 * operator meets first: Redis down, RPC (devnet) down, a bad config; each a short message
 * and a non-zero exit, never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startWorld, type DevnetWorld } from '../../src/devnet/world.ts';
import { writeDeployment } from '../../src/devnet/deployment.ts';
import { seedKeeperPosition } from '../../src/devnet/seed-keeper.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { PROJECT_ROOT } from '../helpers/chain.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'keeper.mjs');
const DEVNET_YAML = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8');
const FIXTURE_DEPLOYMENT = join(PROJECT_ROOT, 'test', 'unit', 'config', 'fixtures', 'deployment.json');
const dir = mkdtempSync(join(tmpdir(), 'rk-plan-e2e-'));
const prefix = `test-plan-e2e-${randomUUID()}`;
let world: DevnetWorld;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function keeper(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** config/devnet.yaml with this test's Redis prefix (and optional other edits), in the temp dir. */
function configCopy(name: string, edit: (yaml: string) => string = (y) => y): string {
  const path = join(dir, name);
  writeFileSync(path, edit(DEVNET_YAML.replace(/prefix: rk-devnet/, `prefix: ${prefix}`)));
  return path;
}

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir: join(dir, 'state') });
  await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
  await world.mine(3);
  writeDeployment(join(dir, 'deployment.json'), world.deployment);
});

afterAll(async () => {
  await world?.stop();
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper plan (child process)', () => {
  it('prints one JSON object with the decision for the devnet vault, exit 0', async () => {
    const run = await keeper(['plan', '--config', configCopy('devnet.yaml'), '--deployment', join(dir, 'deployment.json'), '--vault', 'devnet-eoa', '--json']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; vaults: Record<string, unknown>[] };
    expect(out.ok).toBe(true);
    const [vault] = out.vaults as [Record<string, any>];
    expect(vault.vault).toEqual({ name: 'devnet-eoa', address: world.deployment.accounts.keeper, backend: 'eoa' });
    expect(vault.chainId).toBe(31337);
    expect(vault.totalWei).toMatch(/^\d+$/);
    expect(BigInt(vault.totalWei as string)).toBeGreaterThan(99n * 10n ** 18n);
    expect(vault.positions.map((p: { id: string }) => p.id)).toContain('ezETH-restaked');
    const weeth = vault.positions.find((p: { id: string }) => p.id === 'weETH');
    expect(weeth.currentBps).toBeGreaterThanOrEqual(3990);
    expect(weeth.stale).toBe(false);
    expect(['rebalance', 'compound', 'hold']).toContain(vault.decision.kind);
    expect(typeof vault.decision.reason).toBe('string');
    expect(vault.operator).toMatchObject({ name: 'op-alpha', source: 'delegated' });
  });

  it('prints the table and the decision as text', async () => {
    const run = await keeper(['plan', '--config', configCopy('devnet-text.yaml'), '--deployment', join(dir, 'deployment.json'), '--vault', 'devnet-eoa']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^vault devnet-eoa \(/);
    expect(run.stdout).toMatch(/\nposition +tier +value ETH +now +target +approved +after +net APY +LRT APY +AVS APR +streams +fees +slashing +risk pen\. +data\n/);
    expect(run.stdout).toMatch(/\ndecision: (ACT \((rebalance|compound)\)|HOLD): /);
  });

  it('fails with a clear message when Redis is unreachable', async () => {
    const config = configCopy('dead-redis.yaml', (y) => y.replace('redisUrl: redis://127.0.0.1:6379', 'redisUrl: redis://127.0.0.1:1'));
    const run = await keeper(['plan', '--config', config, '--deployment', FIXTURE_DEPLOYMENT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: Redis is unreachable\n {2}url: redis:\/\/127\.0\.0\.1:1\n/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with a clear message when the RPC (the devnet) is down', async () => {
    const deployment = JSON.parse(readFileSync(FIXTURE_DEPLOYMENT, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'dead-deployment.json'), JSON.stringify({ ...deployment, rpcUrl: 'http://127.0.0.1:9' }));
    const run = await keeper(['plan', '--config', configCopy('dead-rpc.yaml'), '--deployment', join(dir, 'dead-deployment.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: RPC is unreachable\n/);
    expect(run.stderr).toContain('hint: is the devnet running? start it with `keeper devnet up`');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with the bad field\'s path for a bad config', async () => {
    const config = configCopy('bad.yaml', (y) => y.replace('maxWeightPerPositionBps: 5000', 'maxWeightPerPositionBps: 50000'));
    const run = await keeper(['plan', '--config', config, '--deployment', FIXTURE_DEPLOYMENT]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('risk.maxWeightPerPositionBps');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
