/** ERC-20 reads the observer batches: balances and decimals. */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { ERC20_ABI } from './abi.ts';

const erc20 = new Interface(ERC20_ABI);

/** `token.balanceOf(owner)`; `symbol` only labels failures. */
export function balanceOf(token: string, owner: string, symbol: string): Read<bigint> {
  return read(token, erc20, 'balanceOf', [owner], `${symbol}.balanceOf`, firstUint);
}

/** `token.decimals()`, checked to be a sane ERC-20 value (0..36). */
export function decimals(token: string, symbol: string): Read<number> {
  return read(token, erc20, 'decimals', [], `${symbol}.decimals`, (value) => {
    const d = Number(firstUint(value));
    if (d > 36) throw new TypeError(`decimals ${d} out of range`);
    return d;
  });
}
