/**
 * `keeper execute`: one shot plan + execute for one vault. Observes and decides exactly like
 * `keeper plan`, then simulates the bundle, re-checks risk, signs and sends it to every
 * configured relay for the next blocks and waits for inclusion on chain. With --dry-run it
 * stops after the simulation and signs nothing that is sent, and writes nothing to Redis
 * (open intents are resolved and rate history extended in memory only, see
 * src/ops/dry-run-stores.ts).
 *
 * A vault paused with `keeper pause` is refused (error naming the vault and the pause
 * reason) unless --ignore-pause is given; the flag is read again right before sending, so
 * a pause set while planning still stops the bundle. A dry run of a paused vault is allowed
 * (it changes nothing) and says that the vault is paused.
 *
 * On a `safe-propose` vault the plan becomes a Safe proposal for the owners to sign instead
 * (src/cli/commands/safe-propose-run.ts); `keeper safe execute` sends it once signed.
 *
 * Prints the bundle hash(es), target blocks, inclusion block, gas used, and the post-state
 * (balance changes) against the plan. Exit codes: 0 included / held / simulated; 2 refused,
 * expired, blocked or rejected observation; 1 on errors (a paused vault included).
 */
import { nativeBookFor } from '../../reconcile/native-book.ts';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Wallet } from 'ethers';
import { RpcClient } from '../../chain/rpc-client.ts';
import { loadSecret } from '../../config/secrets.ts';
import type { KeeperConfig, VaultConfig } from '../../config/schema.ts';
import { DEFAULT_DEPLOYMENT_FILE } from '../../config/context.ts';
import { InputError, NonRetryableError } from '../../domain/errors.ts';
import { gweiToWei } from '../../domain/units.ts';
import { readDeployment } from '../../devnet/deployment.ts';
import { connectRedis } from '../../keeper/redis.ts';
import { planVault, type KeeperDeps } from '../../keeper/tick.ts';
import { LastSeenBlocks } from '../../observe/last-seen.ts';
import { rewardsSources } from '../../rewards/sources.ts';
import { createIntentStore } from '../../state/intents.ts';
import { createWithdrawalStore } from '../../state/withdrawals.ts';
import { rateHistoryFor } from '../../keeper/rates.ts';
import { readOnlyDepegWatch } from '../../keeper/depeg-watch-store.ts';
import { dryRunIntentStore, dryRunRateHistory, dryRunWithdrawalStore } from '../../ops/dry-run-stores.ts';
import { isPaused, pausedVaults, type PauseRecord } from '../../ops/pause.ts';
import { backendFor } from '../../execution/backend-for.ts';
import { createExecutor, type ExecutionResult } from '../../execution/executor.ts';
import { planStillSafe } from '../../execution/recheck.ts';
import { createFlashbotsRelay } from '../../execution/relay-client.ts';
import { targetsFromDeployment, type ExecutionTargets } from '../../execution/targets.ts';
import { targetsFromConfig } from '../../execution/targets-config.ts';
import { createLogger } from '../../telemetry/logger.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';
import { withDaemonView } from '../../ops/daemon-view.ts';
import { chargedTurnoverBps } from '../../queue/submit-plan.ts';
import { createTurnoverLedger } from '../../queue/turnover.ts';
import { proposeFromExecute } from './safe-propose-run.ts';
import { providerFor } from '../../chain/provider-for.ts';

export interface ExecuteOptions {
  config: string;
  vault?: string;
  dryRun?: boolean;
  /** Execute even when the vault is paused with `keeper pause`. */
  ignorePause?: boolean;
  /** Decide as if no turnover had landed today (the daemon's budget is still charged). */
  ignoreTurnover?: boolean;
  json?: boolean;
  deployment?: string;
  logLevel: string;
}

/** Adds `keeper execute` to the program. */
export function registerExecuteCommand(program: Command, io: CliIo): Command {
  return program
    .command('execute')
    .description('One shot: plan one vault, simulate the bundle, re-check risk, send it to every relay for the next blocks and confirm inclusion from the chain.')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--vault <name|address>', 'the vault (required when the config has several)')
    .option('--dry-run', 'stop after the simulation; nothing is sent and nothing is written to Redis')
    .option('--ignore-pause', 'execute even when the vault is paused with `keeper pause` (refused otherwise)')
    .option('--ignore-turnover', "decide as if no turnover had landed today; without it a rebalance is held to what is left of risk.maxTurnoverPerDayBps, as the daemon does")
    .option('--json', 'print one JSON object (amounts in wei as decimal strings)')
    .option('--deployment <file>', 'deployment JSON (addresses the config does not list, rewards trees)')
    .option('--log-level <level>', 'log level of the stderr logs', 'warn')
    .action(async (opts: ExecuteOptions) => {
      await runExecute(opts, io);
    });
}

