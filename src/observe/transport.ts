/**
 * The slice of the RPC client the observer uses. RpcClient (src/chain/rpc-client.ts) fits
 * it; tests pass literal answers through it.
 */
import type { RpcRequest } from '../chain/rpc-client.ts';

export interface RpcTransport {
  call(method: string, params: readonly unknown[]): Promise<unknown>;
  batch(requests: readonly RpcRequest[]): Promise<unknown[]>;
}
