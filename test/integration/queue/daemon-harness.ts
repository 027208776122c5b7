/**
 * Daemon test harness: a devnet world started in the test, config/devnet.yaml rewritten for
 * it (unique Redis prefix, secrets from the environment, the deployment JSON in a temp dir,
 * short schedules), and keeper daemons started as REAL child processes (`keeper run`),
 * whose logs are kept so a test can wait for a line and kill the process at that moment.
 * Assertions read the chain and Redis (intents, audit log), never the keeper's logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import { Redis } from 'ioredis';
import { startWorld, type DevnetWorld, type WorldOptions } from '../../../src/devnet/world.ts';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { createAuditLog, type AuditLog } from '../../../src/state/audit.ts';
import { createIntentStore, type Intent } from '../../../src/state/intents.ts';
import { vaultStatePrefix } from '../../../src/queue/names.ts';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'daemon-run.ts');

export interface DaemonProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Log lines (pino JSON parsed when possible) seen so far. */
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first log line matching, rejects after `ms`. */
  waitFor(match: (line: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

export interface DaemonHarness {
  world: DevnetWorld;
  provider: JsonRpcProvider;
  redis: Redis;
  /** The keepers' Redis state prefix: the config's, scoped by the chain (chain id, devnet instance). */
  prefix: string;
  configFile: string;
  deploymentFile: string;
  audit: AuditLog;
  start(name: string, extraArgs?: readonly string[]): DaemonProcess;
  intents(vault: string): Promise<Intent[]>;
  /** Daemon processes still running. */
  running(): DaemonProcess[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  world?: Partial<WorldOptions>;
  /** Edits of the YAML after the harness's own. */
  editYaml?: (yaml: string) => string;
  schedules?: { observeEveryBlocks?: number; compoundEverySeconds?: number; withdrawalsEverySeconds?: number };
}

export async function startDaemonHarness(options: HarnessOptions = {}): Promise<DaemonHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-daemon-'));
  const prefix = `rk-test-daemon-${randomUUID()}`;
  // RK_TEST_LOG_DIR=<dir> keeps the world's log and each keeper's log there, to see where a slow or failed run went.
  const logDir = process.env.RK_TEST_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const worldLogger = logDir ? createLogger({ level: 'debug', destination: pino.destination({ dest: join(logDir, 'world.log'), sync: false }) }) : createLogger({ level: 'silent' });
  const world = await startWorld({ projectRoot: PROJECT_ROOT, logger: worldLogger, stateDir: join(dir, 'state'), ...options.world });
  const deploymentFile = join(dir, 'deployment.json');
  writeDeployment(deploymentFile, world.deployment);
  const s = { observeEveryBlocks: 1, compoundEverySeconds: 5, withdrawalsEverySeconds: 5, ...options.schedules };
  let yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('prefix: rk-devnet', `prefix: ${prefix}`)
    .replace('signerKey: { file: .devnet/keeper.key }', 'signerKey: { env: RK_TEST_SIGNER_KEY }')
    .replace('relayAuthKey: { file: .devnet/relay-auth.key }', 'relayAuthKey: { env: RK_TEST_RELAY_KEY }')
    .replace('observeEveryBlocks: 1', `observeEveryBlocks: ${s.observeEveryBlocks}`)
    .replace('compoundEverySeconds: 60', `compoundEverySeconds: ${s.compoundEverySeconds}`)
    .replace('withdrawalsEverySeconds: 30', `withdrawalsEverySeconds: ${s.withdrawalsEverySeconds}`)
    .replace('pollIntervalMs: 1000', 'pollIntervalMs: 200');
  if (options.editYaml) yaml = options.editYaml(yaml);
  const configFile = join(dir, 'keeper.yaml');
  writeFileSync(configFile, yaml);

  const provider = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  const children: DaemonProcess[] = [];

  const start = (name: string, extraArgs: readonly string[] = []): DaemonProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, 'run', '--config', configFile, '--log-level', 'info', ...extraArgs], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', RK_TEST_SIGNER_KEY: DEV_KEYS.keeper, RK_TEST_RELAY_KEY: DEV_KEYS.relayAuth },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    const waiters = new Set<() => void>();
    let buffer = '';
    const onData = (d: Buffer): void => {
      if (logDir) appendFileSync(join(logDir, `${name}.log`), d);
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const text of parts) {
        if (text.trim() === '') continue;
        try {
          lines.push(JSON.parse(text) as Record<string, unknown>);
        } catch {
          lines.push({ msg: text });
        }
      }
      for (const w of waiters) w();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const proc: DaemonProcess = {
      name,
      child,
      lines,
      exited,
      waitFor: (match, ms = 60_000) =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            const hit = lines.find(match);
            if (hit) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(hit);
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`${name}: no matching log line within ${ms} ms; last lines:\n${lines.slice(-15).map((l) => JSON.stringify(l)).join('\n')}`));
          }, ms);
          waiters.add(check);
          check();
        }),
    };
    children.push(proc);
    return proc;
  };

  // The keepers keep their state under the chain's scope (src/state/chain-scope.ts).
  const state = chainScopedPrefix(prefix, world.deployment.chainId, world.deployment.instanceId);
  return {
    world,
    provider,
    redis,
    prefix: state,
    configFile,
    deploymentFile,
    audit: createAuditLog(redis, state),
    start,
    async intents(vault) {
      const store = createIntentStore(redis, vaultStatePrefix(state, vault));
      const keys = await redis.keys(`${vaultStatePrefix(state, vault)}intent:*`);
      const all = await Promise.all(keys.map((k) => store.get(k.slice(`${vaultStatePrefix(state, vault)}intent:`.length))));
      return all.filter((i): i is Intent => i !== undefined).sort((a, b) => a.createdAt - b.createdAt || a.planBlock - b.planBlock);
    },
    running: () => children.filter((c) => c.child.exitCode === null && c.child.signalCode === null),
    async stop() {
      for (const c of children) {
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
      }
      await Promise.all(children.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 15_000))])));
      for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      const keys = await redis.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
      provider.destroy();
      await world.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
