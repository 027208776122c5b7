/**
 * HTTP client for a reward stream's proof server: GET <proofUrl>/<account> answers JSON
 * { root, account, cumulativeAmount, proof: bytes32[] } for the newest tree. Timeouts, 5xx
 * and connection errors are retried, then reported as RetryableError; 4xx and malformed
 * answers at once. The answer is not trusted: src/rewards/streams/cumulative-merkle.ts checks
 * it against the distributor on chain before anything is signed.
 */
import { z } from 'zod';
import type { TokenStreamConfig } from '../../config/reward-streams-schema.ts';
import { jsonHttp } from '../json-http.ts';

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex value').transform((s) => s.toLowerCase());
const answerSchema = z.object({
  root: hex32,
  account: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected an address'),
  cumulativeAmount: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform((v) => BigInt(v)),
  proof: z.array(hex32),
});

export type StreamProof = z.output<typeof answerSchema>;

export interface StreamProofClient {
  /**
   * The newest proof for the account. `currentRoot`, the distributor's root on chain, lets a
   * caching client (proof-cache.ts) answer from memory when its proof is for that root.
   */
  proofFor(account: string, currentRoot?: string): Promise<StreamProof>;
}

export interface StreamProofClientOptions {
  readonly proofUrl: string;
  readonly timeoutMs: number;
  /** Extra attempts after the first for retryable failures (default 2). */
  readonly retries?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** @example const proof = await createStreamProofClient({ proofUrl, timeoutMs: 10_000 }).proofFor(vault) */
export function createStreamProofClient(options: StreamProofClientOptions): StreamProofClient {
  const base = options.proofUrl.replace(/\/+$/, '');
  const http = jsonHttp({
    service: 'reward stream proof server',
    codePrefix: 'STREAM_PROOF',
    timeoutMs: options.timeoutMs,
    retries: options.retries ?? 2,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  return { proofFor: (account) => http(`${base}/${account.toLowerCase()}`, { method: 'GET' }, answerSchema, 'proof') };
}

/** A stream's proof client as configured (one retry: a tick does not wait long on a side service). */
export function streamProofClient(stream: TokenStreamConfig): StreamProofClient {
  return createStreamProofClient({ proofUrl: stream.claim.cumulativeMerkle.proofUrl, timeoutMs: stream.claim.cumulativeMerkle.timeoutMs, retries: 1 });
}
