/**
 * The devnet's control endpoint (loopback only): lets another process, such as
 * `keeper devnet scenario crossover` in a second terminal, drive the market of a running
 * world. JSON-RPC 2.0 over HTTP POST; every input is validated and every failure is a
 * JSON-RPC error, never a crash of the world.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeeperError } from '../domain/errors.ts';

export type ControlHandler = (params: unknown) => Promise<unknown>;

export interface ControlServer {
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Starts the control server with one handler per method name. */
export async function startControlServer(handlers: Readonly<Record<string, ControlHandler>>): Promise<ControlServer> {
  const server = createServer((req, res) => {
    void handle(req, res, handlers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

async function handle(req: IncomingMessage, res: ServerResponse, handlers: Readonly<Record<string, ControlHandler>>): Promise<void> {
  let id: unknown = null;
  try {
    if (req.method !== 'POST') return reply(res, 405, { jsonrpc: '2.0', id, error: { code: -32600, message: 'use POST' } });
    const body = await readBody(req);
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return reply(res, 400, { jsonrpc: '2.0', id, error: { code: -32700, message: 'body is not valid JSON' } });
    }
    id = request.id ?? null;
    const handler = typeof request.method === 'string' ? handlers[request.method] : undefined;
    if (!handler) {
      const known = Object.keys(handlers).join(', ');
      return reply(res, 200, { jsonrpc: '2.0', id, error: { code: -32601, message: `unknown method ${String(request.method)}; known: ${known}` } });
    }
    const result = await handler(request.params);
    return reply(res, 200, { jsonrpc: '2.0', id, result: result ?? null });
  } catch (err) {
    const message = err instanceof KeeperError ? err.message : err instanceof Error ? err.message : String(err);
    return reply(res, 200, { jsonrpc: '2.0', id, error: { code: -32000, message } });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new KeeperError('request body too large', { details: [`limit: ${MAX_BODY_BYTES} bytes`] }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Calls a method on a running devnet's control endpoint. */
export async function callControl(url: string, method: string, params: unknown = []): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
  } catch (cause) {
    throw new KeeperError('The devnet is not answering', { details: [`control url: ${url}`, 'is `npx keeper devnet up` running?'], cause });
  }
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new KeeperError(`devnet ${method} failed`, { details: [body.error.message ?? 'unknown error'] });
  return body.result;
}
