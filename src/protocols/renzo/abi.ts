/** Renzo: the mainnet functions the keeper calls (see shared PROTOCOLS.md). */
export const RENZO_RESTAKE_MANAGER_ABI = [
  'function depositETH(uint256 referralId) payable',
  'function calculateTVLs() view returns (uint256[][], uint256[], uint256)',
] as const;

export const RENZO_RATE_PROVIDER_ABI = ['function getRate() view returns (uint256)'] as const;

export const RENZO_WITHDRAW_QUEUE_ABI = [
  'function withdraw(uint256 amount, address assetOut)',
  'function claim(uint256 withdrawRequestIndex, address user)',
  'function getOutstandingWithdrawRequests(address user) view returns (uint256)',
  'function coolDownPeriod() view returns (uint256)',
] as const;

export const RENZO_INSTANT_WITHDRAWER_ABI = ['function withdraw(uint256 amount, address redeemToken, uint256 minOut)'] as const;
