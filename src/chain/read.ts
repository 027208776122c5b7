/**
 * A typed contract read: the call Multicall3 sends and the decoder of its answer, kept
 * together so that whoever builds the batch never has to know how to read the bytes back.
 * Protocol `reads.ts` files export these; the observer batches them.
 */
import type { Interface, Result } from 'ethers';
import type { ReadCall } from './multicall.ts';

export interface Read<T> {
  readonly call: ReadCall;
  /** Turns the decoded function result into a value; throws on an answer that makes no sense. */
  readonly decode: (value: Result) => T;
}

/**
 * Builds a Read from its parts.
 * @example read(weeth, WEETH, 'getRate', [], 'weETH.getRate', firstUint)
 */
export function read<T>(target: string, iface: Interface, fn: string, args: readonly unknown[], label: string, decode: (value: Result) => T): Read<T> {
  return { call: { target, iface, fn, args, label }, decode };
}

/** The first return value as a uint; anything else is a decoding error. */
export function firstUint(value: Result): bigint {
  const v = value[0] as unknown;
  if (typeof v !== 'bigint' || v < 0n) throw new TypeError(`expected a uint, got ${String(v)}`);
  return v;
}

/** The first return value as an address (checksummed by ethers). */
export function firstAddress(value: Result): `0x${string}` {
  const v = value[0] as unknown;
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new TypeError(`expected an address, got ${String(v)}`);
  return v as `0x${string}`;
}

/** A uint array return value at `index`. */
export function uintArray(value: Result, index: number): bigint[] {
  const v = value[index] as unknown;
  if (v === null || typeof v !== 'object' || !('length' in v)) throw new TypeError(`expected a uint[] at ${index}`);
  return Array.from(v as ArrayLike<unknown>, (x) => {
    if (typeof x !== 'bigint' || x < 0n) throw new TypeError(`expected a uint, got ${String(x)}`);
    return x;
  });
}

/** The same read, marked optional: its failure is "no value", not a rejected batch (ReadAnswers.tryGet). */
export function optionalRead<T>(r: Read<T>): Read<T> {
  return { call: { ...r.call, optional: true }, decode: r.decode };
}
