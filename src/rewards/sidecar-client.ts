/**
 * HTTP client for the EigenLayer Sidecar's rewards API (the data behind every claim since the
 * S3 files were retired): the distribution roots, the rows of one root, and claim proofs.
 * Each answer is checked against the published shapes; timeouts, 5xx and connection errors
 * are retried with backoff and then reported as RetryableError; 4xx and malformed answers are
 * reported at once. Nothing here trusts the answers: src/rewards/sidecar-source.ts checks
 * every root against the chain.
 */
import { z } from 'zod';
import { jsonHttp, type JsonRequest } from './json-http.ts';

export interface SidecarClientOptions {
  readonly baseUrl: string;
  /** Optional auth header (name and value from a secret), sent with every request. */
  readonly auth?: { readonly header: string; readonly value: string };
  readonly timeoutMs: number;
  /** Extra attempts after the first for retryable failures. */
  readonly retries: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^(0x)?[0-9a-fA-F]{${bytes * 2}}$`)).transform((s) => (s.startsWith('0x') ? s : `0x${s}`).toLowerCase());
const address = hex(20);
const uintText = z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform((v) => BigInt(v));
const index = z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform((v) => Number(v));
/** Times come as RFC 3339 (protobuf Timestamp) or as unix seconds. */
const time = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const seconds = typeof v === 'number' || /^\d+$/.test(v) ? Number(v) : Date.parse(v) / 1000;
  if (!Number.isFinite(seconds)) ctx.addIssue({ code: 'custom', message: `not a time: ${String(v)}` });
  return Math.floor(seconds);
});
const proofBytes = z.string().regex(/^(0x)?([0-9a-fA-F]{64})*$/, 'expected concatenated 32-byte hashes').transform((s) => (s.startsWith('0x') ? s : `0x${s}`).toLowerCase());

const rootsSchema = z.object({
  distributionRoots: z
    .array(
      z.object({
        root: hex(32),
        rootIndex: index,
        rewardsCalculationEnd: time,
        activatedAt: time,
        disabled: z.boolean().optional().default(false),
        blockHeight: index.optional(),
      }),
    )
    .default([]),
});
const rewardsSchema = z.object({
  rewards: z.array(z.object({ earner: address, token: address, amount: uintText, snapshot: time.optional() })).default([]),
});
const proofSchema = z.object({
  proof: z.object({
    root: hex(32),
    rootIndex: index,
    earnerIndex: index,
    earnerTreeProof: proofBytes,
    earnerLeaf: z.object({ earner: address, earnerTokenRoot: hex(32) }),
    leafIndices: z.array(index),
    tokenTreeProofs: z.array(proofBytes),
    tokenLeaves: z.array(z.object({ token: address, cumulativeEarnings: uintText })),
  }),
});

export type SidecarRoot = z.output<typeof rootsSchema>['distributionRoots'][number];
export type SidecarRewardRow = z.output<typeof rewardsSchema>['rewards'][number];
export type SidecarProof = z.output<typeof proofSchema>['proof'];

export interface SidecarClient {
  distributionRoots(): Promise<SidecarRoot[]>;
  rewardsForRoot(rootIndex: number): Promise<SidecarRewardRow[]>;
  claimProof(earner: string, tokens: readonly string[], rootIndex?: number): Promise<SidecarProof>;
}

/**
 * @example const sidecar = createSidecarClient({ baseUrl: 'https://sidecar-rpc.eigenlayer.xyz/mainnet', timeoutMs: 10_000, retries: 2 });
 */
export function createSidecarClient(options: SidecarClientOptions): SidecarClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const http = jsonHttp({
    service: 'Sidecar',
    codePrefix: 'SIDECAR',
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    ...(options.auth ? { headers: { [options.auth.header]: options.auth.value } } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const request = <T extends z.ZodType>(path: string, init: JsonRequest, schema: T, what: string): Promise<z.output<T>> => http(`${base}${path}`, init, schema, what);

  return {
    async distributionRoots() {
      return (await request('/rewards/v1/distribution-roots', { method: 'GET' }, rootsSchema, 'distribution roots')).distributionRoots;
    },
    async rewardsForRoot(rootIndex) {
      return (await request(`/rewards/v1/distribution-roots/${rootIndex}/rewards`, { method: 'GET' }, rewardsSchema, 'rewards')).rewards;
    },
    async claimProof(earner, tokens, rootIndex) {
      const body = JSON.stringify({ earnerAddress: earner.toLowerCase(), tokens: tokens.map((t) => t.toLowerCase()), ...(rootIndex === undefined ? {} : { rootIndex }) });
      return (await request('/rewards/v1/claim-proof', { method: 'POST', body }, proofSchema, 'claim proof')).proof;
    },
  };
}
