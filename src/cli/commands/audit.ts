/**
 * `keeper audit <vault>`: expected vs realised per plan (gas, value moved, the book's net
 * change, APY; src/state/plan-realised.ts), then the vault's audit log, newest first: every
 * decision with the numbers behind it, every bundle, and what the chain says became of it.
 * Plain units (ETH, %, gwei); raw wei only in `--json`. Reads Redis only (no chain, no
 * secrets), so it works while the daemon runs and after it stopped.
 *
 * Exit codes: 0 (records printed, or none yet); 1 on errors (bad config, Redis unreachable,
 * unknown vault).
 */
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { connectRedis } from '../../keeper/redis.ts';
import { createAuditLog, type AuditKind, type AuditRecord } from '../../state/audit.ts';
import { readPlansRealised } from '../../state/plan-realised.ts';
import { createSharePriceStore } from '../../state/share-prices.ts';
import { formatPlansRealised } from './audit-plans.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../format/json.ts';
import { formatBps, formatEth } from '../format/table.ts';
import { apyPartsText } from '../format/apy-parts.ts';

export interface AuditOptions {
  config: string;
  json?: boolean;
  limit: number;
  kind?: string[];
  deployment?: string;
  /** Only the per-plan expected vs realised view (with --json: one plan per line, wei as decimal strings). */
  plans?: boolean;
}

const KINDS: readonly AuditKind[] = ['decision', 'rejected', 'execution', 'outcome'];

/** Adds `keeper audit` to the program. */
export function registerAuditCommand(program: Command, io: CliIo): Command {
  return program
    .command('audit <vault>')
    .description('Print the vault\'s audit log, newest first: decisions with their inputs (snapshot summary, estimates), verdicts and plans; bundles; receipts and realised vs expected.')
    .requiredOption('-c, --config <file>', 'keeper YAML config (for the Redis URL and prefix)')
    .option('--json', 'one JSON object per line (amounts in wei as decimal strings)')
    .option('--limit <n>', 'records to print', (v) => Number(v), 20)
    .option('--kind <kind...>', `only these record kinds (${KINDS.join(', ')})`)
    .option('--plans', 'only expected vs realised per plan (gas, value moved, net change, APY)')
    .option('--deployment <file>', 'deployment JSON for deployment: references in the config')
    .action(async (vault: string, opts: AuditOptions) => {
      await runAudit(vault, opts, io);
    });
}

