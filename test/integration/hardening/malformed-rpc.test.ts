/**
 * Issue 13 item 1: an RPC answer that is not JSON (a proxy's error page, a cut body) is a
 * transient failure, retried like a timeout, not a permanent one. The error comes from a real
 * ethers provider talking to a real HTTP server that answers garbage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonRpcProvider, makeError } from 'ethers';
import { isRetryableFailure } from '../../../src/queue/failures.ts';

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html>502 Bad Gateway</html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a malformed RPC answer', () => {
  it('fails the call with UNSUPPORTED_OPERATION bodyJson, which the job runner retries', async () => {
    const provider = new JsonRpcProvider(url, 31337, { staticNetwork: true });
    const err = await provider.getBlockNumber().catch((e: unknown) => e);
    provider.destroy();
    expect(err).toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'bodyJson' });
    expect(isRetryableFailure(err)).toBe(true);
  });

  it('other unsupported operations stay permanent', () => {
    expect(isRetryableFailure(makeError('network does not support ENS', 'UNSUPPORTED_OPERATION', { operation: 'getEnsAddress' }))).toBe(false);
  });
});
