/**
 * Queue names, Redis key layout and job ids of the daemon, in one place so the operations
 * side (bull-board, queue depths, `keeper status`) opens the same queues the workers use.
 *
 * Job ids are deterministic, so a tick enqueued by several processes exists once: BullMQ
 * ignores an `add` whose id is already there. BullMQ refuses ':' in custom ids, and vault
 * names cannot contain one (the config schema), so ids are joined with '-'.
 */
import type { KeeperConfig } from '../config/schema.ts';

export const QUEUE_NAMES = {
  /** Per vault and block: observe → estimate → decide (the pure middle costs microseconds, so "plan" runs in the same job). */
  observe: 'observe',
  /** Per plan: simulate, sign, send, wait for inclusion, under the signer lock. */
  execute: 'execute',
  /** Per plan: resolve the intent from the chain, receipts and realised vs expected into the audit log. */
  confirm: 'confirm',
  /** Per vault on a timer: claim and reinvest rewards when that pays. */
  compound: 'compound',
  /** Per vault on a timer: complete queued withdrawals that are due. */
  withdrawals: 'withdrawals',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE_NAMES);

/** BullMQ's key prefix: `${queue.prefix}:q`, so queue keys never meet the keeper's own keys. */
export function bullPrefix(config: Pick<KeeperConfig, 'queue'>): string {
  return `${config.queue.prefix}:q`;
}

/** Prefix of a vault's intents and withdrawals (the one `keeper execute` uses too). */
export function vaultStatePrefix(prefix: string, vault: string): string {
  return `${prefix}:${vault}:`;
}

/** @example tickJobId('devnet-main', 1234) // 'devnet-main-1234' */
export function tickJobId(vault: string, block: number): string {
  return `${vault}-${block}`;
}

/** Timer jobs (compound, withdrawals) are BullMQ job schedulers, one per vault and kind. */
export function schedulerId(kind: 'compound' | 'withdrawals', vault: string): string {
  return `${kind}-${vault}`;
}

/** Lock serialising every plan of one signer (nonces are per signer, not per vault). */
export function signerLockKey(prefix: string, signer: string): string {
  return `${prefix}:lock:signer:${signer.toLowerCase()}`;
}

/** Where final job failures are recorded (a capped list). */
export function failedJobsKey(prefix: string): string {
  return `${prefix}:failed-jobs`;
}
