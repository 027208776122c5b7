/**
 * The emulator's HTTP side: one loopback server, two paths. `/relay` checks the Flashbots
 * signature and dispatches the relay methods; `/rpc` is the public node. Every failure
 * becomes a JSON-RPC error body, never a crash or a dropped connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../telemetry/logger.ts';
import { SIGNATURE_HEADER, verifyFlashbotsSignature } from './auth.ts';
import {
  RpcError, RPC_INVALID_REQUEST, errorResponse, parseEnvelope, parseJson, peekId, resultResponse,
  type RpcRequest, type RpcResponse,
} from './jsonrpc.ts';

/** Large enough for a full bundle (300,000 bytes as hex) plus its envelope. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const RELAY_PATH = '/relay';
export const RPC_PATH = '/rpc';

export interface HttpHandlers {
  relay(request: RpcRequest, signer: string): Promise<unknown>;
  publicRpc(body: string): Promise<RpcResponse | RpcResponse[]>;
  /** Counts refusals for the statistics. */
  refused(kind: 'auth' | 'invalid'): void;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an OS-chosen port; never on another address. */
export async function listenLoopback(handlers: HttpHandlers, logger: Logger): Promise<RunningServer> {
  const server = createServer((req, res) => {
    serve(req, res, handlers, logger).catch((err: unknown) => {
      logger.error({ err }, 'relay: request handling failed');
      send(res, 500, errorResponse(null, new RpcError(-32603, 'internal error', 500)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: HttpHandlers, logger: Logger): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
  if (path !== RELAY_PATH && path !== RPC_PATH) {
    send(res, 404, errorResponse(null, new RpcError(RPC_INVALID_REQUEST, `no endpoint at ${path || '/'}: use ${RELAY_PATH} or ${RPC_PATH}`, 404)));
    return;
  }
  if (req.method !== 'POST') {
    send(res, 405, errorResponse(null, new RpcError(RPC_INVALID_REQUEST, 'JSON-RPC requests must be sent with POST', 405)));
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    send(res, 413, errorResponse(null, new RpcError(RPC_INVALID_REQUEST, `request body exceeds ${MAX_BODY_BYTES} bytes`, 413)), true);
    return;
  }
  if (path === RPC_PATH) {
    const answer = await handlers.publicRpc(body);
    send(res, !Array.isArray(answer) && 'error' in answer && answer.error.code === -32700 ? 400 : 200, answer);
    return;
  }
  const answer = await serveRelay(body, req.headers[SIGNATURE_HEADER], handlers, logger);
  send(res, answer.status, answer.payload);
}

async function serveRelay(
  body: string,
  header: string | string[] | undefined,
  handlers: HttpHandlers,
  logger: Logger,
): Promise<{ status: number; payload: RpcResponse }> {
  let id: RpcRequest['id'] = null;
  try {
    // The signature is checked first (403 beats any other refusal); the id is read early
    // only so that refusals can echo it.
    let parsed: unknown;
    let parseError: unknown;
    try {
      parsed = parseJson(body);
      id = peekId(parsed);
    } catch (err) {
      parseError = err;
    }
    const signer = verifyFlashbotsSignature(body, Array.isArray(header) ? header[0] : header);
    if (parseError !== undefined) throw parseError;
    if (Array.isArray(parsed)) throw new RpcError(RPC_INVALID_REQUEST, 'batch requests are not supported by the relay');
    const request = parseEnvelope(parsed);
    return { status: 200, payload: resultResponse(request.id, await handlers.relay(request, signer)) };
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    handlers.refused(err.httpStatus === 403 ? 'auth' : 'invalid');
    logger.debug({ status: err.httpStatus, code: err.code, reason: err.message }, 'relay: request refused');
    return { status: err.httpStatus, payload: errorResponse(id, err) };
  }
}

/** Reads the body as UTF-8; undefined if it is larger than `MAX_BODY_BYTES`. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, close = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