/** The command's body; exported for tests that drive it without a child process. */
export async function runExecute(opts: ExecuteOptions, io: CliIo): Promise<void> {
  const { config, strategies } = await loadConfigWithStrategies(opts.config, io.env, opts.deployment);
  const vault = selectVault(config, opts.vault);
  const logger = createLogger({ level: opts.logLevel });
  const file = resolve(opts.deployment ?? config.deployment ?? DEFAULT_DEPLOYMENT_FILE);
  const deployment = existsSync(file) ? readDeployment(file) : undefined;
  const provider = providerFor(config);
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    const pause = (await pausedVaults(redis, config.queue.prefix, [vault.name])).get(vault.name);
    if (pause !== undefined && opts.ignorePause !== true) {
      if (opts.dryRun !== true) throw pausedError(pause);
      io.stderr(`note: vault ${vault.name} is paused (${pause.reason || 'no reason given'}); a real run is refused without --ignore-pause\n`);
    }
    const readSecret = (p: string) => readFile(p, 'utf8');
    const signer = new Wallet(await loadSecret(config.secrets.signerKey, io.env, readSecret), provider);
    const authSigner = new Wallet(await loadSecret(config.secrets.relayAuthKey, io.env, readSecret));
    if (vault.backend === 'eoa' && vault.address.toLowerCase() !== signer.address.toLowerCase()) {
      throw new InputError('eoa vault address is not the signer', { details: [`vault ${vault.name}: ${vault.address}`, `signer: ${signer.address}`] });
    }
    const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: config.chain.requestTimeoutMs });
    const { rewards, rewardRates } = await rewardsSources({ config, rpc, redis, logger, env: io.env, readSecret, readOnly: opts.dryRun === true });
    const deps: KeeperDeps = {
      config, rpc, redis, logger, rewards, rewardRates, strategies,
      lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
      // One shot, as `keeper plan` shows it: reward streams worth claiming are claimed too.
      streamClaims: {},
      ...(opts.dryRun === true ? { rateHistory: dryRunRateHistory(rateHistoryFor(redis, config)), depegWatch: readOnlyDepegWatch(redis) } : {}),
    };
    const prefix = `${config.queue.prefix}:${vault.name}:`;
    const intents = opts.dryRun === true ? dryRunIntentStore(createIntentStore(redis, prefix)) : createIntentStore(redis, prefix);
    const withdrawals = opts.dryRun === true ? dryRunWithdrawalStore(createWithdrawalStore(redis, prefix)) : createWithdrawalStore(redis, prefix);
    const targets: ExecutionTargets = deployment ? targetsFromDeployment(deployment) : await targetsFromConfig(config, provider);
    const relays = await Promise.all(config.execution.relays.map((r) => createFlashbotsRelay(r.name, r.url, provider, authSigner, config.chain.chainId)));
    const observed = await planVault(deps, vault);
    // The daemon's context: a rebalance is held to what is left of the day's turnover budget.
    const { planned, view } = opts.ignoreTurnover === true ? { planned: observed, view: undefined } : await withDaemonView(observed, redis, config, strategies);
    const heldByTurnover = view !== undefined && planned.ok && planned.decision.plan.kind === 'hold' && observed.ok && observed.decision.plan.kind === 'rebalance';
    const cut = view !== undefined && planned.ok && observed.ok && planned.decision.verdict.turnoverBps < observed.decision.verdict.turnoverBps;
    if (view && observed.ok && planned.ok && (heldByTurnover || cut)) {
      const would = (observed.decision.verdict.turnoverBps / 100).toFixed(2);
      io.stderr(
        `warning: ${(view.turnoverUsedTodayBps / 100).toFixed(2)}% of the day's ${(view.turnoverLimitBps / 100).toFixed(2)}% turnover has landed; ` +
          (heldByTurnover
            ? `the rebalance this tick would make (${would}%) is held.`
            : `this tick's rebalance is cut from ${would}% to ${(planned.decision.verdict.turnoverBps / 100).toFixed(2)}% (forced moves are never limited).`) +
          ' Pass --ignore-turnover to execute it in full.\n',
      );
    }
    if (!planned.ok) {
      print(io, opts, { vault: vault.name, status: 'rejected', reasons: planned.reasons });
      process.exitCode = 2;
      return;
    }
    const { plan } = planned.decision;
    if (vault.backend === 'safe-propose') {
      await proposeFromExecute({
        config, vault, plan, specs: planned.specs, slashingSeenAtPlan: planned.observation.snapshot.slashing.length, provider, redis, targets, withdrawals, rewards,
        proposer: signer.address, dryRun: opts.dryRun === true, json: opts.json === true,
      }, io);
      return;
    }
    const risk = planned.settings.risk;
    const executor = createExecutor({
      provider, signer, relays, intents, withdrawals,
      backend: backendFor(vault, signer.address), targets, specs: planned.specs, rewards, logger,
      nativeBook: nativeBookFor(redis, config.queue.prefix),
      settings: {
        vault: vault.name, blocksToTarget: config.execution.blocksToTarget, allowPublicMempool: config.execution.allowPublicMempool,
        simulationToleranceBps: config.execution.simulationToleranceBps, pollIntervalMs: Math.min(config.chain.pollIntervalMs, 1_000), blockWaitTimeoutMs: 60_000,
        maxFeePerGasWei: gweiToWei(config.execution.maxFeePerGasGwei), maxPriorityFeePerGasWei: gweiToWei(config.execution.maxPriorityFeePerGasGwei), maxBaseFeeWei: gweiToWei(risk.maxBaseFeeGwei),
      },
      recheck: async (p) => {
        if (opts.ignorePause !== true && (await isPaused(redis, config.queue.prefix, vault.name))) return [`vault ${vault.name} was paused with keeper pause while planning`];
        const again = await planVault(deps, vault);
        return again.ok ? planStillSafe(p, again.observation.snapshot, risk, planned.observation.snapshot.slashing.length) : again.reasons.map((r) => `re-observation rejected: ${r}`);
      },
    });
    await executor.recover({ wait: true });
    const result = await executor.execute(plan, { dryRun: opts.dryRun === true });
    // Charged like the daemon's plans, so the daemon's budget sees a manual rebalance too.
    const turnoverBps = chargedTurnoverBps({ plan, planned });
    if (result.status === 'included' && turnoverBps > 0 && result.planId !== undefined) {
      await createTurnoverLedger(redis, config.queue.prefix).add(vault.name, plan.inputs.timestamp, turnoverBps, result.planId);
    }
    print(io, opts, { vault: vault.name, planKind: plan.kind, planReason: plan.reason, ...result });
    if (!['included', 'hold', 'simulated'].includes(result.status) || heldByTurnover) process.exitCode = 2;
  } finally {
    provider.destroy();
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
  }
}

