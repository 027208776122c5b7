/**
 * Collects typed reads into one Multicall3 batch and hands each answer back to the read that
 * asked for it. Building and decoding are two phases: `add` returns a slot while the batch is
 * built, and after the single `eth_call` the answers are looked up by slot.
 *
 * @example
 *   const batch = new ReadBatch();
 *   const rate = batch.add(weEthRate(token));
 *   const answers = new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, returnData));
 *   if (answers.failures.length === 0) answers.get(rate); // bigint
 */
import { decodeAggregate3, encodeAggregate3, type ReadCall, type ReadResult } from './multicall.ts';
import type { Read } from './read.ts';

export interface Slot<T> {
  readonly index: number;
  readonly read: Read<T>;
}

export class ReadBatch {
  readonly calls: ReadCall[] = [];

  add<T>(r: Read<T>): Slot<T> {
    this.calls.push(r.call);
    return { index: this.calls.length - 1, read: r };
  }
}

export interface ReadFailure {
  readonly label: string;
  readonly reason: string;
}

/** Thrown by `get` for a slot whose call failed or whose answer did not decode. */
export class ReadFailedError extends Error {
  override name = 'ReadFailedError';
  constructor(readonly failure: ReadFailure) {
    super(`${failure.label}: ${failure.reason}`);
  }
}

export class ReadAnswers {
  /** Sub-calls that reverted or returned undecodable bytes, in call order (optional calls excluded: see `tryGet`). */
  readonly failures: readonly ReadFailure[];

  constructor(
    private readonly calls: readonly ReadCall[],
    private readonly results: readonly ReadResult[],
  ) {
    this.failures = results.flatMap((r, i) => (r.ok || calls[i]?.optional === true ? [] : [{ label: r.label, reason: r.reason }]));
  }

  /** The decoded value of a slot, or undefined when its call failed or its answer made no sense. */
  tryGet<T>(slot: Slot<T>): T | undefined {
    try {
      return this.get(slot);
    } catch (err) {
      if (err instanceof ReadFailedError) return undefined;
      throw err;
    }
  }

  /** The decoded value of a slot; throws ReadFailedError when the call failed or made no sense. */
  get<T>(slot: Slot<T>): T {
    const result = this.results[slot.index];
    const label = this.calls[slot.index]?.label ?? `call ${slot.index}`;
    if (result === undefined) throw new ReadFailedError({ label, reason: 'no answer' });
    if (!result.ok) throw new ReadFailedError({ label, reason: result.reason });
    try {
      return slot.read.decode(result.value);
    } catch (err) {
      throw new ReadFailedError({ label, reason: `unexpected answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
}

/** The one method of an RPC client a batch read needs (src/observe/transport.ts RpcTransport fits). */
export interface EthCaller {
  call(method: string, params: readonly unknown[]): Promise<unknown>;
}

/**
 * Sends `batch` as one Multicall3 `aggregate3` eth_call at `blockTag` and returns its answers;
 * an empty batch costs no request. Throws when the call itself fails or answers a non-string;
 * a failed read inside the batch is the answers' business (ReadAnswers.get throws for it).
 * @example const answers = await callBatch(rpc, multicall3, batch, `0x${block.toString(16)}`); answers.get(rate)
 */
export async function callBatch(rpc: EthCaller, multicall3: string, batch: ReadBatch, blockTag: string): Promise<ReadAnswers> {
  if (batch.calls.length === 0) return new ReadAnswers([], []);
  const raw = await rpc.call('eth_call', [{ to: multicall3, data: encodeAggregate3(batch.calls) }, blockTag]);
  if (typeof raw !== 'string') throw new TypeError('eth_call answered a non-string');
  return new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, raw));
}
