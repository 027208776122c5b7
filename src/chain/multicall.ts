/**
 * Multicall3 `aggregate3`: many contract reads in one `eth_call`, each allowed to fail on
 * its own, so one vault's whole observation is one RPC request.
 */
import { Interface, type Result } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { decodeAggregate3Answers, encodeAggregate3Calls, type Aggregate3Answer } from './aggregate3-codec.ts';

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
  /**
   * A failure of this call is an answer ("no value"), not a broken observation: venue quotes,
   * where a pool that cannot fill a size must not reject the whole tick.
   */
  optional?: boolean;
}

export type ReadResult = { ok: true; value: Result } | { ok: false; label: string; reason: string };

export function encodeAggregate3(calls: readonly ReadCall[]): string {
  return encodeAggregate3Calls(calls.map((c) => ({ target: c.target, callData: subCallData(c) })));
}

/** Decodes aggregate3's answer; a sub-call that failed or returned junk becomes `ok: false`. */
export function decodeAggregate3(calls: readonly ReadCall[], returnData: string): ReadResult[] {
  let rows: Aggregate3Answer[];
  try {
    rows = decodeAggregate3Answers(returnData);
  } catch (cause) {
    throw new NonRetryableError('Multicall3 answer could not be decoded', { details: [`bytes: ${Math.max(0, returnData.length / 2 - 1)}`], cause });
  }
  if (rows.length !== calls.length) {
    throw new NonRetryableError('Multicall3 answered a different number of results', { details: [`sent: ${calls.length}`, `got: ${rows.length}`] });
  }
  return calls.map((call, i) => {
    const row = rows[i]!;
    if (!row.success) return { ok: false, label: call.label, reason: 'call reverted' };
    try {
      return { ok: true, value: call.iface.decodeFunctionResult(call.fn, row.returnData) };
    } catch {
      return { ok: false, label: call.label, reason: `could not decode ${row.returnData.length / 2 - 1} bytes` };
    }
  });
}

/**
 * A sub-call's calldata depends only on its function and arguments, which come from the
 * config, so a keeper encodes the same few hundred calldatas every block. Encoding through
 * ethers (fragment lookup, selector hashing, coders) is the costly part; the memo keeps each
 * once per interface. Bounded: cleared when it outgrows MAX_MEMO (a config with that many
 * distinct reads is far beyond any vault set we run).
 */
const MAX_MEMO = 100_000;
const calldataMemo = new WeakMap<Interface, Map<string, string>>();

function subCallData(c: ReadCall): string {
  let memo = calldataMemo.get(c.iface);
  if (memo === undefined) {
    memo = new Map();
    calldataMemo.set(c.iface, memo);
  }
  const key = `${c.fn}|${JSON.stringify(c.args, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  let data = memo.get(key);
  if (data === undefined) {
    data = c.iface.encodeFunctionData(c.fn, c.args);
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, data);
  }
  return data;
}
