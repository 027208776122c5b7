/** Puffer: pufETH is an ERC-4626 vault over WETH (see shared PROTOCOLS.md). */
export const PUFFER_VAULT_ABI = [
  'function depositETH(address receiver) payable returns (uint256)',
  'function convertToAssets(uint256 shares) view returns (uint256)',
  'function maxRedeem(address owner) view returns (uint256)',
  'function redeem(uint256 shares, address receiver, address owner) returns (uint256)',
  'function getExitFeeBasisPoints() view returns (uint256)',
] as const;
