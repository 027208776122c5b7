/**
 * Finds the vault an operator named on the command line, by name (case-insensitive) or by
 * address, and says which vaults exist when none matches: a typo in `keeper pause` must not
 * silently pause nothing.
 */
import type { VaultConfig } from '../config/schema.ts';
import { InputError } from '../domain/errors.ts';

/** @example selectVaultByName(config.vaults, 'devnet-main') */
export function selectVaultByName(vaults: readonly VaultConfig[], wanted: string): VaultConfig {
  const w = wanted.toLowerCase();
  const found = vaults.find((v) => v.name.toLowerCase() === w || v.address.toLowerCase() === w);
  if (found !== undefined) return found;
  throw new InputError(`No vault named ${wanted} in the config`, {
    details: [`known: ${vaults.map((v) => v.name).join(', ')}`],
    code: 'UNKNOWN_VAULT',
  });
}
