import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Wallet, getAddress, getBytes, hexlify } from 'ethers';
import { decodeMultiSend, encodeMultiSend, packMultiSend, unpackMultiSend } from '../../../src/safe/multisend.ts';
import { approvedHashSignature, packSignatures, safeTxHash, safeTxOf } from '../../../src/safe/safe-tx.ts';
import { ownerSignatures, recoverOwnerSignature, signSafeTx } from '../../../src/safe/signatures.ts';

const SAFE = '0x1111111111111111111111111111111111111111';
const domain = { chainId: 31337, verifyingContract: SAFE };
const owners = [new Wallet(`0x${'11'.repeat(32)}`), new Wallet(`0x${'22'.repeat(32)}`), new Wallet(`0x${'33'.repeat(32)}`)];
const tx = safeTxOf({ to: '0x2222222222222222222222222222222222222222', value: 0n, data: '0x8d80ff0a', operation: 1 }, 7n);

describe('MultiSendCallOnly batches', () => {
  it('packs one entry as operation, to, value, length, data', () => {
    const packed = packMultiSend([{ to: '0x00000000000000000000000000000000000000aa', value: 5n, data: '0x1234' }]);
    expect(packed).toBe(`0x00${'00'.repeat(19)}aa${'00'.repeat(31)}05${'00'.repeat(31)}021234`);
  });

  it('unpacks what it packs, for any calls', () => {
    const call = fc.record({ to: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b))), value: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), data: fc.uint8Array({ maxLength: 100 }).map((b) => hexlify(b)) });
    fc.assert(fc.property(fc.array(call, { maxLength: 6 }), (calls) => {
      expect(decodeMultiSend(encodeMultiSend(calls)).map((c) => ({ ...c, to: getAddress(c.to) }))).toEqual(calls);
    }));
  });

  it('refuses a delegatecall entry and a truncated batch', () => {
    expect(() => unpackMultiSend(`0x01${'00'.repeat(84)}`)).toThrow(/non-call entry/);
    expect(() => unpackMultiSend(`0x00${'00'.repeat(50)}`)).toThrow(/truncated/);
  });
});

describe('owner signatures', () => {
  it('packs signatures in ascending owner order', () => {
    const a = '0x00000000000000000000000000000000000000b0';
    const b = '0x00000000000000000000000000000000000000a0';
    expect(packSignatures(new Map([[a, `0x${'bb'.repeat(65)}`], [b, `0x${'aa'.repeat(65)}`]]))).toBe(`0x${'aa'.repeat(65)}${'bb'.repeat(65)}`);
    expect(approvedHashSignature(b)).toBe(`0x${'0'.repeat(24)}${'00'.repeat(19)}a0${'0'.repeat(64)}01`);
  });

  it('recovers EIP-712 and eth_sign signatures to their owner, eth_sign with v + 4', async () => {
    const typed = await signSafeTx(owners[0]!, domain, tx, 1);
    expect(recoverOwnerSignature(typed.signature, domain, tx, owners.map((o) => o.address), 1)).toEqual(typed);
    const personal = await owners[1]!.signMessage(getBytes(safeTxHash(domain, tx)));
    const imported = recoverOwnerSignature(personal, domain, tx, owners.map((o) => o.address), 1);
    expect(imported.kind).toBe('eth_sign');
    expect(imported.owner).toBe(owners[1]!.address);
    expect(getBytes(imported.signature)[64]).toBe(getBytes(personal)[64]! + 4);
  });

  it('refuses a signature by a non-owner, for another transaction, or malformed', async () => {
    const stranger = await signSafeTx(new Wallet(`0x${'44'.repeat(32)}`), domain, tx, 1);
    expect(() => recoverOwnerSignature(stranger.signature, domain, tx, owners.map((o) => o.address), 1)).toThrow(/does not recover to an owner/);
    const other = await signSafeTx(owners[0]!, domain, { ...tx, nonce: 8n }, 1);
    expect(() => recoverOwnerSignature(other.signature, domain, tx, owners.map((o) => o.address), 1)).toThrow(/does not recover to an owner/);
    expect(() => recoverOwnerSignature('0x1234', domain, tx, [], 1)).toThrow(/65 bytes/);
  });

  it('counts one signature per current owner', async () => {
    const s0 = await signSafeTx(owners[0]!, domain, tx, 1);
    const s1 = await signSafeTx(owners[1]!, domain, tx, 1);
    expect(ownerSignatures([s0, s0, s1], [owners[0]!.address]).size).toBe(1);
    expect(ownerSignatures([s0, s1], owners.map((o) => o.address)).size).toBe(2);
  });
});
