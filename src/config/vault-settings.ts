/**
 * The effective settings of one vault: its own strategy or the default one, and the global
 * risk and compounding settings with the vault's overrides merged over them. Kept as a
 * separate step (not baked into the parsed config) so that a decision can be explained as
 * "global limit X, overridden for this vault to Y".
 *
 * @example
 *   const { strategy, risk } = resolveVaultSettings(config, config.vaults[0]);
 */
import type { CompoundingConfig, RiskConfig, StrategyChoice } from './policy-schema.ts';
import type { KeeperConfig, VaultConfig } from './schema.ts';
import { InputError } from '../domain/errors.ts';

export interface VaultSettings {
  name: string;
  address: string;
  backend: VaultConfig['backend'];
  strategy: StrategyChoice;
  risk: RiskConfig;
  compounding: CompoundingConfig;
}

export function resolveVaultSettings(config: KeeperConfig, vault: VaultConfig): VaultSettings {
  const strategy = vault.strategy ?? config.strategy;
  if (!strategy) {
    // The schema's cross-checks make this unreachable for a config that came from loadConfig.
    throw new InputError(`Vault ${vault.name} has no strategy`, { details: [`vault: ${vault.name}`] });
  }
  const o = vault.risk ?? {};
  const g = config.risk;
  const risk: RiskConfig = {
    ...g,
    ...definedOnly({ ...o, depeg: undefined, slashing: undefined, minNetGain: undefined }),
    depeg: { ...g.depeg, ...definedOnly(o.depeg ?? {}) },
    slashing: { ...g.slashing, ...definedOnly(o.slashing ?? {}) },
    minNetGain: { ...g.minNetGain, ...definedOnly(o.minNetGain ?? {}) },
  };
  const compounding: CompoundingConfig = { ...config.compounding, ...definedOnly(vault.compounding ?? {}) };
  return { name: vault.name, address: vault.address, backend: vault.backend, strategy, risk, compounding };
}

/** Drops keys whose value is undefined so they do not erase the global value in a spread. */
function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
