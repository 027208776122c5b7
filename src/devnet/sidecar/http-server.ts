/**
 * The devnet Sidecar's HTTP API on loopback, with the real Sidecar's paths and JSON shapes
 * (grpc-gateway style: 64-bit integers as strings, times as RFC 3339, errors as
 * `{ code, message, details }`):
 *   GET  /rewards/v1/distribution-roots                      → { distributionRoots: [...] }, newest first
 *   GET  /rewards/v1/distribution-roots/{rootIndex}/rewards  → { rewards: [{ earner, token, amount, snapshot }] }
 *   POST /rewards/v1/claim-proof { earnerAddress, tokens, rootIndex? } → { proof: {...} }
 * Roots come from the chain (what the RewardsCoordinator holds); their rows from the ledger.
 * A `faults` hook lets tests make it slow, fail or lie, as a real remote service can.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Contract, Interface, type JsonRpcProvider } from 'ethers';
import { buildClaim } from '../../protocols/eigenlayer/rewards-merkle.ts';
import type { SidecarLedger } from './ledger.ts';

const COORDINATOR = new Interface([
  'function getDistributionRootsLength() view returns (uint256)',
  'function getDistributionRootAtIndex(uint256 index) view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
  'event DistributionRootSubmitted(uint32 indexed rootIndex, bytes32 indexed root, uint32 indexed rewardsCalculationEndTimestamp, uint32 activatedAt)',
]);

/** What a test can make the next answers do. */
export interface SidecarFaults {
  /** Answer this status with an error body instead of the real answer. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Rewrite a proof before it is sent (a tampering or buggy service). */
  tamperProof?: (proof: Record<string, unknown>) => Record<string, unknown>;
  /** Send this body verbatim (malformed answers). */
  rawBody?: string;
}

export interface SidecarServer {
  readonly url: string;
  faults: SidecarFaults;
  stop(): Promise<void>;
}

