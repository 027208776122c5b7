/**
 * HTTP client for a reward stream's proof server: GET <proofUrl>/<account> answers JSON
 * { root, account, cumulativeAmount, proof: bytes32[] } for the newest tree. Timeouts, 5xx
 * and connection errors are retried, then reported as RetryableError; 4xx and malformed
 * answers at once. The answer is not trusted: src/rewards/streams/cumulative-merkle.ts checks
 * it against the distributor on chain before anything is signed.
 */
import { z } from 'zod';
import { InputError, NonRetryableError, RetryableError, redactUrl } from '../../domain/errors.ts';

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex value').transform((s) => s.toLowerCase());
const answerSchema = z.object({
  root: hex32,
  account: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected an address'),
  cumulativeAmount: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform((v) => BigInt(v)),
  proof: z.array(hex32),
});

export type StreamProof = z.output<typeof answerSchema>;

export interface StreamProofClient {
  proofFor(account: string): Promise<StreamProof>;
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
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = options.proofUrl.replace(/\/+$/, '');

  async function once(account: string): Promise<StreamProof> {
    const url = `${base}/${account.toLowerCase()}`;
    const where = [`url: ${redactUrl(url)}`];
    let response: Response;
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (cause) {
      throw new RetryableError('reward stream proof server did not answer', { details: where, cause, code: 'STREAM_PROOF_UNREACHABLE' });
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`reward stream proof server answered HTTP ${response.status}`, { details: [...where, `body: ${text.slice(0, 200)}`], code: 'STREAM_PROOF_UNAVAILABLE' });
    if (!response.ok) throw new NonRetryableError(`reward stream proof server refused: HTTP ${response.status}`, { details: [...where, `body: ${text.slice(0, 200)}`], code: 'STREAM_PROOF_REFUSED' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new InputError('reward stream proof answer is not JSON', { details: [...where, `body: ${text.slice(0, 200)}`], cause, code: 'STREAM_PROOF_MALFORMED' });
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) {
      throw new InputError('reward stream proof answer has an unexpected shape', {
        details: [...where, ...parsed.error.issues.slice(0, 5).map((i) => `field ${i.path.join('.') || '(root)'}: ${i.message}`)],
        code: 'STREAM_PROOF_MALFORMED',
      });
    }
    return parsed.data;
  }

  return {
    async proofFor(account) {
      const retries = options.retries ?? 2;
      let last: unknown;
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) await sleep(Math.min(250 * 2 ** (attempt - 1), 4_000));
        try {
          return await once(account);
        } catch (err) {
          last = err;
          if (!(err instanceof RetryableError)) throw err;
        }
      }
      throw last;
    },
  };
}
