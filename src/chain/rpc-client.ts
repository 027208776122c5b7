/**
 * A small JSON-RPC client over several endpoints: each request has a timeout, a failed or
 * timed-out endpoint hands the request to the next one, and the chain id is checked before
 * an endpoint's first use and again after it failed (a reconnection may reach another node),
 * so a misconfigured fallback can never feed another chain's data to a strategy. It counts requests, which the benchmarks report.
 */
import { KeeperError, NonRetryableError, RetryableError, redactUrl } from '../domain/errors.ts';

export interface RpcClientOptions {
  urls: readonly string[];
  chainId: number;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export interface RpcRequest {
  method: string;
  params: readonly unknown[];
}

interface JsonRpcResponse {
  id?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

export class RpcClient {
  /** HTTP requests sent (a batch counts once). */
  requests = 0;
  private readonly verified = new Set<string>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: RpcClientOptions) {
    if (options.urls.length === 0) throw new NonRetryableError('RpcClient needs at least one URL');
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** One call; errors returned by the node (reverts, bad params) are not retried elsewhere. */
  async call(method: string, params: readonly unknown[]): Promise<unknown> {
    const [result] = await this.batch([{ method, params }]);
    return result;
  }

  /**
   * Several calls in one HTTP request (JSON-RPC batch). Results come back in request order;
   * the first error answer throws, naming the method.
   */
  async batch(requests: readonly RpcRequest[]): Promise<unknown[]> {
    const failures: string[] = [];
    let lastCause: unknown;
    for (const url of this.options.urls) {
      try {
        await this.verifyChain(url);
        return await this.post(url, requests);
      } catch (err) {
        if (err instanceof KeeperError && !err.retryable) throw err;
        // The next request may reach another node behind this URL: check its chain again.
        this.verified.delete(url);
        failures.push(`${redactUrl(url)}: ${err instanceof KeeperError ? err.shortMessage : String(err)}`);
        lastCause = err;
      }
    }
    throw new RetryableError('Every RPC endpoint failed', { details: failures, cause: lastCause });
  }

  private async verifyChain(url: string): Promise<void> {
    if (this.verified.has(url)) return;
    const [chainIdHex] = await this.post(url, [{ method: 'eth_chainId', params: [] }]);
    const chainId = Number(chainIdHex);
    if (chainId !== this.options.chainId) {
      throw new NonRetryableError('RPC endpoint is on the wrong chain', {
        details: [`url: ${redactUrl(url)}`, `expected chain id: ${this.options.chainId}`, `got: ${String(chainIdHex)}`],
      });
    }
    this.verified.add(url);
  }

  private async post(url: string, requests: readonly RpcRequest[]): Promise<unknown[]> {
    const body = requests.map((r, i) => ({ jsonrpc: '2.0', id: i, method: r.method, params: r.params }));
    this.requests += 1;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw new RetryableError('RPC request failed', { details: [`url: ${redactUrl(url)}`, `timeout: ${this.options.timeoutMs} ms`], cause });
    }
    if (!response.ok) throw new RetryableError(`RPC endpoint answered HTTP ${response.status}`, { details: [`url: ${redactUrl(url)}`] });
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch (cause) {
      throw new RetryableError('RPC endpoint answered something that is not JSON', { details: [`url: ${redactUrl(url)}`], cause });
    }
    if (!Array.isArray(parsed) || parsed.length !== requests.length) {
      throw new RetryableError('RPC batch answer has the wrong shape', { details: [`url: ${redactUrl(url)}`, `expected ${requests.length} answers`] });
    }
    const byId = new Map<number, JsonRpcResponse>();
    for (const item of parsed as JsonRpcResponse[]) byId.set(Number(item.id), item);
    return requests.map((r, i) => {
      const answer = byId.get(i);
      if (!answer) throw new RetryableError('RPC batch answer is missing an id', { details: [`method: ${r.method}`] });
      if (answer.error) {
        throw new NonRetryableError(`RPC ${r.method} returned an error`, { details: [`message: ${answer.error.message ?? 'unknown'}`] });
      }
      return answer.result;
    });
  }
}
