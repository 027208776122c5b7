/**
 * The vault's fee contract (contracts/vault/VaultFees.sol, deployed by the vault; its address
 * is `vault.feeController()`): what the owner, the guardian and `keeper vault diff` call.
 */
export const VAULT_FEE_HOOKS_ABI = [
  'function feeController() view returns (address)',
  // Mints the fees accrued so far; anyone may call it.
  'function accrueFees()',
] as const;

export const VAULT_FEES_ABI = [
  'function vault() view returns (address)',
  'function virtualShares() view returns (uint256)',
  'function shareUnit() view returns (uint256)',
  'function MAX_MANAGEMENT_FEE_BPS() view returns (uint16)',
  'function MAX_PERFORMANCE_FEE_BPS() view returns (uint16)',
  'function fees() view returns (address recipient, uint16 managementBps, uint16 performanceBps, uint40 lastAccrual)',
  'function pending() view returns (address recipient, uint16 managementBps, uint16 performanceBps, uint64 readyAt)',
  'function managementFeeCapBps() view returns (uint16)',
  'function performanceFeeCapBps() view returns (uint16)',
  'function highWaterMark() view returns (uint256)',
  'function pendingShares() view returns (uint256)',
  'function setFeeCaps(uint16 managementCapBps, uint16 performanceCapBps)',
  'function queueFees(address recipient, uint16 managementBps, uint16 performanceBps)',
  'function applyFees()',
  'function cancelFees()',
  'function accrue() returns (address recipient, uint256 shares)',
  'error CallerNotVault(address caller)',
  'error CallerNotOwner(address caller)',
  'error CallerNotGuardianOrOwner(address caller)',
  'error SetupClosed()',
  'error FeeAboveCap(uint16 managementBps, uint16 performanceBps)',
  'error FeeChangeNotQueued()',
  'error FeeChangeNotReady(uint64 readyAt)',
  'event FeeCapsSet(uint16 managementCapBps, uint16 performanceCapBps)',
  'event FeesQueued(address indexed recipient, uint16 managementBps, uint16 performanceBps, uint64 readyAt)',
  'event FeesCancelled(address indexed by)',
  'event FeesSet(address indexed recipient, uint16 managementBps, uint16 performanceBps)',
  'event FeesAccrued(address indexed recipient, uint256 managementShares, uint256 performanceShares, uint256 highWaterMark)',
] as const;
