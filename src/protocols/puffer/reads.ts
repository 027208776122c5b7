/** Puffer reads: pufETH is an ERC-4626 share over WETH, so its rate is convertToAssets(1e18). */
import { Interface } from 'ethers';
import { firstAddress, firstUint, read, type Read } from '../../chain/read.ts';
import { PUFFER_VAULT_ABI } from './abi.ts';

const vault = new Interface(PUFFER_VAULT_ABI);
const ONE = 10n ** 18n;

/** WETH per 1e18 pufETH. */
export function pufEthRate(vaultAddress: string): Read<bigint> {
  return read(vaultAddress, vault, 'convertToAssets', [ONE], 'pufETH.convertToAssets', firstUint);
}

/** pufETH the holder can redeem instantly now (ERC-4626 maxRedeem: balance and liquidity). */
export function pufferMaxRedeem(vaultAddress: string, holder: string): Read<bigint> {
  return read(vaultAddress, vault, 'maxRedeem', [holder], 'pufETH.maxRedeem', firstUint);
}

const totalFee = new Interface(['function getTotalExitFeeBasisPoints() view returns (uint256)']);

/** The fee redeem charges, in bps: the exit fee plus the treasury's exit fee. */
export function pufferTotalExitFeeBps(vaultAddress: string): Read<bigint> {
  return read(vaultAddress, totalFee, 'getTotalExitFeeBasisPoints', [], 'pufETH.getTotalExitFeeBasisPoints', firstUint);
}

const managed = new Interface(['function authority() view returns (address)']);
const accessManager = new Interface(['function canCall(address caller, address target, bytes4 selector) view returns (bool immediate, uint32 delay)']);

/** The OpenZeppelin AccessManager that decides who may call the vault's restricted functions. */
export function pufferAuthority(vaultAddress: string): Read<`0x${string}`> {
  return read(vaultAddress, managed, 'authority', [], 'pufETH.authority', firstAddress);
}

/** Whether the AccessManager lets `caller` call `selector` on `target` now (a delayed grant must be scheduled first, so only `immediate` counts). */
export function accessManagerCanCallNow(manager: string, caller: string, target: string, selector: string): Read<boolean> {
  return read(manager, accessManager, 'canCall', [caller, target, selector], 'pufETH.authority.canCall', (v) => v[0] === true);
}
