/** Kelp: the mainnet functions the keeper calls (see shared PROTOCOLS.md). */
export const KELP_DEPOSIT_POOL_ABI = ['function depositETH(uint256 minRSETHAmountExpected, string referralId) payable'] as const;

export const KELP_ORACLE_ABI = [
  // A stored value: it moves only when someone calls updateRSETHPrice().
  'function rsETHPrice() view returns (uint256)',
  'function updateRSETHPrice()',
] as const;

export const KELP_WITHDRAWAL_MANAGER_ABI = [
  'function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string referralId)',
  'function completeWithdrawal(address asset, string referralId)',
] as const;
