/**
 * Starts and stops a local Anvil node from the `@foundry-rs/anvil` npm package.
 *
 * Anvil always listens on a loopback address and an OS-chosen free port (`--port 0`), so
 * several devnets (parallel tests, a developer's `keeper devnet up`) never collide. It must
 * not outlive its parent, even when the parent is killed with SIGKILL (tied-process.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { KeeperError, NonRetryableError } from '../domain/errors.ts';
import { spawnTiedToParent, stopTiedProcess } from './tied-process.ts';

export interface AnvilOptions {
  chainId?: number;
  /** Mine only on request (the relay emulator drives blocks); otherwise automine. */
  noMining?: boolean;
  /** Seconds added to the timestamp of each mined block; mainnet-like 12 s by default. */
  blockTimeSeconds?: number;
  /** Genesis timestamp, so runs are reproducible. */
  genesisTimestamp?: number;
  accounts?: number;
  balanceEth?: number;
  /** Extra command-line arguments passed through to anvil. */
  extraArgs?: readonly string[];
  startTimeoutMs?: number;
}

export interface AnvilInstance {
  rpcUrl: string;
  port: number;
  chainId: number;
  pid: number;
  stop(): Promise<void>;
}

const LISTENING = /Listening on 127\.0\.0\.1:(\d+)/;

/** Locates the platform binary shipped inside the npm package (no download needed). */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const pkgJson = require.resolve(`${pkg}/package.json`);
    const binary = pkgJson.replace(/package\.json$/, 'bin/anvil');
    if (existsSync(binary)) return binary;
  } catch {
    // fall through to the error below
  }
  throw new NonRetryableError('Anvil binary not found', {
    details: [`package: ${pkg}`, `platform: ${process.platform}/${process.arch}`, 'run `npm ci` to install it'],
  });
}

/**
 * Starts Anvil and resolves once it accepts JSON-RPC requests.
 *
 * @example
 *   const anvil = await startAnvil({ noMining: true });
 *   // ... use anvil.rpcUrl ...
 *   await anvil.stop();
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilInstance> {
  const chainId = options.chainId ?? 31337;
  const args = [
    '--host', '127.0.0.1',
    '--port', '0',
    '--chain-id', String(chainId),
    '--accounts', String(options.accounts ?? 10),
    '--balance', String(options.balanceEth ?? 1_000_000),
    '--order', 'fifo',
    '--code-size-limit', '100000',
  ];
  if (options.noMining) args.push('--no-mining');
  if (options.genesisTimestamp !== undefined) args.push('--timestamp', String(options.genesisTimestamp));
  args.push(...(options.extraArgs ?? []));

  const proc = spawnTiedToParent(anvilBinaryPath(), args, 'anvil-guard');

  const port = await waitForPort(proc, options.startTimeoutMs ?? 15_000);
  const rpcUrl = `http://127.0.0.1:${port}`;
  const instance: AnvilInstance = {
    rpcUrl,
    port,
    chainId,
    pid: proc.pid ?? -1,
    stop: () => stopTiedProcess(proc),
  };
  if (options.blockTimeSeconds !== undefined || options.noMining) {
    await rawRpc(rpcUrl, 'anvil_setBlockTimestampInterval', [options.blockTimeSeconds ?? 12]);
  }
  return instance;
}

function waitForPort(proc: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      fail(new KeeperError('Anvil did not start in time', { details: [`waited: ${timeoutMs} ms`, `output: ${output.slice(-500)}`] }));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        cleanup();
        // Keep draining output so Anvil never blocks on a full pipe.
        proc.stdout?.on('data', () => undefined);
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null): void => {
      fail(new KeeperError('Anvil exited during start-up', { details: [`exit code: ${code}`, `output: ${output.slice(-500)}`] }));
    };
    function cleanup(): void {
      clearTimeout(timer);
      proc.stdout?.off('data', onData);
      proc.stderr?.off('data', onData);
      proc.off('exit', onExit);
    }
    function fail(err: Error): void {
      cleanup();
      proc.kill('SIGKILL');
      reject(err);
    }
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', onExit);
  });
}

/** A bare JSON-RPC call, for Anvil's own methods that ethers has no wrapper for. */
export async function rawRpc(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) {
    throw new KeeperError(`RPC ${method} failed`, { details: [`message: ${body.error.message ?? 'unknown'}`] });
  }
  return body.result;
}
