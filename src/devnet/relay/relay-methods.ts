/**
 * The relay's three methods: eth_sendBundle, eth_callBundle, eth_cancelBundle. The caller has
 * already checked the signature; `signer` is the address that signed the request.
 */
import type { Logger } from '../../telemetry/logger.ts';
import type { AnvilClient } from './anvil-client.ts';
import { simulateBundle } from './call-bundle.ts';
import { RpcError, RPC_METHOD_NOT_FOUND, invalidParams, type RpcRequest } from './jsonrpc.ts';
import type { BundlePool } from './pool.ts';
import type { StatsRecorder } from './stats.ts';
import type { ChainGate } from './sync.ts';
import type { RelayKnobs } from './types.ts';
import { bundleHashOf, parseCallBundle, parseCancelBundle, parseSendBundle } from './validate.ts';

export interface RelayMethodDeps {
  anvil: AnvilClient;
  gate: ChainGate;
  pool: BundlePool;
  stats: StatsRecorder;
  knobs: () => RelayKnobs;
  chainId: bigint;
  blockTimeSeconds: number;
  logger: Logger;
}

export const RELAY_METHODS = ['eth_sendBundle', 'eth_callBundle', 'eth_cancelBundle'] as const;

/** Runs one relay method and returns its JSON-RPC result; refusals are thrown as `RpcError`. */
export async function handleRelayMethod(deps: RelayMethodDeps, request: RpcRequest, signer: string): Promise<unknown> {
  switch (request.method) {
    case 'eth_sendBundle':
      return sendBundle(deps, request.params, signer);
    case 'eth_callBundle': {
      const call = parseCallBundle(request.params, deps.chainId);
      deps.stats.callBundle();
      return deps.gate.exclusive(() => simulateBundle(deps.anvil, call, deps.blockTimeSeconds));
    }
    case 'eth_cancelBundle': {
      const uuid = parseCancelBundle(request.params);
      const cancelled = deps.pool.cancel(signer, uuid);
      if (!cancelled) return [];
      deps.stats.outcome({ bundleHash: cancelled.bundleHash, targetBlock: cancelled.blockNumber, outcome: 'cancelled' });
      deps.logger.debug({ bundleHash: cancelled.bundleHash, replacementUuid: uuid }, 'relay: bundle cancelled');
      return [cancelled.bundleHash];
    }
    default:
      throw new RpcError(RPC_METHOD_NOT_FOUND, `method not found: ${request.method} (this relay serves ${RELAY_METHODS.join(', ')})`, 400);
  }
}

async function sendBundle(deps: RelayMethodDeps, params: readonly unknown[], signer: string): Promise<unknown> {
  const bundle = parseSendBundle(params, deps.chainId);
  const head = await deps.gate.shared(() => deps.anvil.blockNumber());
  if (bundle.blockNumber <= head) {
    throw invalidParams(`blockNumber: target ${bundle.blockNumber} is not after the current block ${head}`);
  }
  const bundleHash = bundleHashOf(bundle.txs);
  deps.stats.bundleReceived();
  const { replaced } = deps.pool.add(bundle, { bundleHash, arrivalHead: head, signer });
  if (replaced) {
    deps.stats.outcome({ bundleHash: replaced.bundleHash, targetBlock: replaced.blockNumber, outcome: 'replaced', detail: `by ${bundleHash}` });
  }
  deps.logger.debug({ bundleHash, block: bundle.blockNumber, txs: bundle.txs.length, signer }, 'relay: bundle received');
  return deps.knobs().nullResultMode ? null : { bundleHash };
}
