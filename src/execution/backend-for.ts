/**
 * The execution backend a configured vault uses, for `keeper execute` and the daemon alike.
 */
import type { VaultConfig } from '../config/schema.ts';
import { InputError } from '../domain/errors.ts';
import { eoaBackend, vaultBackend, type Backend } from './backend.ts';
import { safeModuleBackend } from './safe-module-backend.ts';

/**
 * @throws InputError for a safe-propose vault (its plans wait for the owners' signatures:
 * src/safe/execute-proposal.ts builds its backend per proposal) or a safe-module vault without its module.
 * @example backendFor(config.vaults[0], signer.address).holder
 */
export function backendFor(vault: Pick<VaultConfig, 'name' | 'backend' | 'address' | 'safe'>, signer: string): Backend {
  switch (vault.backend) {
    case 'eoa':
      return eoaBackend(signer);
    case 'vault':
      return vaultBackend(vault.address);
    case 'safe-module': {
      const module = vault.safe?.module;
      if (module === undefined) throw new InputError('a safe-module vault needs safe.module', { details: [`vault ${vault.name}`] });
      return safeModuleBackend(vault.address, module);
    }
    case 'safe-propose':
      throw new InputError('a safe-propose vault executes only Safe transactions its owners signed', { details: [`vault ${vault.name}`, 'keeper execute proposes; keeper safe execute <id> sends once signed'] });
  }
}
