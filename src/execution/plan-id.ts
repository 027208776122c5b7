/**
 * Deterministic plan ids: the same vault, block and actions always give the same id, so a
 * plan that was already executed (or is in flight) is recognised however often it is
 * decided again (a retried job, a second keeper process, a restart).
 */
import { keccak256, toUtf8Bytes } from 'ethers';
import type { Action } from '../domain/plan.ts';
import { toJson } from '../state/json-bigint.ts';

/** keccak256 of the actions as canonical JSON (bigints exact). */
export function planHash(actions: readonly Action[]): string {
  return keccak256(toUtf8Bytes(toJson(actions)));
}

/**
 * @example planId('devnet-eoa', 1234, planHash(plan.actions)) // 'devnet-eoa-1234-1f0c…' (no ':' so it can be a job id)
 */
export function planId(vault: string, block: number, hash: string): string {
  return `${vault}-${block}-${hash.slice(2, 18)}`;
}
