import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { createWebhookSender, MAX_MESSAGE_LENGTH, retryDelayMs, webhookBody } from '../../../src/ops/webhook.ts';

interface Hook {
  url: string;
  bodies: unknown[];
  server: Server;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A local webhook that answers with the given statuses in turn (the last one repeats). */
async function startHook(statuses: number[], headers: Record<string, string> = {}): Promise<Hook> {
  const bodies: unknown[] = [];
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as unknown);
      const status = statuses[Math.min(n, statuses.length - 1)] ?? 200;
      n += 1;
      res.writeHead(status, status === 200 ? {} : headers).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRETPART`, bodies, server };
}

function logs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().trim().split('\n')) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ destination: stream, level: 'debug' }), lines };
}

const delays: number[] = [];
const fastSleep = async (ms: number) => void delays.push(ms);

describe('webhook body', () => {
  it('carries the message as Slack text and Discord content, cut below Discord\'s limit', () => {
    expect(webhookBody('hi')).toEqual({ text: 'hi', content: 'hi' });
    const long = webhookBody('x'.repeat(5_000));
    expect(long.content.length).toBe(MAX_MESSAGE_LENGTH);
    expect(long.text).toBe(long.content);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, and honours a longer Retry-After', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 1_000, 30_000))).toEqual([1_000, 2_000, 4_000, 8_000, 30_000]);
    expect(retryDelayMs(1, 1_000, 30_000, '5')).toBe(5_000);
    expect(retryDelayMs(1, 1_000, 30_000, '600')).toBe(30_000);
    expect(retryDelayMs(3, 1_000, 30_000, 'garbage')).toBe(4_000);
  });
});

describe('webhook sender', () => {
  it('posts JSON with both fields', async () => {
    const hook = await startHook([200]);
    const sender = createWebhookSender({ url: hook.url, logger: logs().logger, sleep: fastSleep });
    sender.send('[CRITICAL] breaker tripped');
    await sender.drain();
    expect(hook.bodies).toEqual([{ text: '[CRITICAL] breaker tripped', content: '[CRITICAL] breaker tripped' }]);
    expect(sender.stats()).toMatchObject({ sent: 1, failed: 0 });
  });

  it('retries 5xx and 429 with backoff until delivered', async () => {
    delays.length = 0;
    const hook = await startHook([500, 429, 200], { 'retry-after': '3' });
    const sender = createWebhookSender({ url: hook.url, logger: logs().logger, sleep: fastSleep, baseDelayMs: 100 });
    sender.send('m1');
    await sender.drain();
    expect(hook.bodies).toHaveLength(3);
    expect(delays).toEqual([3_000, 3_000]);
    expect(sender.stats()).toMatchObject({ sent: 1, failed: 0 });
  });

  it('does not retry a 4xx, logs it without the secret part of the URL, and goes on with the next message', async () => {
    const hook = await startHook([404, 200]);
    const { logger, lines } = logs();
    const sender = createWebhookSender({ url: hook.url, logger, sleep: fastSleep });
    sender.send('m1');
    sender.send('m2');
    await sender.drain();
    expect(hook.bodies).toEqual([{ text: 'm1', content: 'm1' }, { text: 'm2', content: 'm2' }]);
    expect(sender.stats()).toMatchObject({ sent: 1, failed: 1 });
    expect(lines.some((l) => l.status === 404 && l.level === 50)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('SECRETPART');
  });

  it('gives up after the attempts on an unreachable webhook without throwing', async () => {
    const hook = await startHook([200]);
    await new Promise((r) => hook.server.close(r));
    servers = [];
    const { logger, lines } = logs();
    const sender = createWebhookSender({ url: hook.url, logger, sleep: fastSleep, attempts: 3, timeoutMs: 500 });
    expect(() => sender.send('lost')).not.toThrow();
    await sender.drain();
    expect(sender.stats()).toMatchObject({ sent: 0, failed: 1 });
    expect(lines.filter((l) => l.msg === 'alert delivery failed; retrying')).toHaveLength(2);
    expect(lines.some((l) => l.msg === 'alert delivery failed; message dropped')).toBe(true);
  });

  it('drops the oldest message when the queue is full', async () => {
    const hook = await startHook([200]);
    const sender = createWebhookSender({ url: hook.url, logger: logs().logger, sleep: fastSleep, maxQueued: 2 });
    for (const m of ['a', 'b', 'c', 'd']) sender.send(m);
    await sender.drain();
    // 'a' went out at once; of b, c, d only the newest two fit the queue.
    expect(hook.bodies.map((b) => (b as { text: string }).text)).toEqual(['a', 'c', 'd']);
    expect(sender.stats().dropped).toBe(1);
  });
});
