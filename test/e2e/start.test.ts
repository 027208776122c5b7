/**
 * `keeper start` (what `npm start` runs) as a first-time user meets it: no Redis answers at
 * the config's URL, so a private redis-server is started for the run; the ports given on the
 * command line are the ones bound and printed; Ctrl-C stops the keeper, the devnet and the
 * private Redis, and exits 0. Runs in a scratch directory so the project's .devnet/ is never
 * touched.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/chain.ts';

const dir = mkdtempSync(join(tmpdir(), 'rk-start-'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function redisAnswers(port: number): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper start', () => {
  it('starts a private Redis, binds the ports it was given, prints them and stops cleanly on Ctrl-C', async () => {
    const [redisPort, httpPort] = [await freePort(), await freePort()];
    const config = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8').replace(
      /^(\s*redisUrl:\s*).*$/m,
      `$1redis://127.0.0.1:${redisPort}`,
    );
    expect(config).toContain(`redisUrl: redis://127.0.0.1:${redisPort}`);
    writeFileSync(join(dir, 'devnet.yaml'), config);
    expect(await redisAnswers(redisPort)).toBe(false);

    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/keeper.mjs'), 'start', '-c', 'devnet.yaml', '--http-port', String(httpPort), '--metrics-port', '0', '--prefix', 'rk-test-start'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 150_000;
      while (!stderr.includes('keeper running:') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
      expect(stderr, stderr.slice(-2_000)).toContain('keeper running: 2 vault(s), redis prefix rk-test-start');
      expect(stderr).toContain('started a private redis-server for this run');
      expect(stderr).toContain(`metrics:   http://127.0.0.1:${httpPort}/metrics`);
      expect(stderr).toMatch(new RegExp(`dashboard: http://127\\.0\\.0\\.1:${httpPort}/dashboard\\?token=[0-9a-f]+`));
      expect(await redisAnswers(redisPort)).toBe(true);
      const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text()).toContain('keeper_');
    } finally {
      child.kill('SIGINT');
    }
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code, stderr.slice(-2_000)).toBe(0);
    expect(await redisAnswers(redisPort)).toBe(false);
  }, 240_000);
});
