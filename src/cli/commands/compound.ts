/**
 * `keeper compound <vault> --now`: queue an immediate compound job for the running keeper
 * (same worker and checks as the timer's: claim and reinvest only when it pays for its gas).
 * The command returns once the job is queued; `keeper status` and the dashboard show what
 * became of it.
 *
 * Exit codes: 0 queued; 2 refused (the vault is paused on the keeper side); 1 on errors.
 */
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { connectRedis } from '../../keeper/redis.ts';
import { enqueueCompoundNow } from '../../ops/compound-now.ts';
import { loadOpsConfig } from '../../ops/load-config.ts';
import { isPaused } from '../../ops/pause.ts';
import { selectVaultByName } from '../../ops/vault-select.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';

export interface CompoundOptions {
  config: string;
  now?: boolean;
  json?: boolean;
  deployment?: string;
}

/** Adds `keeper compound` to the program. */
export function registerCompoundCommand(program: Command, io: CliIo): Command {
  return program
    .command('compound')
    .description('Queue an immediate compound job for a vault on the running keeper (claims and reinvests rewards when that pays for its gas).')
    .argument('<vault>', 'vault name (or address) from the config')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--now', 'queue the job now (required: the timer runs it otherwise)')
    .option('--json', 'print one JSON object')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .action(async (vault: string, opts: CompoundOptions) => {
      await runCompound(vault, opts, io);
    });
}

export async function runCompound(wanted: string, opts: CompoundOptions, io: CliIo): Promise<void> {
  if (opts.now !== true) {
    throw new InputError('Nothing to do without --now', { details: ['the keeper compounds on its timer (queue.schedules.compoundEverySeconds)', 'run: keeper compound <vault> --now -c <config>'] });
  }
  const config = await loadOpsConfig(opts.config, io.env, opts.deployment);
  const vault = selectVaultByName(config.vaults, wanted);
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    if (await isPaused(redis, config.queue.prefix, vault.name)) {
      const out = { vault: vault.name, queued: false, reason: 'paused on the keeper side: run keeper resume first' };
      io.stdout(opts.json ? `${toJson(out, 2)}\n` : `vault ${vault.name}: not queued: ${out.reason}\n`);
      process.exitCode = 2;
      return;
    }
    const job = await enqueueCompoundNow(redis, config, vault.name);
    io.stdout(opts.json ? `${toJson({ vault: vault.name, queued: true, ...job }, 2)}\n` : `vault ${vault.name}: compound job ${job.jobId} queued on ${job.queue}\n`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
