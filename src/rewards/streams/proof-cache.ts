/**
 * A proof client that asks its server at most once per `maxAgeSeconds` per account, for the
 * daemon's compound job. A proof is a function of (root, account): while the distributor's
 * root on chain is the root of the remembered proof, the remembered proof is exactly what the
 * server would answer, so it is reused however old it is. When the root has moved, the server
 * is asked again, but not before `maxAgeSeconds` after the last answer: a server still serving
 * the old tree (or failing) costs one request per interval, not one per job. Failures are
 * remembered for the interval too.
 */
import type { StreamProof, StreamProofClient } from './proof-client.ts';

interface Entry {
  readonly at: number;
  readonly answer: { readonly ok: true; readonly proof: StreamProof } | { readonly ok: false; readonly error: unknown };
}

/**
 * @param clock unix seconds.
 * @example const client = cachedStreamProofClient(createStreamProofClient({ proofUrl, timeoutMs }), 3_600, () => Date.now() / 1000)
 */
export function cachedStreamProofClient(inner: StreamProofClient, maxAgeSeconds: number, clock: () => number): StreamProofClient {
  const entries = new Map<string, Entry>();
  return {
    async proofFor(account, currentRoot) {
      const key = account.toLowerCase();
      const entry = entries.get(key);
      const now = clock();
      const sameRoot = entry?.answer.ok === true && currentRoot !== undefined && entry.answer.proof.root === currentRoot.toLowerCase();
      if (entry !== undefined && (sameRoot || now - entry.at < maxAgeSeconds)) {
        if (entry.answer.ok) return entry.answer.proof;
        throw entry.answer.error;
      }
      try {
        const proof = await inner.proofFor(account, currentRoot);
        entries.set(key, { at: now, answer: { ok: true, proof } });
        return proof;
      } catch (error) {
        entries.set(key, { at: now, answer: { ok: false, error } });
        throw error;
      }
    },
  };
}

/**
 * One cached client per proof server, for every configured stream: the daemon's compound job
 * asks each server at most once per `maxAgeSeconds` (see above).
 * @example const clients = cachedStreamProofClients((stream) => createStreamProofClient({ proofUrl: stream.claim.cumulativeMerkle.proofUrl, timeoutMs: 10_000 }), 3_600, clock)
 */
export function cachedStreamProofClients<S extends { readonly claim: { readonly cumulativeMerkle: { readonly proofUrl: string } } }>(
  make: (stream: S) => StreamProofClient,
  maxAgeSeconds: number,
  clock: () => number,
): (stream: S) => StreamProofClient {
  const clients = new Map<string, StreamProofClient>();
  return (stream) => {
    const url = stream.claim.cumulativeMerkle.proofUrl;
    const known = clients.get(url);
    if (known !== undefined) return known;
    const client = cachedStreamProofClient(make(stream), maxAgeSeconds, clock);
    clients.set(url, client);
    return client;
  };
}
