/**
 * `keeper pause <vault>` / `keeper resume <vault>`: the keeper-side stop switch in Redis.
 * Every keeper process on the same Redis and prefix stops queueing plans for the vault at
 * its next tick; it keeps observing, so metrics and the audit log stay current. Nothing is
 * sent to the chain (the vault's own pause() belongs to its guardian).
 *
 * Both are idempotent: pausing a paused vault keeps the first record, resuming an active
 * vault says so; both exit 0.
 */
import type { Command } from 'commander';
import { hostname, userInfo } from 'node:os';
import { connectRedis } from '../../keeper/redis.ts';
import { loadOpsConfig } from '../../ops/load-config.ts';
import { parseRecord, pauseKey, pauseVault, resumeVault } from '../../ops/pause.ts';
import { selectVaultByName } from '../../ops/vault-select.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';

export interface PauseOptions {
  config: string;
  reason?: string;
  by?: string;
  json?: boolean;
  deployment?: string;
}

/** Adds `keeper pause` and `keeper resume` to the program. */
export function registerPauseCommands(program: Command, io: CliIo): void {
  program
    .command('pause')
    .description('Stop the keeper (every process on this Redis) from acting on a vault until `keeper resume`. Chain state is not touched.')
    .argument('<vault>', 'vault name (or address) from the config')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--reason <text>', 'why, shown by `keeper status`')
    .option('--by <who>', 'who paused it (default user@host)')
    .option('--json', 'print one JSON object')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .action(async (vault: string, opts: PauseOptions) => {
      await runPause(vault, opts, io);
    });
  program
    .command('resume')
    .description('Let the keeper act on a vault paused with `keeper pause` again.')
    .argument('<vault>', 'vault name (or address) from the config')
    .requiredOption('-c, --config <file>', 'keeper YAML config, e.g. config/devnet.yaml')
    .option('--json', 'print one JSON object')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .action(async (vault: string, opts: PauseOptions) => {
      await runResume(vault, opts, io);
    });
}

function whoAmI(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    // A container user without a passwd entry has no name.
    return `uid-${process.getuid?.() ?? '?'}@${hostname()}`;
  }
}

export async function runPause(wanted: string, opts: PauseOptions, io: CliIo, now: () => number = Date.now): Promise<void> {
  const config = await loadOpsConfig(opts.config, io.env, opts.deployment);
  const vault = selectVaultByName(config.vaults, wanted);
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    const record = { vault: vault.name, since: now(), reason: opts.reason ?? '', by: opts.by ?? whoAmI() };
    const changed = await pauseVault(redis, config.queue.prefix, record);
    const current = changed ? record : parseRecord(vault.name, (await redis.get(pauseKey(config.queue.prefix, vault.name))) ?? '{}');
    if (opts.json) {
      io.stdout(`${toJson({ vault: vault.name, paused: true, changed, record: current }, 2)}\n`);
      return;
    }
    io.stdout(
      changed
        ? `vault ${vault.name}: paused (keeper side); running keepers stop queueing plans at their next tick\n`
        : `vault ${vault.name}: already paused since ${new Date(current.since).toISOString()} by ${current.by}${current.reason ? ` (${current.reason})` : ''}\n`,
    );
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function runResume(wanted: string, opts: PauseOptions, io: CliIo): Promise<void> {
  const config = await loadOpsConfig(opts.config, io.env, opts.deployment);
  const vault = selectVaultByName(config.vaults, wanted);
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    const changed = await resumeVault(redis, config.queue.prefix, vault.name);
    if (opts.json) {
      io.stdout(`${toJson({ vault: vault.name, paused: false, changed }, 2)}\n`);
      return;
    }
    io.stdout(changed ? `vault ${vault.name}: resumed; the keeper acts on it again from its next tick\n` : `vault ${vault.name}: was not paused (keeper side)\n`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
