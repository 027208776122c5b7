/**
 * A small JSON-RPC client for the Anvil node behind the emulator. Unlike `rawRpc` it keeps the
 * node's error code and data (the emulator passes them on to its own callers) and can forward
 * a request body untouched, which the public proxy needs for batches.
 */
import { KeeperError, RetryableError, redactUrl } from '../../domain/errors.ts';

/** An error answered by Anvil itself (as opposed to the connection failing). */
export class AnvilRpcError extends KeeperError {
  override name = 'AnvilRpcError';
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    readonly rpcMessage: string,
    readonly rpcData?: unknown,
  ) {
    super(`Anvil ${method} failed`, { details: [`code: ${rpcCode}`, `message: ${rpcMessage}`] });
  }
}

export class AnvilClient {
  private nextId = 1;

  constructor(readonly url: string) {}

  /** Calls one method and returns its result, or throws `AnvilRpcError`. */
  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const body = JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params });
    const parsed = (await this.post(body, method)) as { result?: T; error?: { code?: number; message?: string; data?: unknown } };
    if (parsed.error) {
      throw new AnvilRpcError(method, parsed.error.code ?? -32000, parsed.error.message ?? 'unknown error', parsed.error.data);
    }
    return parsed.result as T;
  }

  /** Sends an already built JSON-RPC body (single or batch) and returns the parsed answer. */
  async forward(body: string): Promise<unknown> {
    return this.post(body, 'forward');
  }

  async blockNumber(): Promise<number> {
    return Number(await this.call<string>('eth_blockNumber'));
  }

  private async post(body: string, label: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } catch (cause) {
      throw new RetryableError('Anvil is unreachable', { details: [`url: ${redactUrl(this.url)}`, `method: ${label}`], cause });
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new KeeperError('Anvil answered with non-JSON', {
        details: [`method: ${label}`, `status: ${response.status}`, `body: ${text.slice(0, 200)}`],
        cause,
      });
    }
  }
}
