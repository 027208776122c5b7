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
import type { ReadCall, ReadResult } from './multicall.ts';
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
