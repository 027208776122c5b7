/**
 * `keeper status`: what the keeper is doing for each vault, from Redis and the chain:
 * keeper-side and on-chain pause, the last decision (audit log), open intents and pending
 * withdrawals; then the jobs the daemon gave up on (count and the newest few, from
 * `<prefix>:failed-jobs`). Read-only and safe next to running keepers; needs no secrets.
 *
 * Exit codes: 0 printed; 1 on errors (bad config, Redis unreachable). An unreachable RPC is
 * not an error: on-chain fields show as unknown.
 */
import type { Command } from 'commander';
import { connectRedis } from '../../keeper/redis.ts';
import { collectStatus } from '../../ops/status.ts';
import { redisStatusSources } from '../../ops/status-sources.ts';
import { formatStatus } from '../../ops/status-format.ts';
import { loadOpsConfig } from '../../ops/load-config.ts';
import { selectVaultByName } from '../../ops/vault-select.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';
import { providerFor } from '../../chain/provider-for.ts';

export interface StatusOptions {
  config: string;
  vault?: string;
  json?: boolean;
  deployment?: string;
}

/** Adds `keeper status` to the program. */
export function registerStatusCommand(program: Command, io: CliIo): Command {
  return program
    .command('status')
    .description('Per vault: keeper and on-chain pause, last decision, open intents, pending withdrawals; then jobs that failed for good (count, newest first). Read-only.')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--vault <name|address>', 'only this vault (default: every configured vault)')
    .option('--json', 'print one JSON object (amounts in wei as decimal strings)')
    .option('--deployment <file>', 'deployment JSON for deployment: references (overrides the one the config names)')
    .action(async (opts: StatusOptions) => {
      await runStatus(opts, io);
    });
}

/** The command's body; exported for tests that drive it without a child process. */
export async function runStatus(opts: StatusOptions, io: CliIo, now: () => number = Date.now): Promise<void> {
  const config = await loadOpsConfig(opts.config, io.env, opts.deployment);
  const vaults = opts.vault === undefined ? config.vaults : [selectVaultByName(config.vaults, opts.vault)];
  const provider = providerFor(config);
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    const sources = redisStatusSources(redis, config.queue.prefix, provider, config.chain.requestTimeoutMs);
    const status = await collectStatus(vaults, config.chain.chainId, sources, () => Math.floor(now() / 1000));
    io.stdout(opts.json ? `${toJson(status, 2)}\n` : formatStatus(status, now()));
  } finally {
    provider.destroy();
    await redis.quit().catch(() => redis.disconnect());
  }
}
