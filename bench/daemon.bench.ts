/**
 * The daemon's throughput: vault-ticks per second for one and for two `keeper run`
 * processes (real child processes, dry run so only observe → estimate → decide → audit is
 * measured), with 100 and 1,000 vaults on a devnet with Redis. Vault 0 is the devnet's
 * managed vault, the others synthetic holders (the config refuses two vaults on one
 * address); the chain work per tick is the same either way: one multicall. Each round enqueues one tick per vault for
 * the current block and waits until all are done.
 *
 * Figures: vault-ticks/s, p50/p99 tick latency (enqueue → done, and processing alone), and
 * Redis commands per tick (server-side command count delta, so other clients of the same
 * Redis add noise; run on a quiet Redis for a clean number). Goal from the issue: 1,000
 * vaults within a 12 s block per process, and two processes close to twice one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorld } from '../src/devnet/world.ts';
import { writeDeployment } from '../src/devnet/deployment.ts';
import { DEV_KEYS } from '../src/devnet/accounts.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import { QUEUE_NAMES, tickJobId } from '../src/queue/names.ts';
import { chainScopedPrefix, deploymentInstance } from '../src/state/chain-scope.ts';
import { quantile, type BenchRun, type Figure } from './figure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(ROOT, 'test', 'fixtures', 'daemon-run.ts');
const ROUNDS = 2;

export const run: BenchRun = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-daemon-'));
  // Blocks on a timer (the devnet's manual mining and Anvil's own timer do not mix over minutes).
  const world = await startWorld({ projectRoot: ROOT, logger: createLogger({ level: 'error' }), stateDir: join(dir, 'state'), blockIntervalMs: 2_000 });
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  const figures: Figure[] = [];
  try {
    writeDeployment(join(dir, 'deployment.json'), world.deployment);
    const provider = world.anvilProvider;
    const nextBlock = async (): Promise<number> => {
      const from = await provider.getBlockNumber();
      for (;;) {
        const n = await provider.getBlockNumber();
        if (n > from) return n;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    for (const vaults of sizes('RK_BENCH_DAEMON_VAULTS', [100, 1_000])) {
      for (const processes of sizes('RK_BENCH_DAEMON_PROCESSES', [1, 2])) {
        const r = await measure({ dir, vaults, processes, redis, mine: nextBlock, chainId: Number((await provider.getNetwork()).chainId), deployment: world.deployment });
        const tag = `daemon_${vaults}_vaults_${processes}_proc`;
        figures.push(
          { name: `${tag}_ticks_per_second`, value: round(r.ticksPerSecond), unit: 'vault-ticks/s' },
          { name: `${tag}_round_seconds`, value: round(r.roundSeconds), unit: 's (goal: under 12 for 1,000 vaults)' },
          { name: `${tag}_tick_latency_p50`, value: round(quantile(r.latencies, 0.5)), unit: 'ms (enqueue to done)' },
          { name: `${tag}_tick_latency_p99`, value: round(quantile(r.latencies, 0.99)), unit: 'ms (enqueue to done)' },
          { name: `${tag}_tick_processing_p50`, value: round(quantile(r.processing, 0.5)), unit: 'ms' },
          { name: `${tag}_tick_processing_p99`, value: round(quantile(r.processing, 0.99)), unit: 'ms' },
          { name: `${tag}_redis_commands_per_tick`, value: round(r.commandsPerTick), unit: 'commands' },
          { name: `${tag}_keeper_cpu_ms_per_tick`, value: round(r.cpuMsPerTick), unit: 'ms of keeper CPU (all processes) per vault-tick' },
        );
      }
      const one = figures.find((f) => f.name === `daemon_${vaults}_vaults_1_proc_ticks_per_second`)?.value ?? 0;
      const two = figures.find((f) => f.name === `daemon_${vaults}_vaults_2_proc_ticks_per_second`)?.value ?? 0;
      if (one > 0 && two > 0) figures.push({ name: `daemon_${vaults}_vaults_two_process_speedup`, value: round(two / one), unit: `x (ideal 2; ${cpus().length} cores shared with Anvil, the relay and Redis)`, baseline: one, ratio: round(two / one) });
      // Work per tick with two processes against one: 1 means a second process adds no
      // coordination cost, so throughput grows with processes as far as there are cores.
      const cpuOne = figures.find((f) => f.name === `daemon_${vaults}_vaults_1_proc_keeper_cpu_ms_per_tick`)?.value ?? 0;
      const cpuTwo = figures.find((f) => f.name === `daemon_${vaults}_vaults_2_proc_keeper_cpu_ms_per_tick`)?.value ?? 0;
      if (cpuOne > 0 && cpuTwo > 0) figures.push({ name: `daemon_${vaults}_vaults_two_process_cpu_efficiency`, value: round(cpuOne / cpuTwo), unit: 'x (1 = no per-tick overhead from a second process)', baseline: cpuOne, ratio: round(cpuOne / cpuTwo) });
    }
  } finally {
    redis.disconnect();
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

interface Measured {
  ticksPerSecond: number;
  roundSeconds: number;
  latencies: number[];
  processing: number[];
  commandsPerTick: number;
  cpuMsPerTick: number;
}

async function measure(o: { dir: string; vaults: number; processes: number; redis: Redis; mine: () => Promise<number>; chainId: number; deployment: unknown }): Promise<Measured> {
  const prefix = `rk-bench-daemon-${randomUUID()}`;
  const config = join(o.dir, `keeper-${o.vaults}-${o.processes}.yaml`);
  writeFileSync(config, benchYaml(join(o.dir, 'deployment.json'), prefix, o.vaults));
  const children: ChildProcess[] = [];
  // The keeper scopes its prefix to the chain and the devnet instance (src/config/load.ts): the
  // ticks go where its workers look (BullMQ under `<prefix>:q`, as bullPrefix).
  const scoped = chainScopedPrefix(prefix, o.chainId, deploymentInstance(o.deployment));
  const queue = new Queue(QUEUE_NAMES.observe, { connection: { host: '127.0.0.1', port: 6379 }, prefix: `${scoped}:q` });
  try {
    for (let i = 0; i < o.processes; i++) children.push(startKeeper(config));
    await waitForStart(children);
    const names = Array.from({ length: o.vaults }, (_, i) => vaultName(i));
    let best: Measured | undefined;
    const latencies: number[] = [];
    const processing: number[] = [];
    // Round 0 warms up (rate history bootstrap, JIT); later rounds are measured.
    for (let round = 0; round <= ROUNDS; round++) {
      const block = await o.mine();
      const commandsBefore = await totalCommands(o.redis);
      const cpuBefore = children.reduce((s, c) => s + cpuMs(c), 0);
      const t0 = Date.now();
      await queue.addBulk(names.map((vault) => ({ name: 'tick', data: { vault, block }, opts: { jobId: tickJobId(vault, block) } })));
      for (;;) {
        const counts = await queue.getJobCounts('completed', 'failed');
        if ((counts.completed ?? 0) + (counts.failed ?? 0) >= o.vaults * (round + 1)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (Date.now() - t0) / 1000;
      const commands = (await totalCommands(o.redis)) - commandsBefore;
      const cpu = children.reduce((s, c) => s + cpuMs(c), 0) - cpuBefore;
      if (round === 0) continue;
      const jobs = await Promise.all(names.map((vault) => queue.getJob(tickJobId(vault, block))));
      for (const job of jobs) {
        if (job?.finishedOn === undefined || job.processedOn === undefined) continue;
        latencies.push(job.finishedOn - job.timestamp);
        processing.push(job.finishedOn - job.processedOn);
      }
      const m: Measured = { ticksPerSecond: o.vaults / seconds, roundSeconds: seconds, latencies, processing, commandsPerTick: commands / o.vaults, cpuMsPerTick: cpu / o.vaults };
      if (best === undefined || m.ticksPerSecond > best.ticksPerSecond) best = m;
    }
    return { ...best!, latencies, processing };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    const keys = await o.redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await o.redis.del(...keys.slice(i, i + 500));
  }
}

/** `RK_BENCH_DAEMON_VAULTS=1000 RK_BENCH_DAEMON_PROCESSES=1` narrows the matrix while profiling. */
function sizes(variable: string, all: readonly number[]): readonly number[] {
  const chosen = process.env[variable]?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return chosen && chosen.length > 0 ? chosen : all;
}

