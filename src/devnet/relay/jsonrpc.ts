/**
 * JSON-RPC 2.0 plumbing for the relay emulator: error codes, an error carrying its HTTP
 * status, and envelope parsing that never throws anything but `RpcError`.
 *
 * HTTP statuses follow what the Flashbots relay does and what its client reacts to: 403 for
 * a missing or bad signature, 400 for requests it cannot accept (the client throws on them),
 * 200 for simulation failures (the client returns them as `{ error }`).
 */

export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_SERVER_ERROR = -32000;

export type RpcId = string | number | null;

export interface RpcRequest {
  id: RpcId;
  method: string;
  params: unknown[];
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: RpcId; result: unknown }
  | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorBody };

/** A JSON-RPC error with the HTTP status to answer it with. */
export class RpcError extends Error {
  override name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 400,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toBody(): RpcErrorBody {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

/** Shorthand for the most common refusal: a bad parameter, named in the message. */
export function invalidParams(message: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMS, message, 400);
}

export function resultResponse(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: RpcId, error: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id, error: error.toBody() };
}

/** Parses a body as JSON, turning a syntax error into JSON-RPC's parse error. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new RpcError(RPC_PARSE_ERROR, 'parse error: body is not valid JSON', 400);
  }
}

/** The request id if one can be read, so that even refusals echo it. */
export function peekId(value: unknown): RpcId {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** Checks one request object's envelope: `method` a string, `params` an array or absent. */
export function parseEnvelope(value: unknown): RpcRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RpcError(RPC_INVALID_REQUEST, 'invalid request: expected a JSON-RPC request object');
  }
  const obj = value as Record<string, unknown>;
  if (obj.jsonrpc !== undefined && obj.jsonrpc !== '2.0') {
    throw new RpcError(RPC_INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"');
  }
  if (typeof obj.method !== 'string' || obj.method.length === 0) {
    throw new RpcError(RPC_INVALID_REQUEST, 'invalid request: method must be a non-empty string');
  }
  const params = obj.params ?? [];
  if (!Array.isArray(params)) {
    throw new RpcError(RPC_INVALID_REQUEST, 'invalid request: params must be an array');
  }
  return { id: peekId(obj), method: obj.method, params };
}
