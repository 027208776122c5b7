/**
 * Delivers alert messages to one webhook, Slack- and Discord-compatible: the body carries the
 * message both as `text` (Slack incoming webhooks, Mattermost, Rocket.Chat) and as `content`
 * (Discord), so one URL of either kind works without a setting.
 *
 * Delivery never blocks or crashes the keeper: messages go through a small bounded queue,
 * one request at a time, retried with exponential backoff on network errors, 5xx and 429
 * (honouring Retry-After); other 4xx are not retried (the URL or body is wrong, a retry
 * cannot help). Failures are logged with the webhook's host only: a Slack or Discord
 * webhook URL is itself the credential.
 */
import type { Logger } from '../telemetry/logger.ts';
import { redactUrl } from '../domain/errors.ts';

/** Discord rejects `content` over 2,000 characters. */
export const MAX_MESSAGE_LENGTH = 1_900;

export interface WebhookOptions {
  url: string;
  logger: Logger;
  /** Attempts per message including the first (default 5). */
  attempts?: number;
  /** First retry delay, ms; doubles each retry (default 1,000), capped at `maxDelayMs` (default 30,000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request deadline, ms (default 5,000). */
  timeoutMs?: number;
  /** Messages waiting beyond this are dropped oldest first (default 100). */
  maxQueued?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface WebhookSender {
  /** Queues a message; returns at once. */
  send(message: string): void;
  /** Resolves when the queue is empty or `timeoutMs` passed (shutdown). */
  drain(timeoutMs?: number): Promise<void>;
  stats(): { sent: number; failed: number; dropped: number; queued: number };
}

/** The JSON body both Slack and Discord accept. */
export function webhookBody(message: string): { text: string; content: string } {
  const text = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
  return { text, content: text };
}

/** Delay before retry `n` (1-based): base·2^(n-1) capped, or the server's Retry-After when longer. */
export function retryDelayMs(n: number, baseMs: number, maxMs: number, retryAfter?: string | null): number {
  const backoff = Math.min(maxMs, baseMs * 2 ** (n - 1));
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(maxMs, Math.max(backoff, seconds * 1000)) : backoff;
}

/** @example const hook = createWebhookSender({ url: config.telemetry.webhookUrl, logger }); hook.send('breaker tripped'); */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxQueued = options.maxQueued ?? 100;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const logger = options.logger.child({ component: 'alerts', webhook: redactUrl(options.url) });
  const queue: string[] = [];
  const counts = { sent: 0, failed: 0, dropped: 0 };
  let running: Promise<void> | undefined;

  const deliver = async (message: string): Promise<void> => {
    const body = JSON.stringify(webhookBody(message));
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let retryAfter: string | null = null;
      let why: string;
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        // Drain the body so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          counts.sent += 1;
          return;
        }
        why = `HTTP ${response.status}`;
        if (response.status !== 429 && response.status < 500) {
          counts.failed += 1;
          logger.error({ status: response.status }, 'alert webhook refused the message; not retrying');
          return;
        }
        retryAfter = response.headers.get('retry-after');
      } catch (err) {
        why = err instanceof Error ? err.name : 'error';
      }
      if (attempt === attempts) break;
      const delay = retryDelayMs(attempt, baseDelayMs, maxDelayMs, retryAfter);
      logger.warn({ attempt, why, retryInMs: delay }, 'alert delivery failed; retrying');
      await sleep(delay);
    }
    counts.failed += 1;
    logger.error({ attempts }, 'alert delivery failed; message dropped');
  };

  const pump = async (): Promise<void> => {
    while (queue.length > 0) {
      const next = queue.shift();
      if (next !== undefined) await deliver(next).catch((err: unknown) => logger.error({ err }, 'alert delivery crashed'));
    }
    running = undefined;
  };

  return {
    send(message) {
      queue.push(message);
      if (queue.length > maxQueued) {
        queue.shift();
        counts.dropped += 1;
        logger.warn({ maxQueued }, 'alert queue full; oldest message dropped');
      }
      running ??= pump();
    },
    async drain(limitMs = 10_000) {
      if (running === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((r) => (timer = setTimeout(r, limitMs)))]);
      clearTimeout(timer);
    },
    stats: () => ({ ...counts, queued: queue.length }),
  };
}
