/**
 * SafeKeeperModule (contracts/safe-module): the keeper's guarded execution from a DAO's Safe.
 * It shares the RestakingVault's guard code (contracts/vault/GuardedExecution.sol) and its
 * configuration (VaultConfig.sol), so the keeper's execute, the allowlist views, the admin
 * functions and every guard error are the vault's own fragments; only the holder differs.
 */
import { VAULT_ADMIN_ABI, VAULT_ALLOWLIST_ABI, VAULT_ERRORS_ABI, VAULT_EVENTS_ABI, VAULT_KEEPER_ABI } from '../protocols/vault/abi.ts';

/**
 * What the keeper sends and reads: the vault's keeper fragments (`totalAssets()` values the
 * Safe's holdings the loss limits bound) without its share views, plus the Safe it guards.
 */
export const SAFE_MODULE_KEEPER_ABI = [
  ...VAULT_KEEPER_ABI.filter((f) => !/^function (idleAssets|totalSupply|convertToAssets)\(/.test(f)),
  'function safe() view returns (address)',
] as const;

/** The module's own error on top of the vault's (its constructor refuses an owner other than the Safe). */
const MODULE_ERRORS_ABI = ['error OwnerNotSafe(address owner, address safe)'] as const;

/** Every fragment of the module: keeper, allowlist views, admin (the Safe), errors, events. */
export const SAFE_KEEPER_MODULE_ABI = [
  ...SAFE_MODULE_KEEPER_ABI,
  ...VAULT_ALLOWLIST_ABI,
  ...VAULT_ADMIN_ABI,
  ...VAULT_ERRORS_ABI.filter((e) => !e.includes('ERC4626') && !e.includes('DepositsClosed')),
  ...MODULE_ERRORS_ABI,
  ...VAULT_EVENTS_ABI.filter((e) => !/event (Transfer|Approval|Deposit|Withdraw)\(/.test(e)),
] as const;
