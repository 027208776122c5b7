/**
 * Job payloads, validated when a worker takes a job: a job written by another version of
 * the keeper (or by hand) fails as unrecoverable with the bad field named, instead of
 * half-running. Plans carry bigints, which JSON cannot, so they travel as `toJson` text.
 */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';

const vault = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

export const observeJobSchema = z.strictObject({ vault, block: z.number().int().nonnegative() });
export type ObserveJob = z.infer<typeof observeJobSchema>;

export const executeJobSchema = z.strictObject({
  vault,
  planId: z.string().min(1),
  /** Snapshot block the plan was decided on. */
  block: z.number().int().nonnegative(),
  source: z.enum(['observe', 'compound', 'withdrawals']),
  /** The Plan as toJson text. */
  plan: z.string().min(2),
  /** What the position specs depend on, as observed when planning. */
  delegatedTo: z.string().optional(),
  withdrawalDelayBlocks: z.number().int().nonnegative().optional(),
  /** Slashing events seen when planning: a new one refuses the send. */
  slashingSeen: z.number().int().nonnegative(),
  /** Discretionary turnover of the plan, bps, and the chain time it was decided at (the daily ledger's day). */
  turnoverBps: z.number().nonnegative().default(0),
  timestamp: z.number().int().nonnegative().default(0),
});
export type ExecuteJob = z.input<typeof executeJobSchema>;

export const confirmJobSchema = z.strictObject({
  vault,
  planId: z.string().min(1),
  /** The executor's result as toJson text (calls, target blocks, post checks). */
  result: z.string().min(2),
  /** Plan numbers for realised vs expected, as decimal strings. */
  expectedYearlyGainWei: z.string().regex(/^-?\d+$/),
  totalCostWei: z.string().regex(/^\d+$/),
  gasCostWei: z.string().regex(/^\d+$/),
  turnoverBps: z.number().nonnegative().default(0),
  timestamp: z.number().int().nonnegative().default(0),
});
export type ConfirmJob = z.input<typeof confirmJobSchema>;

export const vaultJobSchema = z.strictObject({ vault });
export type VaultJob = z.infer<typeof vaultJobSchema>;

/** Parses a payload or throws an InputError naming the queue, job and fields. */
export function parsePayload<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InputError('bad job payload', { details: [`job: ${where}`, ...parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)] });
}