function pausedError(pause: PauseRecord): NonRetryableError {
  const since = pause.since > 0 ? ` since ${new Date(pause.since).toISOString()}` : '';
  return new NonRetryableError(`Vault ${pause.vault} is paused: ${pause.reason || 'no reason given'}`, {
    details: [`paused${since} by ${pause.by}`, `resume it with keeper resume ${pause.vault} -c <config>, or pass --ignore-pause to execute anyway`],
    code: 'VAULT_PAUSED',
  });
}

function selectVault(config: KeeperConfig, wanted: string | undefined): VaultConfig {
  const found = wanted === undefined ? config.vaults : config.vaults.filter((v) => v.name.toLowerCase() === wanted.toLowerCase() || v.address.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1 && found[0] !== undefined) return found[0];
  throw new InputError(wanted === undefined ? 'Several vaults configured: choose one with --vault' : `No vault named ${wanted} in the config`, {
    details: [`known: ${config.vaults.map((v) => `${v.name} (${v.address})`).join(', ')}`],
  });
}

type Printed = Partial<Omit<ExecutionResult, 'status'>> & { vault: string; status: string; reasons?: readonly string[]; planKind?: string; planReason?: string };

function print(io: CliIo, opts: ExecuteOptions, out: Printed): void {
  if (opts.json) {
    io.stdout(`${toJson(out, 2)}\n`);
    return;
  }
  const lines = [`vault ${out.vault}: ${out.status}${out.reason ? ` (${out.reason})` : ''}`];
  if (out.planKind) lines.push(`plan: ${out.planKind}: ${out.planReason ?? ''}`);
  for (const r of out.reasons ?? []) lines.push(`  rejected: ${r}`);
  if (out.calls?.length) lines.push('calls:', ...out.calls.map((c, i) => `  ${i + 1}. ${c}`));
  if (out.simulatedVia) lines.push(`simulated via ${out.simulatedVia}: gas ${out.simulatedGas?.join(' + ')}`);
  if (out.bundleHashes?.length) lines.push(`bundle hash(es): ${out.bundleHashes.join(', ')}`);
  if (out.targetBlocks?.length) lines.push(`target blocks: ${out.targetBlocks.join(', ')}`);
  if (out.inclusionBlock !== undefined) lines.push(`included in block ${out.inclusionBlock}, gas used ${out.gasUsed}`);
  const checks = out.postChecks ?? out.simulatedChecks ?? [];
  if (checks.length) {
    lines.push(out.postChecks ? 'post-state vs plan (on chain):' : 'post-state vs plan (simulated):');
    for (const c of checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.label} ${c.token}: expected ${c.expected}, floor ${c.floor}, actual ${c.actual}${c.why ? ` (${c.why})` : ''}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}
