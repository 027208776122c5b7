/**
 * Multicall3 `aggregate3`: many contract reads in one `eth_call`, each allowed to fail on
 * its own, so one vault's whole observation is one RPC request.
 */
import { Interface, type Result } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';

export const MULTICALL3_ABI = [
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
  'function getBasefee() view returns (uint256 basefee)',
  'function getBlockNumber() view returns (uint256 blockNumber)',
  'function getCurrentBlockTimestamp() view returns (uint256 timestamp)',
  'function getChainId() view returns (uint256 chainid)',
  'function getEthBalance(address addr) view returns (uint256 balance)',
] as const;

export const multicall3 = new Interface(MULTICALL3_ABI);

/** One read: which contract, which function, its arguments, and how to label failures. */
export interface ReadCall {
  target: string;
  iface: Interface;
  fn: string;
  args: readonly unknown[];
  /** Human label for errors, e.g. `weETH.getRate`. */
  label: string;
}

export type ReadResult = { ok: true; value: Result } | { ok: false; label: string; reason: string };

export function encodeAggregate3(calls: readonly ReadCall[]): string {
  return multicall3.encodeFunctionData('aggregate3', [
    calls.map((c) => ({ target: c.target, allowFailure: true, callData: c.iface.encodeFunctionData(c.fn, c.args) })),
  ]);
}

/** Decodes aggregate3's answer; a sub-call that failed or returned junk becomes `ok: false`. */
export function decodeAggregate3(calls: readonly ReadCall[], returnData: string): ReadResult[] {
  let decoded: Result;
  try {
    decoded = multicall3.decodeFunctionResult('aggregate3', returnData);
  } catch (cause) {
    throw new NonRetryableError('Multicall3 answer could not be decoded', { details: [`bytes: ${returnData.length / 2 - 1}`], cause });
  }
  const rows = decoded[0] as Result;
  if (rows.length !== calls.length) {
    throw new NonRetryableError('Multicall3 answered a different number of results', { details: [`sent: ${calls.length}`, `got: ${rows.length}`] });
  }
  return calls.map((call, i) => {
    const row = rows[i] as Result;
    const success = row[0] as boolean;
    const data = row[1] as string;
    if (!success) return { ok: false, label: call.label, reason: 'call reverted' };
    try {
      return { ok: true, value: call.iface.decodeFunctionResult(call.fn, data) };
    } catch {
      return { ok: false, label: call.label, reason: `could not decode ${data.length / 2 - 1} bytes` };
    }
  });
}
