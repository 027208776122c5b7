/**
 * SafeKeeperModule (contracts/safe-module): the keeper's guarded execution from a DAO's Safe.
 * It shares the RestakingVault's guard code (contracts/vault/GuardedExecution.sol) and its
 * configuration (VaultConfig.sol), so the keeper's execute, the allowlist views, the admin
 * functions and every guard error are the vault's own fragments; only the holder differs.
 */
import { VAULT_ADMIN_ABI, VAULT_ALLOWLIST_ABI, VAULT_CALL_TUPLE, VAULT_ERRORS_ABI, VAULT_EVENTS_ABI } from '../protocols/vault/abi.ts';

/** What the keeper sends and reads: `totalAssets()` values the Safe's holdings the loss limits bound. */
export const SAFE_MODULE_KEEPER_ABI = [
  `function execute(${VAULT_CALL_TUPLE}[] calls) returns (bytes[] results)`,
  'function totalAssets() view returns (uint256)',
  'function asset() view returns (address)',
  'function safe() view returns (address)',
  'function keeper() view returns (address)',
  'function paused() view returns (bool)',
  'function maxLossBps() view returns (uint16)',
  'function maxWindowLossBps() view returns (uint16)',
  'function recentLossPpb() view returns (uint256)',
  'function LOSS_WINDOW() view returns (uint256)',
  'function MAX_CALLS() view returns (uint256)',
  'function MAX_QUEUED_WITHDRAWALS() view returns (uint256)',
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
