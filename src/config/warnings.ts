/**
 * What a config may say but the keeper ignores: not wrong enough to refuse the file, but an
 * operator who wrote it expects an effect it will not have. `keeper config validate` prints
 * these as warnings and still exits 0; `keeper run` (and `keeper start`) logs them once at startup.
 */
import type { ConfigProblem } from './issues.ts';
import type { KeeperConfig } from './schema.ts';

/**
 * @example configWarnings(config) // [{ path: 'vaults.1.deployedAtBlock', message: 'vaults[1].deployedAtBlock is ignored for backend eoa: …' }]
 */
export function configWarnings(config: KeeperConfig): ConfigProblem[] {
  return config.vaults.flatMap((vault, i) =>
    // Only a vault contract has a deployment: fees taken and `keeper vault diff` start there.
    vault.backend !== 'vault' && vault.deployedAtBlock !== undefined
      ? [{ path: `vaults.${i}.deployedAtBlock`, message: `vaults[${i}].deployedAtBlock is ignored for backend ${vault.backend}: only a vault contract (backend: vault) has fees and allowlist events to count from its deployment` }]
      : [],
  );
}
