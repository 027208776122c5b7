/**
 * `keeper run --config <file>`: the daemon. Every vault of the config is observed on new
 * blocks, decided, executed and confirmed through BullMQ queues on the config's Redis;
 * compounding and withdrawal completion run on timers. Start the same command on several
 * machines against one Redis and they share the work; each vault-tick is executed once.
 * Ctrl-C / SIGTERM stops taking jobs, finishes (or hands back) running ones and exits.
 *
 * Shutdown order (`stopKeeper`): stop taking new jobs and drain the running ones (the
 * daemon's workers), then the operations surface (alerts raised while draining are flushed
 * to the webhook, then the HTTP/metrics listeners close, so /healthz answers until the work
 * is done), then Redis and the provider. A failure while starting (e.g. the ops port is
 * taken) stops everything already started the same way before the error is reported.
 */
import type { Command } from 'commander';
import type { KeeperConfig } from '../../config/schema.ts';
import { InputError } from '../../domain/errors.ts';
import { assertConfigOnChain } from '../../config/chain-check.ts';
import { composeDaemon } from '../../queue/compose.ts';
import type { DaemonSettings } from '../../queue/context.ts';
import { startDaemon, type Daemon } from '../../queue/daemon.ts';
import type { KeeperEventBus } from '../../telemetry/keeper-events.ts';
import { createLogger, type Logger, type LoggerOptions } from '../../telemetry/logger.ts';
import { configWarnings } from '../../config/warnings.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import type { CliIo } from '../io.ts';
import { onShutdown } from '../shutdown.ts';

export interface RunOptions {
  config: string;
  deployment?: string;
  logLevel?: string;
  dryRun?: boolean;
  concurrency?: number;
  jobLockMs?: number;
  signerLockMs?: number;
  headPollMs?: number;
  drainMs?: number;
  watch?: boolean;
  timers?: boolean;
  auditHoldsEvery?: number;
  /** Human-readable log lines instead of JSON (npm start). */
  pretty?: boolean;
  /** Applied to the validated config before anything starts (`keeper start`'s port and prefix flags). */
  adjustConfig?: (config: KeeperConfig) => KeeperConfig;
  /** false (`--no-chain-check`): skip the start-up check of every address on the chain. */
  chainCheck?: boolean;
}

/** Hooks for a composition root that adds the operations surface (metrics, alerts, HTTP). */
export interface RunHooks {
  /** The bus the pipeline emits on; subscribe metrics and alerts before the daemon starts. */
  readonly events?: KeeperEventBus;
  /** Called once the daemon runs, e.g. to start the HTTP server with its queues. */
  readonly started?: (daemon: Daemon, logger: Logger, config: KeeperConfig) => void | Promise<void>;
  /**
   * Called at shutdown once the daemon stopped (workers drained, queues closed) and before
   * Redis closes: flush alerts, close the HTTP server. Also called when startup fails after
   * `started` was attempted.
   */
  readonly stopping?: () => void | Promise<void>;
}

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`--${name} must be a positive integer`, { details: [`got: ${v}`] });
  return n;
};

/** Adds `keeper run` to the program. */
export function registerRunCommand(program: Command, io: CliIo, hooks: RunHooks = {}): Command {
  return program
    .command('run')
    .description('Run the keeper daemon: observe every vault on new blocks, decide, execute and confirm through BullMQ on Redis; compound and complete withdrawals on timers. Several processes on one Redis share the work.')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--deployment <file>', 'deployment JSON (devnet: execution targets, rewards trees)')
    .option('--log-level <level>', 'log level (default: telemetry.logLevel of the config)')
    .option('--dry-run', 'shadow mode: observe, decide and audit, never execute')
    .option('--concurrency <n>', 'observe jobs run at once by this process', int('concurrency'))
    .option('--job-lock-ms <ms>', 'BullMQ job lock: a job of a dead process is taken over after this', int('job-lock-ms'))
    .option('--signer-lock-ms <ms>', 'signer lock expiry after a crash', int('signer-lock-ms'))
    .option('--head-poll-ms <ms>', 'chain head polling of the block watcher (default: chain.pollIntervalMs)', int('head-poll-ms'))
    .option('--drain-ms <ms>', 'at shutdown, time given to running jobs before they are handed back', int('drain-ms'))
    .option('--audit-holds-every <blocks>', 'audit an unchanged hold decision once per this many blocks (default 50; 1: every tick)', int('audit-holds-every'))
    .option('--no-watch', 'do not enqueue ticks from new blocks (workers only)')
    .option('--no-timers', 'do not declare the compound and withdrawals schedulers (another process does)')
    .option('--no-chain-check', 'start without checking every configured address on the chain first (only for a process that must start without a reachable chain; never with real money)')
    .action(async (opts: RunOptions) => {
      await runDaemon(opts, io, hooks);
    });
}

