/**
 * Strict parameter checks for the relay methods. Everything a caller can get wrong is
 * refused here with a message naming the field, before any state changes; the checks that
 * need the chain (target block versus head) live with the method handlers.
 */
import { keccak256, concat } from 'ethers';
import { invalidParams } from './jsonrpc.ts';
import { decodeSignedTx } from './decode-tx.ts';
import type { BundleRequest, DecodedTx } from './types.ts';

/** Flashbots' published limits for one bundle. */
export const MAX_BUNDLE_TXS = 100;
export const MAX_BUNDLE_BYTES = 300_000;

const HEX_QUANTITY = /^0x(?:0|[1-9a-fA-F][0-9a-fA-F]*)$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const SEND_FIELDS = new Set(['txs', 'blockNumber', 'minTimestamp', 'maxTimestamp', 'revertingTxHashes', 'replacementUuid', 'builders']);
const CALL_FIELDS = new Set(['txs', 'blockNumber', 'stateBlockNumber', 'timestamp', 'coinbase']);
const CANCEL_FIELDS = new Set(['replacementUuid']);

export interface CallBundleRequest {
  txs: readonly DecodedTx[];
  blockNumber: number;
  /** 'latest' or a block number. */
  stateBlockNumber: 'latest' | number;
  timestamp?: number;
}

/** keccak256 of the concatenated transaction hashes, as the Flashbots client computes it. */
export function bundleHashOf(txs: readonly DecodedTx[]): string {
  return keccak256(concat(txs.map((tx) => tx.hash)));
}

/** Checks `eth_sendBundle` params: `[{ txs, blockNumber, minTimestamp?, maxTimestamp?, revertingTxHashes?, replacementUuid?, builders? }]`. */
export function parseSendBundle(params: readonly unknown[], chainId: bigint): BundleRequest {
  const obj = singleObject(params, 'eth_sendBundle', SEND_FIELDS);
  const txs = parseTxs(obj.txs, chainId);
  const request: BundleRequest = {
    txs,
    blockNumber: parseQuantity(obj.blockNumber, 'blockNumber'),
    revertingTxHashes: parseRevertingHashes(obj.revertingTxHashes),
  };
  const minTimestamp = optionalSeconds(obj.minTimestamp, 'minTimestamp');
  const maxTimestamp = optionalSeconds(obj.maxTimestamp, 'maxTimestamp');
  if (minTimestamp !== undefined) request.minTimestamp = minTimestamp;
  if (maxTimestamp !== undefined) request.maxTimestamp = maxTimestamp;
  if (minTimestamp !== undefined && maxTimestamp !== undefined && minTimestamp > maxTimestamp) {
    throw invalidParams('minTimestamp is after maxTimestamp');
  }
  if (obj.replacementUuid !== undefined) request.replacementUuid = parseUuid(obj.replacementUuid);
  if (obj.builders !== undefined && !(Array.isArray(obj.builders) && obj.builders.every((b) => typeof b === 'string'))) {
    throw invalidParams('builders: expected an array of builder names');
  }
  return request;
}

/** Checks `eth_callBundle` params: `[{ txs, blockNumber, stateBlockNumber, timestamp? }]`. */
export function parseCallBundle(params: readonly unknown[], chainId: bigint): CallBundleRequest {
  const obj = singleObject(params, 'eth_callBundle', CALL_FIELDS);
  const request: CallBundleRequest = {
    txs: parseTxs(obj.txs, chainId),
    blockNumber: parseQuantity(obj.blockNumber, 'blockNumber'),
    stateBlockNumber: obj.stateBlockNumber === 'latest' ? 'latest' : parseQuantity(obj.stateBlockNumber, 'stateBlockNumber'),
  };
  const timestamp = optionalSeconds(obj.timestamp, 'timestamp');
  if (timestamp !== undefined) request.timestamp = timestamp;
  if (obj.coinbase !== undefined) throw invalidParams('coinbase: overriding the coinbase is not supported by the emulator');
  return request;
}

/** Checks `eth_cancelBundle` params: `[{ replacementUuid }]`. */
export function parseCancelBundle(params: readonly unknown[]): string {
  const obj = singleObject(params, 'eth_cancelBundle', CANCEL_FIELDS);
  if (obj.replacementUuid === undefined) throw invalidParams('replacementUuid is required');
  return parseUuid(obj.replacementUuid);
}

function singleObject(params: readonly unknown[], method: string, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (params.length !== 1) throw invalidParams(`${method} takes exactly one parameter object, got ${params.length}`);
  const obj = params[0];
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw invalidParams(`${method}: the parameter must be an object`);
  }
  const record = obj as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.has(key)) throw invalidParams(`${method}: unknown field ${key}`);
  }
  return record;
}

function parseTxs(value: unknown, chainId: bigint): DecodedTx[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidParams('txs: expected a non-empty array of signed transactions');
  if (value.length > MAX_BUNDLE_TXS) {
    throw invalidParams(`txs: bundle has ${value.length} transactions, the limit is ${MAX_BUNDLE_TXS}`);
  }
  const txs = value.map((raw, index) => decodeSignedTx(raw, `txs[${index}]`, chainId));
  const bytes = txs.reduce((sum, tx) => sum + tx.size, 0);
  if (bytes > MAX_BUNDLE_BYTES) throw invalidParams(`txs: bundle is ${bytes} bytes, the limit is ${MAX_BUNDLE_BYTES}`);
  const seen = new Set<string>();
  for (const [index, tx] of txs.entries()) {
    if (seen.has(tx.hash)) throw invalidParams(`txs[${index}]: duplicate transaction ${tx.hash}`);
    seen.add(tx.hash);
  }
  return txs;
}

function parseQuantity(value: unknown, field: string): number {
  if (typeof value !== 'string' || !HEX_QUANTITY.test(value)) {
    throw invalidParams(`${field}: expected a hex block number like "0x1a"`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalidParams(`${field}: block number out of range`);
  return n;
}

function optionalSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidParams(`${field}: expected unix seconds as a non-negative integer`);
  }
  return value;
}

function parseRevertingHashes(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value)) throw invalidParams('revertingTxHashes: expected an array of transaction hashes');
  return new Set(
    value.map((hash, index) => {
      if (typeof hash !== 'string' || !HASH.test(hash)) throw invalidParams(`revertingTxHashes[${index}]: expected a 32-byte hex hash`);
      return hash.toLowerCase();
    }),
  );
}

function parseUuid(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalidParams('replacementUuid: expected a UUID');
  return value.toLowerCase();
}
