/**
 * An operator drops a strategy file with a syntax error into strategies/. The emergency
 * commands must keep working (`--help`, `pause`, `resume`: a broken strategy must never keep
 * anyone from stopping a vault), while the commands that decide refuse with the file named.
 * Runs the real CLI in a copy of the project whose strategies/ holds the broken file, so the
 * shipped strategies/ directory is never touched by a test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { PROJECT_ROOT } from '../helpers/chain.ts';

const copy = mkdtempSync(join(tmpdir(), 'rk-broken-strategy-'));
const prefix = `rk-test-broken-${randomUUID()}`;
const configFile = join(copy, 'config', 'broken-test.yaml');
let redis: Redis;

function keeper(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(copy, 'bin/keeper.mjs'), ...args], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  for (const entry of ['bin', 'src', 'strategies', 'config', 'package.json', 'tsconfig.json']) {
    cpSync(join(PROJECT_ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  writeFileSync(join(copy, 'strategies', 'half-written.ts'), 'export const strategy = {\n  name: "half-written",\n  decide(\n');
  // The devnet config with this test's Redis prefix and the unit tests' fixture deployment
  // (pause and resume read no chain).
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace(/^(\s*prefix:\s*).*$/m, `$1${prefix}`)
    .replace(/^deployment:.*$/m, `deployment: ${join(PROJECT_ROOT, 'test/unit/config/fixtures/deployment.json')}`);
  writeFileSync(configFile, yaml);
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(copy, { recursive: true, force: true });
});

describe('a strategy file with a syntax error', () => {
  it('does not break --help', () => {
    for (const args of [['--help'], ['pause', '--help'], ['plan', '--help']]) {
      const result = keeper(args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('Usage: keeper');
    }
  });

  it('does not break pause and resume', async () => {
    const paused = keeper(['pause', 'devnet-main', '-c', configFile, '--reason', 'strategy file broken', '--json']);
    expect(paused.status, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ vault: 'devnet-main', paused: true });
    expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0);
    const resumed = keeper(['resume', 'devnet-main', '-c', configFile, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ vault: 'devnet-main', paused: false });
  });

  it('makes the commands that decide refuse, naming the file', () => {
    const result = keeper(['config', 'validate', configFile]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot load strategy file');
    expect(result.stderr).toContain('half-written.ts');
  });
});
