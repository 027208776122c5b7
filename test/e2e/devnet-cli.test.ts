/**
 * The devnet commands as a user runs them: `keeper devnet up --json` in one process,
 * `keeper devnet scenario` in another, then Ctrl-C (SIGINT) stops everything cleanly.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/chain.ts';

const KEEPER = join(PROJECT_ROOT, 'bin/keeper.mjs');
const dir = mkdtempSync(join(tmpdir(), 'rk-cli-'));
const deploymentFile = join(dir, 'deployment.json');
let up: ChildProcessWithoutNullStreams | undefined;

function keeper(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [KEEPER, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    return response.ok;
  } catch {
    return false;
  }
}

afterAll(() => {
  up?.kill('SIGKILL');
});

describe('keeper CLI', () => {
  it('prints help for every command', () => {
    for (const args of [['--help'], ['devnet', '--help'], ['devnet', 'up', '--help'], ['devnet', 'scenario', '--help'], ['config', 'validate', '--help'], ['start', '--help']]) {
      const result = keeper(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: keeper');
    }
  });

  it('lists scenarios as JSON', () => {
    const result = keeper(['devnet', 'scenario', '--list', '--json']);
    expect(result.status).toBe(0);
    const names = (JSON.parse(result.stdout) as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['steady', 'crossover', 'depeg', 'slashing']));
  });

  it('refuses an unknown scenario and a missing devnet with a clear message', () => {
    const unknown = keeper(['devnet', 'scenario', 'moon', '--deployment', deploymentFile]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Unknown scenario "moon"');
    const missing = keeper(['devnet', 'scenario', 'steady', '--deployment', deploymentFile]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Devnet deployment file not found');
    expect(missing.stderr).not.toContain('    at ');
  });

  it('devnet up runs the world, a scenario plays on it, and SIGINT stops it and removes the deployment file', async () => {
    up = spawn(process.execPath, [KEEPER, 'devnet', 'up', '--json', '--block-ms', '300', '--out', deploymentFile], { cwd: PROJECT_ROOT });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      up?.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      up?.once('exit', (code) => reject(new Error(`devnet up exited early: ${code}`)));
    });
    const printed = JSON.parse(firstLine) as { rpcUrl: string; relayUrl: string; lrts: Record<string, { token: string }>; timings: { totalMs: number } };
    expect(printed.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rpc$/);
    expect(Object.keys(printed.lrts)).toEqual(['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH']);
    expect(JSON.parse(readFileSync(deploymentFile, 'utf8'))).toMatchObject({ rpcUrl: printed.rpcUrl });
    expect(await rpcAnswers(printed.rpcUrl)).toBe(true);

    const scenario = spawnSync(process.execPath, [KEEPER, 'devnet', 'scenario', 'depeg', '--json', '--no-wait', '--deployment', deploymentFile], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(scenario.status, scenario.stderr).toBe(0);
    const scheduled = JSON.parse(scenario.stdout.trim()) as { scenario: string; startBlock: number; endBlock: number };
    expect(scheduled.scenario).toBe('depeg');
    expect(scheduled.endBlock - scheduled.startBlock).toBe(100);

    const exited = new Promise<number | null>((resolve) => up?.once('exit', (code) => resolve(code)));
    up.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(deploymentFile)).toBe(false);
    expect(await rpcAnswers(printed.rpcUrl)).toBe(false);
  });
});
