/**
 * MultiSendCallOnly batches: the Safe DELEGATECALLs MultiSendCallOnly.multiSend(transactions),
 * which CALLs each entry in order from the Safe and reverts the whole batch when one fails.
 * Each entry is packed as: operation (uint8, always 0: call only), to (20 bytes), value
 * (uint256), data length (uint256), data.
 */
import { Interface, getBytes, hexlify, solidityPacked } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { MULTI_SEND_ABI } from './abi.ts';
import { OPERATION } from './safe-tx.ts';

export interface BatchCall {
  readonly to: string;
  readonly value: bigint;
  readonly data: string;
}

const multiSend = new Interface(MULTI_SEND_ABI);

/** The packed `transactions` bytes of a batch. */
export function packMultiSend(calls: readonly BatchCall[]): string {
  return hexlify(
    new Uint8Array(calls.flatMap((c) => [...getBytes(solidityPacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [OPERATION.call, c.to, c.value, getBytes(c.data).length, c.data]))])),
  );
}

/** Splits packed `transactions` bytes back into calls (the inverse of packMultiSend). */
export function unpackMultiSend(packed: string): BatchCall[] {
  const bytes = getBytes(packed);
  const out: BatchCall[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (i + 85 > bytes.length) throw new InputError('MultiSend batch is truncated', { details: [`at byte ${i} of ${bytes.length}`] });
    if (bytes[i] !== OPERATION.call) throw new InputError('MultiSendCallOnly batch holds a non-call entry', { details: [`entry ${out.length}: operation ${bytes[i]}`] });
    const to = hexlify(bytes.slice(i + 1, i + 21));
    const value = BigInt(hexlify(bytes.slice(i + 21, i + 53)));
    const length = Number(BigInt(hexlify(bytes.slice(i + 53, i + 85))));
    if (i + 85 + length > bytes.length) throw new InputError('MultiSend entry data runs past the batch', { details: [`entry ${out.length}`] });
    out.push({ to, value, data: hexlify(bytes.slice(i + 85, i + 85 + length)) });
    i += 85 + length;
  }
  return out;
}

/** multiSend(transactions) calldata, for a Safe transaction with operation DELEGATECALL to MultiSendCallOnly. */
export function encodeMultiSend(calls: readonly BatchCall[]): string {
  return multiSend.encodeFunctionData('multiSend', [packMultiSend(calls)]);
}

export function decodeMultiSend(data: string): BatchCall[] {
  return unpackMultiSend(multiSend.decodeFunctionData('multiSend', data)[0] as string);
}
