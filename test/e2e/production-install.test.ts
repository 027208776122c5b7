/**
 * The production install as the Docker image makes it: `npm ci --omit=dev` (no tsx, no
 * Anvil, no solc, no Uniswap artifacts) plus the build in dist/. From that directory alone,
 * `keeper --help` and `keeper config validate` work and `keeper run` keeps a devnet's vaults
 * (started by this test from the development install) under watch until Ctrl-C.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startWorld, type DevnetWorld } from '../../src/devnet/world.ts';
import { writeDeployment } from '../../src/devnet/deployment.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { PROJECT_ROOT } from '../helpers/chain.ts';

const dir = mkdtempSync(join(tmpdir(), 'rk-prod-'));
const prefix = `rk-test-prod-${randomUUID()}`;
let world: DevnetWorld | undefined;

function keeper(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(dir, 'bin/keeper.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(PROJECT_ROOT, file), join(dir, file));
  cpSync(join(PROJECT_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'config'), join(dir, 'config'), { recursive: true });
  // The lockfile's packages are in the npm cache after the development install.
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore', timeout: 300_000 });
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], {
    cwd: PROJECT_ROOT,
    stdio: 'ignore',
    timeout: 300_000,
  });
  const stateDir = join(dir, '.devnet');
  mkdirSync(stateDir, { recursive: true });
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir, blockIntervalMs: 500, seedKeeper: true });
  writeDeployment(join(stateDir, 'deployment.json'), world.deployment);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace(/^(\s*prefix:\s*).*$/m, `$1${prefix}`)
    .replace(/^(\s*healthPort:\s*).*$/m, '$10')
    .replace(/^(\s*metricsPort:\s*).*$/m, '$10');
  writeFileSync(join(dir, 'config', 'prod-test.yaml'), yaml);
}, 600_000);

afterAll(async () => {
  await world?.stop();
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('a production install (npm ci --omit=dev + dist/)', () => {
  it('has neither tsx nor the devnet packages', () => {
    for (const name of ['tsx', 'solc', '@foundry-rs/anvil', '@uniswap/v2-core', '@openzeppelin/contracts']) {
      expect(existsSync(join(dir, 'node_modules', name)), name).toBe(false);
    }
    expect(existsSync(join(dir, 'dist/src/cli/main.js'))).toBe(true);
  });

  it('prints help and validates a config', () => {
    const help = keeper(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: keeper');
    const valid = keeper(['config', 'validate', 'config/prod-test.yaml']);
    expect(valid.status, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('ok: config/prod-test.yaml');
  });

  it('runs the keeper daemon on the devnet and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(dir, 'bin/keeper.mjs'), 'run', '-c', 'config/prod-test.yaml', '--dry-run'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      // Running, and at least one vault observed and decided from the built code.
      while (!(output.includes('keeper running:') && output.includes('"vault":"devnet-main"')) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output, output.slice(-2_000)).toContain('keeper running: 2 vault(s)');
      expect(output).toContain('"vault":"devnet-main"');
    } finally {
      child.kill('SIGINT');
    }
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code, output.slice(-2_000)).toBe(0);
  });
});