/** The command's body: returns once the daemon stopped after a signal. */
export async function runDaemon(opts: RunOptions, io: CliIo, hooks: RunHooks = {}): Promise<void> {
  const loaded = await loadConfigWithStrategies(opts.config, io.env, opts.deployment);
  const config = opts.adjustConfig ? opts.adjustConfig(loaded.config) : loaded.config;
  const { strategies } = loaded;
  const logger = daemonLogger(config, { level: opts.logLevel ?? config.telemetry.logLevel, pretty: opts.pretty === true });
  // Every configured address is checked on the chain first: a call to an address without code
  // "succeeds", so a wrong address would otherwise only show as silently wrong reads.
  if (opts.chainCheck !== false) await assertConfigOnChain(config, opts.config);
  const settings: Partial<DaemonSettings> = {
    headPollMs: opts.headPollMs ?? config.chain.pollIntervalMs,
    dryRun: opts.dryRun === true,
    ...(opts.auditHoldsEvery === undefined ? {} : { auditHoldEveryBlocks: opts.auditHoldsEvery }),
    ...(opts.jobLockMs === undefined ? {} : { jobLockMs: opts.jobLockMs, stalledIntervalMs: Math.max(500, Math.floor(opts.jobLockMs / 2)) }),
    ...(opts.signerLockMs === undefined ? {} : { signerLockTtlMs: opts.signerLockMs }),
  };
  const composed = await composeDaemon({
    config,
    strategies,
    env: io.env,
    logger,
    ...(opts.deployment === undefined ? {} : { deploymentFile: opts.deployment }),
    settings: opts.concurrency === undefined ? settings : { ...settings, concurrency: { observe: opts.concurrency, execute: 1, confirm: 2, housekeeping: 2 } },
    ...(hooks.events ? { events: hooks.events } : {}),
  });
  let daemon: Daemon;
  try {
    daemon = await startDaemon(composed.ctx, { connection: composed.connection, watchBlocks: opts.watch !== false, schedule: opts.timers !== false, ...(opts.drainMs === undefined ? {} : { drainMs: opts.drainMs }) });
  } catch (err) {
    await composed.close();
    throw err;
  }
  const parts: KeeperParts = { daemon, hooks, composed };
  try {
    await hooks.started?.(daemon, logger, config);
  } catch (err) {
    // The workers already run: without this the process would stay alive without its ops surface.
    logger.error({ err: { message: err instanceof Error ? err.message.split('\n')[0] : String(err) } }, 'startup failed; stopping what was started');
    await stopKeeper(parts, logger);
    throw err;
  }
  io.stderr(`keeper running: ${config.vaults.length} vault(s), redis prefix ${config.queue.prefix}${opts.dryRun ? ', dry run' : ''}; Ctrl-C stops\n`);
  await onShutdown(() => stopKeeper(parts, logger), logger);
}

/**
 * The daemon's root logger, which first logs the config's warnings once (what `keeper config
 * validate` prints: settings the keeper ignores), so an operator who never ran validate still
 * sees them. Warnings only: the config loaded, and the daemon starts.
 * @example const logger = daemonLogger(config, { level: 'info' }); // warn {path: 'vaults.1.deployedAtBlock'} 'vaults[1].deployedAtBlock is ignored …'
 */
export function daemonLogger(config: KeeperConfig, options: LoggerOptions): Logger {
  const logger = createLogger(options);
  for (const w of configWarnings(config)) logger.warn({ path: w.path }, w.message);
  return logger;
}

/** What `keeper run` started, in the order it started it. */
export interface KeeperParts {
  readonly daemon: Pick<Daemon, 'stop'>;
  readonly hooks: Pick<RunHooks, 'stopping'>;
  readonly composed: { close(): Promise<void> };
}

/**
 * Stops a running keeper in dependency order: workers stop taking jobs and drain (the
 * daemon), then the operations surface (alert flush, HTTP/metrics), then Redis and the
 * provider. Each step runs even when an earlier one failed; the first failure is rethrown.
 * @example await onShutdown(() => stopKeeper({ daemon, hooks, composed }, logger), logger);
 */
export async function stopKeeper(parts: KeeperParts, logger: Logger): Promise<void> {
  const steps: [string, () => void | Promise<void>][] = [
    ['workers', () => parts.daemon.stop()],
    ['operations', () => parts.hooks.stopping?.()],
    ['redis', () => parts.composed.close()],
  ];
  let first: unknown;
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (err) {
      logger.error({ err, step }, 'shutdown step failed');
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
