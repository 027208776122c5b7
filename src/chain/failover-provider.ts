/**
 * The keeper's one ethers provider over every `chain.rpcUrls` endpoint, in order: a request an
 * endpoint cannot answer (network error, timeout, HTTP error, a body that is not JSON) goes to
 * the next one, for block watching, execution and confirmation alike, not only for reads.
 * An answer the node gives (a revert, bad params) is an answer, not a failure: it is not
 * retried elsewhere.
 *
 * Chain identity (issue 13 item 4): each endpoint's eth_chainId is checked before its first
 * use and again after every failure (a reconnection may reach another node); an endpoint on
 * another chain is skipped. A chain head more than `maxReorgDepth` blocks below the highest
 * one seen is refused as a wrong or badly lagging node, not taken for a reorg, and the next
 * endpoint is asked.
 *
 * Health per endpoint (up, failures) is reported through `onHealth` for /metrics.
 */
import { FetchRequest, JsonRpcProvider, type JsonRpcError, type JsonRpcPayload, type JsonRpcResult } from 'ethers';
import { NonRetryableError, RetryableError, redactUrl } from '../domain/errors.ts';

export interface EndpointHealth {
  /** `<index>-<host>`: no path or query (keys live there). */
  readonly endpoint: string;
  readonly up: boolean;
  readonly failures: number;
  readonly lastError?: string;
}

export interface FailoverOptions {
  readonly urls: readonly string[];
  readonly chainId: number;
  readonly timeoutMs: number;
  readonly pollingIntervalMs: number;
  readonly maxReorgDepth: number;
  /** Called after every request with the endpoint's new health. */
  readonly onHealth?: (health: EndpointHealth) => void;
}

interface Endpoint {
  readonly url: string;
  readonly label: string;
  verified: boolean;
  up: boolean;
  failures: number;
  lastError?: string;
}

type Answer = JsonRpcResult | JsonRpcError;

/** @example const provider = new FailoverProvider({ urls, chainId: 1, timeoutMs: 10_000, pollingIntervalMs: 4_000, maxReorgDepth: 64 }); */
export class FailoverProvider extends JsonRpcProvider {
  private readonly endpoints: Endpoint[];
  private highestHead = -1;

  constructor(private readonly options: FailoverOptions) {
    const first = options.urls[0];
    if (first === undefined) throw new NonRetryableError('FailoverProvider needs at least one RPC URL');
    super(first, options.chainId, { staticNetwork: true, pollingInterval: options.pollingIntervalMs, cacheTimeout: -1 });
    this.endpoints = options.urls.map((url, i) => ({ url, label: `${i}-${hostOf(url)}`, verified: false, up: true, failures: 0 }));
  }

  /** Each endpoint's health, in configured order. */
  health(): EndpointHealth[] {
    return this.endpoints.map(toHealth);
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const failures: string[] = [];
    let lastCause: unknown;
    for (const endpoint of this.endpoints) {
      try {
        if (!endpoint.verified) await this.verifyChain(endpoint);
        const answers = await post(endpoint.url, payload, this.options.timeoutMs);
        this.checkHead(payload, answers, endpoint);
        this.mark(endpoint, undefined);
        // ethers types the answers as results; error answers travel the same array.
        return answers as JsonRpcResult[];
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0] ?? err.name : String(err);
        this.mark(endpoint, reason);
        failures.push(`${endpoint.label}: ${reason}`);
        lastCause = err;
      }
    }
    throw new RetryableError('every RPC endpoint failed', { details: failures, cause: lastCause });
  }

  private async verifyChain(endpoint: Endpoint): Promise<void> {
    const [answer] = await post(endpoint.url, { jsonrpc: '2.0', id: 0, method: 'eth_chainId', params: [] }, this.options.timeoutMs);
    const got = answer !== undefined && 'result' in answer ? Number(answer.result) : Number.NaN;
    if (got !== this.options.chainId) {
      throw new NonRetryableError('RPC endpoint is on the wrong chain', { details: [`endpoint: ${endpoint.label}`, `expected chain id: ${this.options.chainId}`, `got: ${String(got)}`] });
    }
    endpoint.verified = true;
  }

  /** Refuses a head far below the highest seen; remembers the highest. */
  private checkHead(payload: JsonRpcPayload | JsonRpcPayload[], answers: readonly Answer[], endpoint: Endpoint): void {
    const requests = Array.isArray(payload) ? payload : [payload];
    for (const request of requests) {
      const head = headOf(request, answers.find((a) => a.id === request.id));
      if (head === undefined) continue;
      if (head < this.highestHead - this.options.maxReorgDepth) {
        throw new RetryableError('chain head moved back beyond the reorg depth', {
          details: [`endpoint: ${endpoint.label}`, `head: ${head}`, `highest seen: ${this.highestHead}`, `chain.maxReorgDepth: ${this.options.maxReorgDepth}`],
        });
      }
      this.highestHead = Math.max(this.highestHead, head);
    }
  }

  private mark(endpoint: Endpoint, error: string | undefined): void {
    endpoint.up = error === undefined;
    if (error !== undefined) {
      endpoint.failures += 1;
      endpoint.lastError = error;
      // A reconnection may reach another node: check its chain again before trusting it.
      endpoint.verified = false;
    }
    this.options.onHealth?.(toHealth(endpoint));
  }
}

async function post(url: string, payload: JsonRpcPayload | JsonRpcPayload[], timeoutMs: number): Promise<Answer[]> {
  const request = new FetchRequest(url);
  request.timeout = timeoutMs;
  request.body = JSON.stringify(payload);
  request.setHeader('content-type', 'application/json');
  const response = await request.send();
  response.assertOk();
  const body = response.bodyJson as Answer | Answer[];
  return Array.isArray(body) ? body : [body];
}

/** The block number an answer reports as the head: eth_blockNumber, or eth_getBlockByNumber('latest'). */
function headOf(request: JsonRpcPayload, answer: Answer | undefined): number | undefined {
  if (answer === undefined || !('result' in answer)) return undefined;
  if (request.method === 'eth_blockNumber' && typeof answer.result === 'string') return Number(answer.result);
  const params = request.params as unknown[] | undefined;
  if (request.method === 'eth_getBlockByNumber' && params?.[0] === 'latest') {
    const number = (answer.result as { number?: unknown } | null)?.number;
    return typeof number === 'string' ? Number(number) : undefined;
  }
  return undefined;
}

function hostOf(url: string): string {
  const redacted = redactUrl(url);
  return redacted.replace(/^[a-z]+:\/\//, '').replace(/\/….*$/, '').replace(/^\*\*\*@/, '');
}

function toHealth(e: Endpoint): EndpointHealth {
  return { endpoint: e.label, up: e.up, failures: e.failures, ...(e.lastError === undefined ? {} : { lastError: e.lastError }) };
}