function vaultName(i: number): string {
  return `bench-${String(i).padStart(4, '0')}`;
}

/** config/devnet.yaml with N vault entries on the managed vault, secrets from the environment. */
function benchYaml(deploymentFile: string, prefix: string, vaults: number): string {
  const yaml = readFileSync(join(ROOT, 'config', 'devnet.yaml'), 'utf8');
  const head = yaml.slice(0, yaml.indexOf('\nvaults:'));
  const tail = yaml.slice(yaml.indexOf('\nrisk:'));
  // The config refuses two vaults on one address: vault 0 is the devnet's managed vault, the others synthetic holders.
  const address = (i: number): string => (i === 0 ? 'deployment:vaults.main.address' : `'0x${(0xb0000000 + i).toString(16).padStart(40, '0')}'`);
  const entries = Array.from({ length: vaults }, (_, i) => `  - { name: ${vaultName(i)}, address: ${address(i)}, backend: vault }`).join('\n');
  return `${head}\nvaults:\n${entries}\n${tail}`
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('prefix: rk-devnet', `prefix: ${prefix}`)
    .replace('signerKey: { file: .devnet/keeper.key }', 'signerKey: { env: RK_BENCH_SIGNER_KEY }')
    .replace('relayAuthKey: { file: .devnet/relay-auth.key }', 'relayAuthKey: { env: RK_BENCH_RELAY_KEY }')
    .replace('compoundEverySeconds: 60', 'compoundEverySeconds: 86400')
    .replace('withdrawalsEverySeconds: 30', 'withdrawalsEverySeconds: 86400');
}

/**
 * A dry run (nothing is sent) without the start-up chain check: the synthetic holders are plain
 * addresses, not vault contracts, and the check (rightly) refuses to run a vault that is not there.
 * `RK_BENCH_PROFILE_DIR=/tmp/prof` writes a V8 CPU profile of every keeper process there.
 */
function startKeeper(config: string): ChildProcess {
  const profileDir = process.env.RK_BENCH_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', FIXTURE, 'run', '--config', config, '--dry-run', '--no-chain-check', '--no-watch', '--no-timers', '--concurrency', '16', '--log-level', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, RK_BENCH_SIGNER_KEY: DEV_KEYS.keeper, RK_BENCH_RELAY_KEY: DEV_KEYS.relayAuth },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitForStart(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          let text = '';
          const timer = setTimeout(() => reject(new Error(`keeper did not start: ${text.slice(-500)}`)), 60_000);
          c.stderr?.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('keeper running')) {
              clearTimeout(timer);
              resolve();
            }
          });
          c.on('exit', (code) => reject(new Error(`keeper exited with ${code}: ${text.slice(-500)}`)));
        }),
    ),
  );
}

/** User + system CPU of a child so far, ms, from /proc (Linux; 0 elsewhere). */
function cpuMs(child: ChildProcess): number {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

async function totalCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
