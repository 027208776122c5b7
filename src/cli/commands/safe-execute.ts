/**
 * `keeper safe execute <id>`: sends a proposal signed by enough owners, through the same
 * executor as `keeper execute` (intent, simulation with the post-state probe, private bundle
 * to every relay, inclusion from receipts). Right before sending, the vault is re-observed and
 * the plan re-checked like any plan (depeg, new slashing, base fee); the re-simulation refuses
 * it when prices moved past its min-outs. Exit codes: 0 executed; 2 not ready or refused.
 */
import { readFile } from 'node:fs/promises';
import { Wallet } from 'ethers';
import { RpcClient } from '../../chain/rpc-client.ts';
import { loadSecret } from '../../config/secrets.ts';
import { gweiToWei } from '../../domain/units.ts';
import { planStillSafe } from '../../execution/recheck.ts';
import { createFlashbotsRelay } from '../../execution/relay-client.ts';
import { targetsFromConfig } from '../../execution/targets-config.ts';
import { targetsFromDeployment } from '../../execution/targets.ts';
import { planVault, type KeeperDeps } from '../../keeper/tick.ts';
import { LastSeenBlocks } from '../../observe/last-seen.ts';
import { rewardsSources } from '../../rewards/sources.ts';
import { executeProposal } from '../../safe/execute-proposal.ts';
import { createIntentStore } from '../../state/intents.ts';
import { createWithdrawalStore } from '../../state/withdrawals.ts';
import { createLogger } from '../../telemetry/logger.ts';
import { selectVaultByName } from '../../ops/vault-select.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';
import { withSafeContext } from './safe-context.ts';

export async function runSafeExecute(id: string, o: { config: string; deployment?: string; json?: boolean; logLevel: string }, io: CliIo): Promise<void> {
  await withSafeContext(o, io, async (ctx) => {
    const { config, provider, redis, deployment } = ctx;
    const proposal = await ctx.store.resolve(id);
    const vault = selectVaultByName(ctx.safeVaults, proposal.vault);
    const logger = createLogger({ level: o.logLevel });
    const readSecret = (p: string) => readFile(p, 'utf8');
    const signer = new Wallet(await loadSecret(config.secrets.signerKey, io.env, readSecret), provider);
    const authSigner = new Wallet(await loadSecret(config.secrets.relayAuthKey, io.env, readSecret));
    const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: config.chain.requestTimeoutMs });
    const { rewards, rewardRates } = await rewardsSources({ config, rpc, redis, logger, env: io.env, readSecret });
    const keeperDeps: KeeperDeps = {
      config, rpc, redis, logger, rewards, rewardRates, strategies: ctx.strategies,
      lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
    };
    const prefix = `${config.queue.prefix}:${vault.name}:`;
    const risk = config.risk;
    const result = await executeProposal({
      provider, signer, store: ctx.store, logger, rewards, specs: proposal.specs,
      relays: await Promise.all(config.execution.relays.map((r) => createFlashbotsRelay(r.name, r.url, provider, authSigner, config.chain.chainId))),
      intents: createIntentStore(redis, prefix), withdrawals: createWithdrawalStore(redis, prefix),
      targets: deployment ? targetsFromDeployment(deployment) : await targetsFromConfig(config, provider),
      settings: {
        vault: vault.name, blocksToTarget: config.execution.blocksToTarget, allowPublicMempool: config.execution.allowPublicMempool,
        simulationToleranceBps: config.execution.simulationToleranceBps, pollIntervalMs: Math.min(config.chain.pollIntervalMs, 1_000), blockWaitTimeoutMs: 60_000,
        maxFeePerGasWei: gweiToWei(config.execution.maxFeePerGasGwei), maxPriorityFeePerGasWei: gweiToWei(config.execution.maxPriorityFeePerGasGwei), maxBaseFeeWei: gweiToWei(risk.maxBaseFeeGwei),
      },
      recheck: async (plan) => {
        const again = await planVault(keeperDeps, vault);
        return again.ok ? planStillSafe(plan, again.observation.snapshot, again.settings.risk, proposal.slashingSeenAtPlan) : again.reasons.map((r) => `re-observation rejected: ${r}`);
      },
    }, proposal);
    if (o.json) io.stdout(`${toJson(result, 2)}\n`);
    else {
      const lines = [`proposal ${result.proposal.id}: ${result.status}${'reason' in result ? ` (${result.reason})` : ''}`];
      if ('result' in result) {
        const r = result.result;
        lines.push(`keeper execution ${r.planId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
        if (r.simulatedVia) lines.push(`simulated via ${r.simulatedVia}: gas ${r.simulatedGas?.join(' + ')}`);
        if (r.bundleHashes.length) lines.push(`bundle hash(es): ${r.bundleHashes.join(', ')}`);
        if (r.inclusionBlock !== undefined) lines.push(`included in block ${r.inclusionBlock}, gas used ${r.gasUsed}`);
      }
      io.stdout(`${lines.join('\n')}\n`);
    }
    if (result.status !== 'executed') process.exitCode = 2;
  });
}
