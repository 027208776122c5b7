/**
 * `keeper plan`: a one-shot dry run per vault (observe → estimate → decide) that prints what
 * the keeper would do and why, decided with the daemon's own state (the day's turnover, the
 * last rebalance, the keeper pause, plans in flight). It never signs, so it loads no signing
 * keys (only the Sidecar's auth header, when the config names one).
 *
 * Exit codes: 0 when every vault was decided (act or hold); 2 when an observation was
 * rejected (wrong chain, stale node, failed read, rate jump: nothing was decided); 1 with a
 * short message on errors (bad config, Redis or RPC unreachable, devnet not running).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { RpcClient } from '../../chain/rpc-client.ts';
import type { KeeperConfig, VaultConfig } from '../../config/schema.ts';
import { DEFAULT_DEPLOYMENT_FILE } from '../../config/context.ts';
import { InputError, KeeperError, NonRetryableError, RetryableError } from '../../domain/errors.ts';
import { readDeployment } from '../../devnet/deployment.ts';
import { DEFAULT_BOOTSTRAP } from '../../keeper/rates.ts';
import { connectRedis } from '../../keeper/redis.ts';
import { planVault } from '../../keeper/tick.ts';
import { LastSeenBlocks } from '../../observe/last-seen.ts';
import { rewardsSources } from '../../rewards/sources.ts';
import { createLogger } from '../../telemetry/logger.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';
import { formatReport } from '../format/plan-text.ts';
import { reportOf, type PlanReport, type RejectedReport } from '../format/report-model.ts';
import { withDaemonView } from '../../ops/daemon-view.ts';

export interface PlanOptions {
  config: string;
  vault?: string;
  json?: boolean;
  deployment?: string;
  logLevel: string;
}

/** Adds `keeper plan` to the program. */
export function registerPlanCommand(program: Command, io: CliIo): Command {
  return program
    .command('plan')
    .description('Dry run: observe each vault, estimate yields, decide; print positions, risk findings, actions, expected gain vs cost and the decision. Never signs.')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--vault <name|address>', 'only this vault (default: every configured vault)')
    .option('--json', 'print one JSON object (amounts in wei as decimal strings)')
    .option('--deployment <file>', 'deployment JSON for deployment: references (overrides the one the config names)')
    .option('--log-level <level>', 'log level of the stderr logs', 'warn')
    .action(async (opts: PlanOptions) => {
      await runPlan(opts, io);
    });
}

/** The command's body; exported for tests that drive it without a child process. */
export async function runPlan(opts: PlanOptions, io: CliIo): Promise<void> {
  const { config, strategies } = await loadConfigWithStrategies(opts.config, io.env, opts.deployment);
  const vaults = selectVaults(config, opts.vault);
  const logger = createLogger({ level: opts.logLevel });
  const devnet = devnetContext(config, opts);
  const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: config.chain.requestTimeoutMs });
  const redis = await connectRedis(config.queue.redisUrl);
  const reports: (PlanReport | RejectedReport)[] = [];
  try {
    const { rewards, rewardRates } = await rewardsSources({ config, rpc, redis, logger, env: io.env, readSecret: (p) => readFile(p, 'utf8') });
    const deps = {
      config,
      rpc,
      redis,
      logger,
      rewards,
      rewardRates,
      ...(devnet.startBlock === undefined ? {} : { bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: devnet.startBlock } }),
      strategies,
      lastSeen: new LastSeenBlocks(),
      clock: () => Math.floor(Date.now() / 1000),
      // Ask the reward streams' proof servers what is claimable (one request per stream).
      streamClaims: {},
    };
    for (const vault of vaults) {
      const observed = await planVault(deps, vault).catch((err: unknown) => Promise.reject(explain(err, config)));
      // Decided again with the daemon's turnover, last rebalance, pause and in-flight plans,
      // so the dry run says what the daemon would really do.
      const { planned, view } = await withDaemonView(observed, redis, config, strategies);
      reports.push(reportOf(planned, view));
    }
  } finally {
    await quietly(redis);
  }
  if (opts.json) io.stdout(`${toJson({ ok: reports.every((r) => r.ok), vaults: reports }, 2)}\n`);
  else io.stdout(`${reports.map(formatReport).join('\n\n')}\n`);
  if (reports.some((r) => !r.ok)) process.exitCode = 2;
}

function selectVaults(config: KeeperConfig, wanted: string | undefined): VaultConfig[] {
  if (wanted === undefined) return config.vaults;
  const found = config.vaults.filter((v) => v.name.toLowerCase() === wanted.toLowerCase() || v.address.toLowerCase() === wanted.toLowerCase());
  if (found.length === 0) {
    throw new InputError(`No vault named ${wanted} in the config`, { details: [`known: ${config.vaults.map((v) => `${v.name} (${v.address})`).join(', ')}`] });
  }
  return found;
}

/**
 * What a devnet deployment JSON adds: the block the market started (rates before it are flat,
 * so the history bootstrap starts there). Without a deployment: no floor.
 */
function devnetContext(config: KeeperConfig, opts: PlanOptions): { startBlock?: number } {
  const file = resolve(opts.deployment ?? config.deployment ?? DEFAULT_DEPLOYMENT_FILE);
  const deployment = existsSync(file) ? readDeployment(file) : undefined;
  return typeof deployment?.startBlock === 'number' ? { startBlock: deployment.startBlock } : {};
}

/** Adds the operator's next step to transport errors; wraps anything unexpected. */
function explain(err: unknown, config: KeeperConfig): KeeperError {
  if (err instanceof KeeperError && err.shortMessage === 'Every RPC endpoint failed') {
    const hint = config.chain.chainId === 31337 ? 'hint: is the devnet running? start it with `keeper devnet up`' : 'hint: check chain.rpcUrls and the node';
    return new RetryableError('RPC is unreachable', { details: [...err.details, hint], cause: err });
  }
  if (err instanceof KeeperError) return err;
  return new NonRetryableError('keeper plan failed', { details: [err instanceof Error ? err.message : String(err)], cause: err });
}

async function quietly(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
