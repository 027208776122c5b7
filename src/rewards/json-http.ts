/**
 * JSON over HTTP for the rewards data services (the EigenLayer Sidecar, reward streams' proof
 * servers): one request with a timeout, retried with backoff on timeouts, connection errors,
 * 5xx and 429, then reported as RetryableError; 4xx, non-JSON and answers of the wrong shape
 * are reported at once (InputError / NonRetryableError naming the field). Error codes are
 * `<codePrefix>_UNREACHABLE | _UNAVAILABLE | _REFUSED | _MALFORMED`.
 */
import type { z } from 'zod';
import { InputError, NonRetryableError, RetryableError, redactUrl } from '../domain/errors.ts';

export interface JsonHttpOptions {
  /** The service as people name it in an error ("Sidecar"). */
  readonly service: string;
  /** Prefix of the error codes ("SIDECAR"). */
  readonly codePrefix: string;
  readonly timeoutMs: number;
  /** Extra attempts after the first for retryable failures. */
  readonly retries: number;
  /** Sent with every request (an auth header from a secret, say). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  /** A JSON body (POST). */
  readonly body?: string;
}

/** `request(url, init, schema, what)`: the answer parsed and checked against `schema`. */
export type JsonHttp = <T extends z.ZodType>(url: string, init: JsonRequest, schema: T, what: string) => Promise<z.output<T>>;

/**
 * @example const get = jsonHttp({ service: 'Sidecar', codePrefix: 'SIDECAR', timeoutMs: 10_000, retries: 2 });
 *   const roots = await get(`${base}/rewards/v1/distribution-roots`, { method: 'GET' }, rootsSchema, 'distribution roots');
 */
export function jsonHttp(options: JsonHttpOptions): JsonHttp {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { service, codePrefix: code } = options;

  async function once(url: string, init: JsonRequest): Promise<unknown> {
    const where = `url: ${redactUrl(url)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url, { ...init, headers, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new RetryableError(timedOut ? `${service} did not answer within ${options.timeoutMs} ms` : `${service} request failed`, { details: [where], cause, code: `${code}_UNREACHABLE` });
    }
    const text = await response.text().catch(() => '');
    const body = `body: ${text.slice(0, 200)}`;
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`${service} answered HTTP ${response.status}`, { details: [where, body], code: `${code}_UNAVAILABLE` });
    if (!response.ok) throw new NonRetryableError(`${service} refused the request: HTTP ${response.status}`, { details: [where, body], code: `${code}_REFUSED` });
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new InputError(`${service} answer is not JSON`, { details: [where, body], cause, code: `${code}_MALFORMED` });
    }
  }

  return async (url, init, schema, what) => {
    let lastError: unknown;
    for (let attempt = 0; attempt <= options.retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(250 * 2 ** (attempt - 1), 4_000));
      try {
        const parsed = schema.safeParse(await once(url, init));
        if (!parsed.success) {
          throw new InputError(`${service} ${what} answer has an unexpected shape`, {
            details: [`url: ${redactUrl(url)}`, ...parsed.error.issues.slice(0, 5).map((i) => `field ${i.path.join('.') || '(root)'}: ${i.message}`)],
            code: `${code}_MALFORMED`,
          });
        }
        return parsed.data;
      } catch (err) {
        lastError = err;
        if (!(err instanceof RetryableError)) throw err;
      }
    }
    throw lastError;
  };
}
