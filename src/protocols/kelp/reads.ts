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

const withdrawalManager = new Interface([
  'function minRsEthAmountToWithdraw(address asset) view returns (uint256)',
  'function withdrawalDelayBlocks() view returns (uint256)',
]);
const ETH_ASSET = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

/** Smallest rsETH amount an ETH withdrawal may request (initiateWithdrawal reverts below it). */
export function kelpMinWithdrawalRsEth(withdrawalManagerAddress: string): Read<bigint> {
  return read(withdrawalManagerAddress, withdrawalManager, 'minRsEthAmountToWithdraw', [ETH_ASSET], 'rsETH.withdrawalManager.minRsEthAmountToWithdraw', firstUint);
}

/** Blocks a withdrawal waits before the operator may unlock it (Kelp counts blocks, not seconds). */
export function kelpWithdrawalDelayBlocks(withdrawalManagerAddress: string): Read<bigint> {
  return read(withdrawalManagerAddress, withdrawalManager, 'withdrawalDelayBlocks', [], 'rsETH.withdrawalManager.withdrawalDelayBlocks', firstUint);
}