/** The command's body; exported for tests. */
export async function runAudit(vaultName: string, opts: AuditOptions, io: CliIo): Promise<void> {
  if (!Number.isInteger(opts.limit) || opts.limit <= 0) throw new InputError('--limit must be a positive integer', { details: [`got: ${opts.limit}`] });
  const kinds = (opts.kind ?? []) as AuditKind[];
  const unknown = kinds.filter((k) => !KINDS.includes(k));
  if (unknown.length > 0) throw new InputError(`unknown record kind ${unknown.join(', ')}`, { details: [`known: ${KINDS.join(', ')}`] });
  const { config } = await loadConfigWithStrategies(opts.config, io.env, opts.deployment);
  const vault = config.vaults.find((v) => v.name.toLowerCase() === vaultName.toLowerCase() || v.address.toLowerCase() === vaultName.toLowerCase());
  if (vault === undefined) throw new InputError(`No vault named ${vaultName} in the config`, { details: [`known: ${config.vaults.map((v) => v.name).join(', ')}`] });
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    const audit = createAuditLog(redis, config.queue.prefix);
    if (opts.plans) {
      const rows = await readPlansRealised(audit, createSharePriceStore(redis, config.queue.prefix), vault.name, opts.limit);
      io.stdout(opts.json ? rows.map((r) => `${toJson(r)}\n`).join('') : `${formatPlansRealised(vault.name, rows)}\n`);
      return;
    }
    const records = await audit.list(vault.name, { limit: opts.limit, kinds });
    if (opts.json) {
      io.stdout(records.map((r) => `${toJson(r)}\n`).join(''));
      return;
    }
    if (records.length === 0) {
      io.stdout(`vault ${vault.name}: no audit records yet (is \`keeper run\` running with prefix ${config.queue.prefix}?)\n`);
      return;
    }
    // The per-plan view leads the text (only when no kind filter asks for particular records).
    const plans = kinds.length === 0 ? await readPlansRealised(audit, createSharePriceStore(redis, config.queue.prefix), vault.name, opts.limit) : [];
    const head = plans.length > 0 ? `${formatPlansRealised(vault.name, plans)}\n\naudit log, newest first\n\n` : '';
    io.stdout(`${head}${records.map(formatRecord).join('\n\n')}\n`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** One record as a few readable lines. */
export function formatRecord(r: AuditRecord): string {
  const head = `${new Date(r.at).toISOString()}  ${r.kind.toUpperCase()}${r.by ? ` [${r.by}]` : ''}`;
  switch (r.kind) {
    case 'rejected':
      return [`${head}  block ${r.block ?? '?'}: observation rejected, nothing decided`, ...r.reasons.map((x) => `  - ${x}`)].join('\n');
    case 'decision': {
      const lines = [`${head}  block ${r.block} (${r.source}): ${r.plan.kind.toUpperCase()} → ${r.disposition}${r.plan.id ? `  plan ${r.plan.id}` : ''}`, `  reason: ${r.plan.reason}`];
      if (r.note) lines.push(`  note: ${r.note}`);
      if (r.snapshot) lines.push(`  book: total ${formatEth(r.snapshot.totalWei)} ETH, idle ${formatEth(r.snapshot.idleWei)} ETH, base fee ${formatEth(r.snapshot.baseFeeWei * 10n ** 9n, 2)} gwei, slashing events ${r.snapshot.slashingEvents}`);
      for (const e of r.estimates) {
        const pos = r.snapshot?.positions.find((p) => p.id === e.positionId);
        const dev = pos?.dexDeviationBps === undefined ? '' : `, DEX ${pos.dexDeviationBps} bps`;
        const target = r.targetWeights?.[e.positionId];
        lines.push(`  ${e.positionId}: ${apyPartsText(e)}${e.stale ? ' STALE' : ''}, value ${formatEth(pos?.valueWei ?? 0n)} ETH${dev}${target === undefined ? '' : `, target ${formatBps(target)}`}`);
      }
      for (const f of r.verdict?.findings ?? []) lines.push(`  risk ${f.action}: ${f.code}${f.positionId ? ` ${f.positionId}` : ''}: ${f.message}`);
      if (r.plan.actions.length > 0) lines.push(`  actions: ${r.plan.actions.length}, expected gain ${formatEth(r.plan.expectedYearlyGainWei)} ETH/year`);
      return lines.join('\n');
    }
    case 'execution':
      return [
        `${head}  plan ${r.planId} (${r.planKind}): ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
        ...(r.calls.length ? [`  calls: ${r.calls.join('; ')}`] : []),
        ...(r.targetBlocks.length ? [`  target blocks: ${r.targetBlocks.join(', ')}; bundles: ${r.bundleHashes.length}`] : []),
      ].join('\n');
    case 'outcome':
      return [
        `${head}  plan ${r.planId}: ${r.status}${r.inclusionBlock === undefined ? '' : ` in block ${r.inclusionBlock}`}${r.reason ? ` (${r.reason})` : ''}`,
        ...r.receipts.map((x) => `  tx ${x.hash}: status ${x.status}, gas ${x.gasUsed}`),
        `  gas cost: realised ${formatEth(r.realised.gasCostWei, 6)} ETH vs planned ${formatEth(r.expected.gasCostWei, 6)} ETH; expected gain ${formatEth(r.expected.yearlyGainWei)} ETH/year`,
        `  balance checks: ${r.realised.checksOk === null ? 'none' : r.realised.checksOk ? 'all within tolerance' : 'SOME OUTSIDE TOLERANCE'}`,
      ].join('\n');
  }
}
