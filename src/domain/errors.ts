/**
 * Base errors for the whole keeper.
 *
 * Every error carries a short one-line message, optional context lines (which input, which
 * field, which block) and the underlying `cause`. Errors are split by whether retrying the
 * same work can help: queue workers retry a `RetryableError` with backoff and turn anything
 * else into a permanent failure, so the split decides real behaviour, not just wording.
 *
 * @example
 *   throw new RetryableError('RPC request timed out', {
 *     details: [`url: ${redactUrl(url)}`, 'method: eth_call'],
 *     cause: err,
 *   });
 */

export interface KeeperErrorOptions {
  /** Context lines printed under the short message, e.g. `field: chain.rpcUrls.0`. */
  details?: readonly string[];
  cause?: unknown;
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`; defaults to the class name. */
  code?: string;
}

export class KeeperError extends Error {
  override name = 'KeeperError';
  readonly shortMessage: string;
  readonly details: readonly string[];
  readonly code: string;
  /** Whether doing the same work again may succeed (network blips, RPC lag, locks held). */
  readonly retryable: boolean = false;

  constructor(shortMessage: string, options: KeeperErrorOptions = {}) {
    const details = options.details ?? [];
    const causeLine = describeCause(options.cause);
    const lines = [shortMessage, ...details.map((d) => `  ${d}`)];
    if (causeLine) lines.push(`  caused by: ${causeLine}`);
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.code = options.code ?? this.constructor.name;
  }
}

/** A failure that may go away on its own: timeouts, connection resets, a lock held elsewhere. */
export class RetryableError extends KeeperError {
  override name = 'RetryableError';
  override readonly retryable: boolean = true;
}

/** A failure that repeating cannot fix: bad input, a failed simulation, a broken invariant. */
export class NonRetryableError extends KeeperError {
  override name = 'NonRetryableError';
}

/** Bad user input (config, CLI arguments, job payloads, scenario files). */
export class InputError extends NonRetryableError {
  override name = 'InputError';
}

/** Whether an unknown thrown value says that retrying may help. */
export function isRetryable(err: unknown): boolean {
  return err instanceof KeeperError && err.retryable;
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof KeeperError) return cause.shortMessage;
  if (cause instanceof Error) return redactSecrets(cause.message.split('\n')[0] ?? '');
  return redactSecrets(String(cause));
}

const URL_PATTERN = /\b(https?|wss?|redis|rediss):\/\/[^\s'"<>]+/gi;

/**
 * Strips credentials, API keys in paths and query strings from a URL, so an RPC or Redis URL
 * can appear in a log or an error without leaking its token.
 *
 * @example redactUrl('https://user:pw@rpc.example/v2/abc123?key=x') // 'https://***@rpc.example/…'
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '<unparseable url>';
  }
  const auth = url.username || url.password ? '***@' : '';
  // Providers put API keys in the path (/v2/<key>) or the query; keep only the host.
  const rest = url.pathname.length > 1 || url.search ? '/…' : '';
  return `${url.protocol}//${auth}${url.host}${rest}`;
}

/** Replaces every URL inside free text with its redacted form. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PATTERN, (match) => redactUrl(match));
}
