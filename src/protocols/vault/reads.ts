/** RestakingVault reads the observer batches. */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { VAULT_KEEPER_ABI } from './abi.ts';

const vault = new Interface(VAULT_KEEPER_ABI);

/** One whole share (1e18 share wei): the unit the share price is quoted in. */
const ONE_SHARE = 10n ** 18n;

/** `vault.convertToAssets(1e18)`: asset wei one share is worth, by the vault's own valuation. */
export function vaultSharePrice(address: string): Read<bigint> {
  return read(address, vault, 'convertToAssets', [ONE_SHARE], 'vault.convertToAssets', firstUint);
}
