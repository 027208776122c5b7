/**
 * Redis for a first run: the demo (`npm start`) and the test suite need a Redis, and a new
 * user may not have one running. When nothing answers at a loopback URL and `redis-server`
 * is installed, a private one is started on that port (no persistence, tied to this process
 * so it never outlives it); without `redis-server` the error says how to install it.
 * A Redis that already answers is used as it is and never stopped by us.
 */
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { InputError, KeeperError, redactUrl } from '../domain/errors.ts';
import { connectRedis } from '../keeper/redis.ts';
import { spawnTiedToParent, stopTiedProcess } from './tied-process.ts';

export interface LocalRedis {
  /** True when this process started the server (and `stop` ends it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  /** Where `redis-server` is looked up: the PATH of the environment. */
  env: Readonly<Record<string, string | undefined>>;
  /** How long a started server gets to answer PING. */
  startTimeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** What a person types to get Redis, per platform. */
export const REDIS_INSTALL_HINTS = [
  'Debian/Ubuntu: sudo apt-get install -y redis-server',
  'macOS:         brew install redis',
  'Docker:        docker run -d --name redis -p 6379:6379 redis:7',
] as const;

/**
 * @example const redis = await ensureLocalRedis('redis://127.0.0.1:6379', { env: io.env }); … await redis.stop();
 */
export async function ensureLocalRedis(url: string, options: EnsureRedisOptions): Promise<LocalRedis> {
  if (await answers(url)) return { started: false, stop: async () => undefined };
  const { hostname, port } = parseRedisUrl(url);
  const notAnswering = `Redis is not answering at ${redactUrl(url)}`;
  if (!LOOPBACK.has(hostname)) {
    throw new InputError(notAnswering, { details: ['it is not on this machine, so no private Redis is started for it', 'start that Redis or fix queue.redisUrl in the config'] });
  }
  const binary = findOnPath('redis-server', options.env.PATH ?? '');
  if (binary === undefined) {
    throw new InputError(`${notAnswering} and redis-server is not installed`, { details: ['install Redis 7 (or start one), then run the command again:', ...REDIS_INSTALL_HINTS] });
  }
  const dir = mkdtempSync(join(tmpdir(), 'rk-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  const proc = spawnTiedToParent(binary, args, 'redis-guard');
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const deadline = Date.now() + (options.startTimeoutMs ?? 5_000);
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    if (await answers(url)) return { started: true, stop: () => stopTiedProcess(proc) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopTiedProcess(proc);
  throw new KeeperError('a private redis-server did not start', { details: [`binary: ${binary}`, `port: ${port}`, `output: ${output.trim().slice(-500)}`] });
}

async function answers(url: string): Promise<boolean> {
  try {
    const redis = await connectRedis(url, 1_000);
    redis.disconnect();
    return true;
  } catch {
    return false;
  }
}

function parseRedisUrl(url: string): { hostname: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new InputError('queue.redisUrl is not a URL', { details: [`got: ${redactUrl(url)}`], cause });
  }
  return { hostname: parsed.hostname, port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
