/**
 * The public JSON-RPC endpoint: Anvil's reads, passed through (single and batched requests),
 * with the emulator's public mempool in place of Anvil's.
 *
 * `eth_sendRawTransaction` is kept here and answered with the hash, as a node would, so a
 * public transaction can only land through the block producer, after the bundles of its
 * block. `eth_getTransactionCount(..., "pending")` counts those waiting transactions, so a
 * wallet can send several in a row. Methods that would change the chain behind the
 * producer's back (eth_sendTransaction, evm_*, anvil_*, hardhat_*, miner_*) are refused:
 * devnet administration talks to Anvil directly.
 */
import type { AnvilClient } from './anvil-client.ts';
import { decodeSignedTx } from './decode-tx.ts';
import {
  RpcError, RPC_INVALID_PARAMS, RPC_INVALID_REQUEST, RPC_METHOD_NOT_FOUND, RPC_SERVER_ERROR,
  errorResponse, parseEnvelope, parseJson, peekId, resultResponse, type RpcRequest, type RpcResponse,
} from './jsonrpc.ts';
import type { PublicMempool } from './mempool.ts';
import type { StatsRecorder } from './stats.ts';
import type { ChainGate } from './sync.ts';

export interface ProxyDeps {
  anvil: AnvilClient;
  gate: ChainGate;
  mempool: PublicMempool;
  stats: StatsRecorder;
  chainId: bigint;
}

const REFUSED_PREFIXES = ['evm_', 'anvil_', 'hardhat_', 'miner_'];
const REFUSED_METHODS = new Set(['eth_sendTransaction', 'eth_sendBundle', 'eth_callBundle', 'eth_cancelBundle']);

/** Answers one HTTP body (a request or a batch); the result is what to send back as JSON. */
export async function handlePublicRpc(deps: ProxyDeps, body: string): Promise<RpcResponse | RpcResponse[]> {
  let parsed: unknown;
  try {
    parsed = parseJson(body);
  } catch (err) {
    return errorResponse(null, err as RpcError);
  }
  if (!Array.isArray(parsed)) return (await answerAll(deps, [parsed]))[0] as RpcResponse;
  if (parsed.length === 0) return errorResponse(null, new RpcError(RPC_INVALID_REQUEST, 'invalid request: empty batch'));
  return answerAll(deps, parsed);
}

async function answerAll(deps: ProxyDeps, items: readonly unknown[]): Promise<RpcResponse[]> {
  const answers: Array<RpcResponse | undefined> = new Array(items.length);
  const forwarded: Array<{ index: number; request: RpcRequest }> = [];
  for (const [index, item] of items.entries()) {
    let request: RpcRequest;
    try {
      request = parseEnvelope(item);
    } catch (err) {
      answers[index] = errorResponse(peekId(item), err as RpcError);
      continue;
    }
    if (isLocal(request)) {
      answers[index] = await answerLocal(deps, request);
    } else {
      forwarded.push({ index, request });
    }
  }
  if (forwarded.length > 0) {
    const replies = await deps.gate.shared(() => forward(deps.anvil, forwarded.map((f) => f.request)));
    for (const [k, f] of forwarded.entries()) answers[f.index] = { ...(replies[k] as RpcResponse), id: f.request.id };
  }
  return answers as RpcResponse[];
}

function isLocal(request: RpcRequest): boolean {
  if (request.method === 'eth_sendRawTransaction' || REFUSED_METHODS.has(request.method)) return true;
  if (REFUSED_PREFIXES.some((prefix) => request.method.startsWith(prefix))) return true;
  return request.method === 'eth_getTransactionCount' && request.params[1] === 'pending';
}

async function answerLocal(deps: ProxyDeps, request: RpcRequest): Promise<RpcResponse> {
  try {
    if (request.method === 'eth_sendRawTransaction') return resultResponse(request.id, await acceptPublicTx(deps, request.params));
    if (request.method === 'eth_getTransactionCount') return resultResponse(request.id, await pendingNonce(deps, request.params));
    throw new RpcError(RPC_METHOD_NOT_FOUND, `${request.method} is not available on the public endpoint (send signed transactions; devnet admin goes to Anvil)`);
  } catch (err) {
    if (err instanceof RpcError) return errorResponse(request.id, err);
    throw err;
  }
}

async function acceptPublicTx(deps: ProxyDeps, params: readonly unknown[]): Promise<string> {
  if (params.length !== 1) throw new RpcError(RPC_INVALID_PARAMS, 'eth_sendRawTransaction takes one signed transaction');
  const tx = decodeSignedTx(params[0], 'params[0]', deps.chainId);
  const { chainNonce, head } = await deps.gate.shared(async () => ({
    chainNonce: Number(await deps.anvil.call<string>('eth_getTransactionCount', [tx.from, 'latest'])),
    head: await deps.anvil.blockNumber(),
  }));
  const added = deps.mempool.add(tx, chainNonce, head);
  if (!added.ok) throw new RpcError(RPC_SERVER_ERROR, added.reason, 200);
  deps.stats.publicReceived();
  return tx.hash;
}

async function pendingNonce(deps: ProxyDeps, params: readonly unknown[]): Promise<string> {
  const address = params[0];
  if (typeof address !== 'string') throw new RpcError(RPC_INVALID_PARAMS, 'eth_getTransactionCount: params[0] must be an address');
  const latest = Number(await deps.gate.shared(() => deps.anvil.call<string>('eth_getTransactionCount', [address, 'latest'])));
  return `0x${deps.mempool.pendingNonce(address, latest).toString(16)}`;
}

/** Forwards requests to Anvil as one batch with fresh ids, returning replies in request order. */
async function forward(anvil: AnvilClient, requests: readonly RpcRequest[]): Promise<unknown[]> {
  const batch = requests.map((r, k) => ({ jsonrpc: '2.0', id: k, method: r.method, params: r.params }));
  const reply = await anvil.forward(JSON.stringify(batch));
  const byId = new Map<number, unknown>();
  if (Array.isArray(reply)) {
    for (const item of reply) {
      const id = (item as { id?: unknown }).id;
      if (typeof id === 'number') byId.set(id, item);
    }
  }
  return requests.map((r, k) => byId.get(k) ?? errorResponse(r.id, new RpcError(RPC_SERVER_ERROR, 'no answer from the node for this request')));
}
