import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rawRpc, startAnvil } from '../../../src/devnet/anvil.ts';

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    await rawRpc(rpcUrl, 'eth_chainId', []);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('startAnvil', () => {
  it('listens on loopback on an OS-chosen port, and two nodes never collide', async () => {
    const [a, b] = await Promise.all([startAnvil(), startAnvil({ chainId: 4242 })]);
    try {
      expect(a.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.port).not.toBe(b.port);
      expect(await rawRpc(a.rpcUrl, 'eth_chainId', [])).toBe('0x7a69');
      expect(await rawRpc(b.rpcUrl, 'eth_chainId', [])).toBe('0x1092');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await answers(a.rpcUrl)).toBe(false);
    expect(await answers(b.rpcUrl)).toBe(false);
  });

  it('mines only on request with noMining, 12 seconds apart', async () => {
    const anvil = await startAnvil({ noMining: true });
    try {
      await rawRpc(anvil.rpcUrl, 'evm_mine', []);
      const first = (await rawRpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as { number: string; timestamp: string };
      await rawRpc(anvil.rpcUrl, 'evm_mine', []);
      const second = (await rawRpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as { number: string; timestamp: string };
      expect(Number(second.number) - Number(first.number)).toBe(1);
      expect(Number(second.timestamp) - Number(first.timestamp)).toBe(12);
    } finally {
      await anvil.stop();
    }
  });

  it('dies with its parent even when the parent is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('../../fixtures/anvil-child.ts', import.meta.url).pathname], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const { rpcUrl, pid } = JSON.parse(line) as { rpcUrl: string; pid: number };
    expect(await answers(rpcUrl)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitUntil(async () => !(await answers(rpcUrl)), 10_000)).toBe(true);
    // The guard shell is gone too: nothing is left behind. It exits just after anvil, so the
    // check waits for it rather than racing it.
    expect(await waitUntil(async () => !processAlive(pid), 10_000)).toBe(true);
  });
});

function processAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/State:\s+Z/.test(status);
  } catch {
    return false;
  }
}
