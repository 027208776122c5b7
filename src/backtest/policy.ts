/**
 * The part of a keeper config a backtest uses: the vault's strategy (name and validated
 * params) and its risk limits, with the vault's overrides merged as the live keeper merges them.
 *
 * A backtest needs no chain, so a config whose `deployment:` references cannot be resolved
 * (config/devnet.yaml without a running devnet) is still accepted: then only the policy
 * sections (`strategy`, `risk`, `compounding`, `vaults[].strategy|risk|name`) are validated,
 * with the same schemas, and a note says so.
 */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { CompoundingOptions } from '../plan/planner.ts';
import { ConfigInvalidError, problemsFromError } from '../config/issues.ts';
import { loadConfig } from '../config/load.ts';
import { compoundingSchema, riskOverridesSchema, riskSchema, strategyChoiceSchema } from '../config/policy-schema.ts';
import type { KeeperConfig } from '../config/schema.ts';
import { resolveVaultSettings } from '../config/vault-settings.ts';
import { parseConfigYaml } from '../config/yaml.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';

export interface BacktestPolicy {
  readonly vault: string;
  readonly strategy: { readonly name: string; readonly params: unknown };
  readonly limits: RiskLimits;
  /** The vault's compounding settings (claim rule of the planner). */
  readonly compounding: CompoundingOptions;
  /** Set when only the policy sections could be read. */
  readonly note?: string;
}

export interface PolicyOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly registry: StrategyRegistry;
  /** Vault to take the settings of; default the first. */
  readonly vault?: string;
  readonly readFile?: (path: string) => Promise<string>;
}

/** @example (await loadBacktestPolicy('config/backtest.yaml', { env, registry })).strategy.name // 'risk-adjusted-yield' */
export async function loadBacktestPolicy(path: string, opts: PolicyOptions): Promise<BacktestPolicy> {
  const lookup = { strategyParamsSchema: (n: string) => opts.registry.paramsSchema(n), strategyNames: opts.registry.names() };
  let config: Pick<KeeperConfig, 'strategy' | 'risk' | 'compounding' | 'vaults'>;
  let note: string | undefined;
  try {
    config = await loadConfig(path, { env: opts.env, ...lookup, ...(opts.readFile ? { readFile: opts.readFile } : {}) });
  } catch (err) {
    if (!needsChain(err)) throw err;
    config = await policyOnly(path, opts);
    note = `${path}: deployment references or environment placeholders not resolvable here; used only the strategy and risk sections`;
  }
  const vault = opts.vault === undefined ? config.vaults[0] : config.vaults.find((v) => v.name === opts.vault);
  if (vault === undefined) {
    throw new InputError('no such vault in the config', { details: [`vault: ${opts.vault ?? '(first)'}`, `known: ${config.vaults.map((v) => v.name).join(', ')}`] });
  }
  // resolveVaultSettings reads only these four sections and the vault entry.
  const settings = resolveVaultSettings(config as KeeperConfig, vault);
  return { vault: settings.name, strategy: settings.strategy, limits: settings.risk, compounding: { enabled: settings.compounding.enabled, minValueToCostMultiple: settings.compounding.minValueToCostMultiple }, ...(note === undefined ? {} : { note }) };
}

/** Errors that only mean "this config points at a chain or environment we do not have". */
function needsChain(err: unknown): boolean {
  if (!(err instanceof InputError)) return false;
  if (err.code === 'CONFIG_FILE' || err.code === 'CONFIG_DEPLOYMENT') return err.shortMessage.startsWith('Deployment file');
  if (err instanceof ConfigInvalidError) {
    return err.problems.every((p) => /deployment|environment variable/.test(p.message));
  }
  return false;
}

async function policyOnly(path: string, opts: PolicyOptions): Promise<Pick<KeeperConfig, 'strategy' | 'risk' | 'compounding' | 'vaults'>> {
  const { readFile } = await import('node:fs/promises');
  const text = await (opts.readFile ?? ((p: string) => readFile(p, 'utf8')))(path);
  const raw = parseConfigYaml(text, path);
  const ctx = { env: opts.env, strategies: { names: opts.registry.names(), paramsSchema: (n: string) => opts.registry.paramsSchema(n) } };
  const schema = z.object({
    strategy: strategyChoiceSchema(ctx).optional(),
    risk: riskSchema.prefault({}),
    compounding: compoundingSchema.prefault({}),
    vaults: z
      .array(z.object({ name: z.string().min(1), strategy: strategyChoiceSchema(ctx).optional(), risk: riskOverridesSchema.optional() }))
      .min(1, 'configure at least one vault'),
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigInvalidError(path, problemsFromError(parsed.error));
  return parsed.data as unknown as Pick<KeeperConfig, 'strategy' | 'risk' | 'compounding' | 'vaults'>;
}
