/**
 * Kelp reads. rsETHPrice() is a STORED value that moves only when someone calls
 * updateRSETHPrice(): it can lag the true backing, which the estimator's outlier and
 * staleness handling has to live with (PROTOCOLS.md pitfall 4).
 */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { KELP_ORACLE_ABI } from './abi.ts';

const oracle = new Interface(KELP_ORACLE_ABI);

/** ETH per 1e18 rsETH as last stored by the oracle. */
export function rsEthPrice(oracleAddress: string): Read<bigint> {
  return read(oracleAddress, oracle, 'rsETHPrice', [], 'rsETH.oracle.rsETHPrice', firstUint);
}
