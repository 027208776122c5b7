/**
 * The post-state probe: one Multicall3 aggregate3 read of the holder's balances (and the
 * vault's total assets), appended to a simulated bundle as one more transaction so that the
 * simulation reports the state AFTER the bundle. It is only ever simulated, never sent.
 */
import { Interface } from 'ethers';
import { decodeAggregate3, encodeAggregate3, multicall3, type ReadCall } from '../chain/multicall.ts';
import { NonRetryableError } from '../domain/errors.ts';
import { ERC20_ABI } from '../protocols/erc20/abi.ts';

const erc20 = new Interface(ERC20_ABI);

export interface ProbeRead {
  /** Lower-case key the value is reported under (a token address, or e.g. `totalAssets`). */
  readonly key: string;
  readonly call: ReadCall;
}

export function balanceRead(token: string, holder: string): ProbeRead {
  return { key: token.toLowerCase(), call: { target: token, iface: erc20, fn: 'balanceOf', args: [holder], label: `balanceOf(${token})` } };
}

/** The holder's native ETH, read through Multicall3.getEthBalance inside the same probe. */
export function nativeRead(multicall: string, holder: string): ProbeRead {
  return { key: 'native', call: { target: multicall, iface: multicall3, fn: 'getEthBalance', args: [holder], label: 'getEthBalance(holder)' } };
}

/**
 * Gas limit of the simulated probe. On the eoa backend the probe is the keeper's transaction,
 * so this limit times the fee is taken upfront from the balance it reads (the native check
 * adds it back): a few balance reads need far less than 1M. The vault's probe also values the
 * vault (totalAssets), whose cost grows with positions and queued withdrawals.
 */
export function probeGasLimit(backend: 'eoa' | 'vault' | 'safe'): bigint {
  return backend === 'eoa' ? 1_000_000n : 5_000_000n;
}

export function encodeProbe(reads: readonly ProbeRead[]): string {
  return encodeAggregate3(reads.map((r) => r.call));
}

/** Decodes the probe's return data; every read must succeed, or the probe says nothing. */
export function decodeProbe(reads: readonly ProbeRead[], returnData: string): Map<string, bigint> {
  const rows = decodeAggregate3(reads.map((r) => r.call), returnData);
  const out = new Map<string, bigint>();
  rows.forEach((row, i) => {
    const read = reads[i] as ProbeRead;
    if (!row.ok) throw new NonRetryableError('post-state probe read failed', { details: [`read: ${row.label}`, `reason: ${row.reason}`] });
    out.set(read.key, row.value[0] as bigint);
  });
  return out;
}

/** after − before per key. */
export function diff(before: ReadonlyMap<string, bigint>, after: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [k, v] of after) out.set(k, v - (before.get(k) ?? 0n));
  return out;
}
