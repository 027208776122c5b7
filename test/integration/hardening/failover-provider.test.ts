/**
 * Issue 13 items 4 and 5: the provider the daemon uses for block watching, execution and
 * confirmation falls back across every chain.rpcUrls endpoint, checks each endpoint's chain
 * id (again after a failure), refuses a head that moved back beyond chain.maxReorgDepth, and
 * reports each endpoint's health (the /metrics gauges). Real Anvil nodes; the misbehaving
 * endpoint is a proxy in front of one of them that can answer garbage or a stale head.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wallet, parseEther } from 'ethers';
import { Registry } from 'prom-client';
import { startAnvil, rawRpc, type AnvilInstance } from '../../../src/devnet/anvil.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { FailoverProvider, type EndpointHealth } from '../../../src/chain/failover-provider.ts';
import { createKeeperMetrics } from '../../../src/telemetry/metrics.ts';
import { attachMetrics } from '../../../src/telemetry/metrics-events.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';

let anvil: AnvilInstance;
let otherChain: AnvilInstance;
let proxy: Server;
let proxyUrl = '';
let mode: 'forward' | 'garbage' | 'stale-head' = 'forward';

beforeAll(async () => {
  [anvil, otherChain] = await Promise.all([startAnvil({}), startAnvil({ chainId: 4242 })]);
  proxy = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        if (mode === 'garbage') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('<html>502 Bad Gateway</html>');
          return;
        }
        const parsed = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        if (mode === 'stale-head' && calls.every((c) => c.method === 'eth_blockNumber')) {
          const answers = calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: '0x1' }));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
          return;
        }
        const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
      })();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await Promise.all([anvil?.stop(), otherChain?.stop()]);
});

/** Anvil's own head, asked directly. */
async function anvilHead(): Promise<number> {
  return Number(await rawRpc(anvil.rpcUrl, 'eth_blockNumber', []));
}

function failover(urls: string[], seen: EndpointHealth[] = []): FailoverProvider {
  return new FailoverProvider({ urls, chainId: 31337, timeoutMs: 2_000, pollingIntervalMs: 50, maxReorgDepth: 10, onHealth: (h) => seen.push(h) });
}

describe('the failover provider', () => {
  it('answers from the next endpoint when the first answers garbage, for reads and for sending', async () => {
    mode = 'garbage';
    const seen: EndpointHealth[] = [];
    const provider = failover([proxyUrl, anvil.rpcUrl], seen);
    try {
      expect(await provider.getBlockNumber()).toBe(await anvilHead());
      const wallet = new Wallet(DEV_KEYS.user, provider);
      const tx = await wallet.sendTransaction({ to: Wallet.createRandom().address, value: parseEther('1') });
      expect((await provider.getTransactionReceipt(tx.hash))?.status).toBe(1);
      const [first, second] = provider.health();
      expect(first).toMatchObject({ endpoint: expect.stringMatching(/^0-127\.0\.0\.1:\d+$/), up: false });
      expect(first?.failures).toBeGreaterThanOrEqual(3);
      expect(second).toMatchObject({ up: true, failures: 0 });
      expect(seen.some((h) => h.endpoint === first?.endpoint && !h.up)).toBe(true);
    } finally {
      provider.destroy();
    }
  });

  it('skips an endpoint on another chain, and rechecks an endpoint after it failed', async () => {
    mode = 'forward';
    const provider = failover([otherChain.rpcUrl, proxyUrl]);
    try {
      await provider.getBlockNumber();
      expect(provider.health()[0]).toMatchObject({ up: false, lastError: expect.stringMatching(/wrong chain/) });
      expect(provider.health()[1]).toMatchObject({ up: true });
      // The proxy fails once, then forwards again: it is used again after its chain id is rechecked.
      mode = 'garbage';
      await provider.getBlockNumber().catch(() => undefined);
      mode = 'forward';
      expect(await provider.getBlockNumber()).toBe(await anvilHead());
      expect(provider.health()[1]).toMatchObject({ up: true, failures: 1 });
    } finally {
      provider.destroy();
    }
  });

  it('refuses a head that moved back beyond maxReorgDepth and asks the next endpoint', async () => {
    mode = 'forward';
    await rawRpc(anvil.rpcUrl, 'anvil_mine', ['0x40']);
    const provider = failover([proxyUrl, anvil.rpcUrl]);
    try {
      const head = await provider.getBlockNumber();
      expect(head).toBeGreaterThan(60);
      mode = 'stale-head';
      expect(await provider.getBlockNumber()).toBe(head);
      expect(provider.health()[0]).toMatchObject({ up: false, lastError: expect.stringMatching(/moved back beyond the reorg depth/) });
      // With no endpoint that has the chain, the caller gets a retryable error, not the stale head.
      const alone = failover([proxyUrl]);
      mode = 'forward';
      await alone.getBlockNumber();
      mode = 'stale-head';
      await expect(alone.getBlockNumber()).rejects.toThrow(/every RPC endpoint failed/);
      alone.destroy();
    } finally {
      mode = 'forward';
      provider.destroy();
    }
  });

  it('exports per-endpoint health in /metrics', async () => {
    const registry = new Registry();
    const bus = createKeeperEventBus();
    attachMetrics(bus, createKeeperMetrics(registry));
    bus.emit('rpc.endpoint', { endpoint: '0-rpc.example:443', up: false, failures: 1, lastError: 'timeout' });
    bus.emit('rpc.endpoint', { endpoint: '1-backup.example:443', up: true, failures: 0 });
    const text = await registry.metrics();
    expect(text).toContain('keeper_rpc_endpoint_up{endpoint="0-rpc.example:443"} 0');
    expect(text).toContain('keeper_rpc_endpoint_up{endpoint="1-backup.example:443"} 1');
    expect(text).toContain('keeper_rpc_endpoint_failures_total{endpoint="0-rpc.example:443"} 1');
  });
});
