/**
 * Issue 13 item 4: the observation client (RpcClient) checks an endpoint's chain id again after
 * the endpoint failed: behind one URL a reconnection can reach another node. A real HTTP server
 * plays the node, fails once, and comes back on another chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcClient } from '../../../src/chain/rpc-client.ts';

let server: Server;
let url = '';
let chainId = 31337;
let down = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (down) {
        res.writeHead(502).end('bad gateway');
        return;
      }
      const calls = JSON.parse(body) as { id: number; method: string }[];
      const answers = calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: c.method === 'eth_chainId' ? `0x${chainId.toString(16)}` : '0x10' }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('RpcClient after an endpoint failure', () => {
  it('checks the chain id again and refuses the endpoint once it answers for another chain', async () => {
    const rpc = new RpcClient({ urls: [url], chainId: 31337, timeoutMs: 2_000 });
    expect(await rpc.call('eth_blockNumber', [])).toBe('0x10');
    down = true;
    await expect(rpc.call('eth_blockNumber', [])).rejects.toThrow(/Every RPC endpoint failed/);
    down = false;
    chainId = 4242;
    await expect(rpc.call('eth_blockNumber', [])).rejects.toThrow(/wrong chain/);
  });
});
