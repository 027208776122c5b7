/**
 * The backend that sends a signed Safe proposal: one `execTransaction` from the keeper with
 * the owners' signatures, for exactly the Safe transaction they signed. The executor rebuilds
 * the plan's calls (with a fresh swap deadline); they are only held against the signed batch
 * (same targets, values and functions, in order), never sent: a plan whose calls no longer
 * match what the owners signed is refused rather than executed as something else.
 */
import { InputError } from '../domain/errors.ts';
import { decodeMultiSend } from '../safe/multisend.ts';
import { encodeExecTransaction, type SafeTx } from '../safe/safe-tx.ts';
import type { Backend } from './backend.ts';

export interface SignedSafeTx {
  readonly safe: string;
  readonly safeTx: SafeTx;
  /** Packed owner signatures (ascending owner order). */
  readonly signatures: string;
}

/** @example createExecutor({ ...deps, backend: safeExecBackend({ safe, safeTx, signatures }) }) */
export function safeExecBackend(signed: SignedSafeTx): Backend {
  const batch = decodeMultiSend(signed.safeTx.data);
  return {
    kind: 'safe',
    holder: signed.safe,
    transactions: (calls, actions) => {
      if (calls.length === 0) return [];
      const same = calls.length === batch.length && calls.every((c, i) => {
        const b = batch[i];
        return b !== undefined && b.to.toLowerCase() === c.to.toLowerCase() && b.value === c.value && b.data.slice(0, 10).toLowerCase() === c.data.slice(0, 10).toLowerCase();
      });
      if (!same) {
        throw new InputError('the plan no longer builds the calls the owners signed', { details: [`signed: ${batch.length} calls`, `now: ${calls.map((c) => c.label).join(', ')}`] });
      }
      const gas = actions.reduce((s, a) => s + a.gas, 0) * 2 + 150_000;
      return [{ to: signed.safe, data: encodeExecTransaction(signed.safeTx, signed.signatures), value: 0n, label: `safe.execTransaction(MultiSendCallOnly, ${batch.length} calls)`, gasBudget: gas }];
    },
  };
}
