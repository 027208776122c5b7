/** ether.fi: the mainnet functions the keeper calls (see shared PROTOCOLS.md). */
export const WEETH_ABI = [
  'function getRate() view returns (uint256)',
  'function wrap(uint256 eETHAmount) returns (uint256)',
  'function unwrap(uint256 weETHAmount) returns (uint256)',
  'function getEETHByWeETH(uint256 weETHAmount) view returns (uint256)',
  'function getWeETHByeETH(uint256 eETHAmount) view returns (uint256)',
] as const;

export const ETHERFI_LIQUIDITY_POOL_ABI = [
  'function deposit(address referral) payable returns (uint256)',
  'function requestWithdraw(address recipient, uint256 amount) returns (uint256)',
  'function getTotalPooledEther() view returns (uint256)',
] as const;

export const ETHERFI_DEPOSIT_ADAPTER_ABI = ['function depositETHForWeETH(address referral) payable returns (uint256)'] as const;

export const ETHERFI_REDEMPTION_MANAGER_ABI = [
  'function redeemWeEth(uint256 weEthAmount, address receiver, address outputToken)',
  'function canRedeem(uint256 amount, address token) view returns (bool)',
] as const;

/** ether.fi's marker for "pay out native ETH" in redeemWeEth's outputToken. */
export const ETH_OUTPUT_TOKEN = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