interface ChainRoot {
  rootIndex: number;
  root: string;
  calculationEnd: number;
  activatedAt: number;
  disabled: boolean;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

export async function startSidecarServer(provider: JsonRpcProvider, rewardsCoordinator: string, ledger: SidecarLedger): Promise<SidecarServer> {
  const coordinator = new Contract(rewardsCoordinator, COORDINATOR, provider);
  const state: { faults: SidecarFaults } = { faults: {} };

  async function chainRoots(): Promise<ChainRoot[]> {
    const length = Number((await coordinator.getFunction('getDistributionRootsLength')()) as bigint);
    const roots: ChainRoot[] = [];
    for (let i = 0; i < length; i++) {
      const r = (await coordinator.getFunction('getDistributionRootAtIndex')(i)) as { root: string; rewardsCalculationEndTimestamp: bigint; activatedAt: bigint; disabled: boolean };
      roots.push({ rootIndex: i, root: r.root, calculationEnd: Number(r.rewardsCalculationEndTimestamp), activatedAt: Number(r.activatedAt), disabled: r.disabled });
    }
    return roots;
  }

  async function listRoots(): Promise<unknown> {
    const roots = await chainRoots();
    const logs = await provider.getLogs({ address: rewardsCoordinator, fromBlock: 0, toBlock: 'latest', topics: [COORDINATOR.getEvent('DistributionRootSubmitted')?.topicHash ?? ''] });
    const byIndex = new Map(logs.map((l) => [Number(BigInt(l.topics[1] ?? '0')), l]));
    return {
      distributionRoots: roots.reverse().map((r) => {
        const log = byIndex.get(r.rootIndex);
        return {
          root: r.root,
          rootIndex: String(r.rootIndex),
          rewardsCalculationEnd: iso(r.calculationEnd),
          rewardsCalculationEndUnit: 'snapshot',
          activatedAt: iso(r.activatedAt),
          activatedAtUnit: 'timestamp',
          createdAtBlockNumber: String(log?.blockNumber ?? 0),
          transactionHash: log?.transactionHash ?? '',
          blockHeight: String(log?.blockNumber ?? 0),
          logIndex: String(log?.index ?? 0),
          disabled: r.disabled,
        };
      }),
    };
  }

  async function rewardsAt(rootIndex: number): Promise<[number, unknown]> {
    const root = (await chainRoots())[rootIndex];
    const prepared = root ? ledger.treeByRoot(root.root) : undefined;
    if (!root || !prepared) return [404, { code: 5, message: `no rewards for root index ${rootIndex}`, details: [] }];
    const snapshot = iso(prepared.calculatedUntil);
    const rewards = prepared.tree.earners.flatMap((e) => e.tokens.map((t) => ({ earner: e.earner.toLowerCase(), token: t.token.toLowerCase(), amount: t.cumulativeEarnings, snapshot })));
    return [200, { rewards }];
  }

  async function claimProof(body: { earnerAddress?: unknown; tokens?: unknown; rootIndex?: unknown }): Promise<[number, unknown]> {
    if (typeof body.earnerAddress !== 'string' || !Array.isArray(body.tokens)) return [400, { code: 3, message: 'earnerAddress and tokens are required', details: [] }];
    const roots = await chainRoots();
    const now = Math.floor(Date.now() / 1000);
    const head = (await provider.getBlock('latest'))?.timestamp ?? now;
    const wanted = body.rootIndex === undefined || body.rootIndex === null ? undefined : Number(body.rootIndex);
    const root = wanted !== undefined ? roots[wanted] : [...roots].reverse().find((r) => !r.disabled && r.activatedAt <= head);
    const prepared = root ? ledger.treeByRoot(root.root) : undefined;
    if (!root || !prepared) return [404, { code: 5, message: 'no claimable distribution root', details: [] }];
    try {
      const claim = buildClaim(prepared.tree, root.rootIndex, body.earnerAddress, body.tokens.map(String));
      const proof: Record<string, unknown> = {
        root: root.root,
        rootIndex: claim.rootIndex,
        earnerIndex: claim.earnerIndex,
        earnerTreeProof: claim.earnerTreeProof,
        earnerLeaf: { earner: claim.earnerLeaf.earner.toLowerCase(), earnerTokenRoot: claim.earnerLeaf.earnerTokenRoot },
        leafIndices: claim.tokenIndices,
        tokenTreeProofs: claim.tokenTreeProofs,
        tokenLeaves: claim.tokenLeaves.map((l) => ({ token: l.token.toLowerCase(), cumulativeEarnings: l.cumulativeEarnings.toString() })),
      };
      return [200, { proof: state.faults.tamperProof ? state.faults.tamperProof(proof) : proof }];
    } catch (err) {
      return [404, { code: 5, message: err instanceof Error ? err.message.split('\n')[0] : String(err), details: [] }];
    }
  }

  async function route(req: IncomingMessage): Promise<[number, unknown]> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/rewards/v1/distribution-roots') return [200, await listRoots()];
    const match = /^\/rewards\/v1\/distribution-roots\/(\d+)\/rewards$/.exec(path);
    if (req.method === 'GET' && match) return rewardsAt(Number(match[1]));
    if (req.method === 'POST' && path === '/rewards/v1/claim-proof') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return [400, { code: 3, message: 'body is not JSON', details: [] }];
      }
      return claimProof((body ?? {}) as Record<string, unknown>);
    }
    return [404, { code: 5, message: `Not Found: ${req.method ?? ''} ${path}`, details: [] }];
  }

  const server = createServer((req, res) => {
    void (async () => {
      const faults = state.faults;
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      if (faults.rawBody !== undefined) return send(res, 200, faults.rawBody);
      if (faults.status) return send(res, faults.status, JSON.stringify({ code: 14, message: 'unavailable', details: [] }));
      try {
        const [status, body] = await route(req);
        send(res, status, JSON.stringify(body));
      } catch (err) {
        send(res, 500, JSON.stringify({ code: 13, message: err instanceof Error ? err.message.split('\n')[0] : String(err), details: [] }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get faults() {
      return state.faults;
    },
    set faults(f: SidecarFaults) {
      state.faults = f;
    },
    stop: () => close(server),
  };
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
