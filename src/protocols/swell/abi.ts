/** Swell: the mainnet functions the keeper calls (see shared PROTOCOLS.md). */
export const RSWETH_ABI = [
  'function deposit() payable',
  'function getRate() view returns (uint256)',
] as const;

export const SWELL_WITHDRAWAL_NFT_ABI = [
  'function createWithdrawRequest(uint256 amount)',
  'function finalizeWithdrawal(uint256 tokenId)',
] as const;
