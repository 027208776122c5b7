/**
 * The Sidecar client against a real HTTP server on loopback: the published answer shapes
 * parse; timeouts and 5xx are retried then reported as retryable; 4xx and malformed answers
 * are reported at once; the auth header is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSidecarClient } from '../../../src/rewards/sidecar-client.ts';

type Handler = (path: string, headers: Record<string, string | string[] | undefined>) => { status: number; body: string; delayMs?: number };
let handler: Handler;
let hits = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const answer = handler(req.url ?? '/', req.headers);
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (retries = 1, timeoutMs = 2_000) => createSidecarClient({ baseUrl, timeoutMs, retries, auth: { header: 'x-api-key', value: 'k3y' }, sleep: async () => undefined });

describe('Sidecar client', () => {
  it('parses the published shapes: 64-bit numbers as strings, RFC 3339 times, hex with or without 0x', async () => {
    handler = (path, headers) => {
      expect(headers['x-api-key']).toBe('k3y');
      if (path === '/rewards/v1/distribution-roots') {
        return { status: 200, body: JSON.stringify({ distributionRoots: [{ root: `0x${'11'.repeat(32)}`, rootIndex: '217', rewardsCalculationEnd: '2025-02-22T00:00:00Z', rewardsCalculationEndUnit: 'snapshot', activatedAt: '2025-02-24T19:00:48Z', activatedAtUnit: 'timestamp', createdAtBlockNumber: '3418350', blockHeight: '3418350', logIndex: '544' }] }) };
      }
      return { status: 200, body: JSON.stringify({ rewards: [{ earner: `0x${'E4'.repeat(20)}`, token: `${'3b'.repeat(20)}`, amount: '130212752259281570', snapshot: '2025-02-22T00:00:00Z' }, { earner: `0x${'e4'.repeat(20)}`, token: `0x${'aa'.repeat(20)}`, amount: '0' }] }) };
    };
    const [root] = await client().distributionRoots();
    expect(root).toMatchObject({ rootIndex: 217, rewardsCalculationEnd: 1_740_182_400, activatedAt: 1_740_423_648, disabled: false });
    const rows = await client().rewardsForRoot(217);
    expect(rows[0]).toMatchObject({ earner: `0x${'e4'.repeat(20)}`, token: `0x${'3b'.repeat(20)}`, amount: 130212752259281570n });
    expect(rows[1]?.amount).toBe(0n); // zero rows are kept
  });

  it('retries 5xx and reports a retryable error after the last attempt', async () => {
    hits = 0;
    handler = () => ({ status: 503, body: '{"code":14,"message":"unavailable"}' });
    await expect(client(2).distributionRoots()).rejects.toMatchObject({ code: 'SIDECAR_UNAVAILABLE', retryable: true });
    expect(hits).toBe(3);
  });

  it('gives up on a request that outlives its timeout, as retryable', async () => {
    handler = () => ({ status: 200, body: '{"distributionRoots":[]}', delayMs: 300 });
    await expect(client(0, 50).distributionRoots()).rejects.toMatchObject({ code: 'SIDECAR_UNREACHABLE', retryable: true });
  });

  it('reports 4xx and malformed answers at once, naming the field', async () => {
    hits = 0;
    handler = () => ({ status: 404, body: '{"code":5,"message":"not found"}' });
    await expect(client(3).rewardsForRoot(1)).rejects.toMatchObject({ code: 'SIDECAR_REFUSED', retryable: false });
    expect(hits).toBe(1);
    handler = () => ({ status: 200, body: '{"proof":{"root":"0x12","rootIndex":1}}' });
    const err = await client().claimProof(`0x${'e4'.repeat(20)}`, []).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SIDECAR_MALFORMED' });
    expect(String(err)).toContain('field proof.root');
    handler = () => ({ status: 200, body: '<html>' });
    await expect(client().distributionRoots()).rejects.toMatchObject({ code: 'SIDECAR_MALFORMED' });
  });
});
