import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AbiCoder, hexlify } from 'ethers';
import { AGGREGATE3_SELECTOR, decodeAggregate3Answers, encodeAggregate3Calls } from '../../../src/chain/aggregate3-codec.ts';
import { multicall3 } from '../../../src/chain/multicall.ts';

const abi = AbiCoder.defaultAbiCoder();
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
const bytes = fc.uint8Array({ maxLength: 130 }).map((b) => hexlify(b));

describe('aggregate3 envelope codec', () => {
  it('has the selector ethers derives from the signature', () => {
    expect(multicall3.getFunction('aggregate3')!.selector).toBe(AGGREGATE3_SELECTOR);
  });

  it('encodes a literal call exactly as the ABI lays it out', () => {
    const encoded = encodeAggregate3Calls([{ target: '0xcA11bde05977b3631167028862bE2a173976CA11', callData: '0x42cbb15c' }]);
    const words = encoded.slice(10).match(/.{64}/g)!;
    expect(encoded.slice(0, 10)).toBe('0x82ad56cb');
    expect(words.map((w) => BigInt(`0x${w}`))).toEqual([
      0x20n, // offset of the array
      1n, // length
      0x20n, // offset of element 0 (after the one offset word)
      0xca11bde05977b3631167028862be2a173976ca11n,
      1n, // allowFailure
      0x60n, // offset of callData inside the tuple
      4n, // callData length
      0x42cbb15cn << 224n, // callData, right-padded
    ]);
  });

  it('encodes any calls byte for byte as ethers does', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ target: address, callData: bytes }), { maxLength: 12 }), (calls) => {
        const ours = encodeAggregate3Calls(calls);
        const theirs = multicall3.encodeFunctionData('aggregate3', [calls.map((c) => ({ target: c.target, allowFailure: true, callData: c.callData }))]);
        expect(ours).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes any answer ethers encodes', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ success: fc.boolean(), returnData: bytes }), { maxLength: 12 }), (rows) => {
        const encoded = abi.encode(['(bool success, bytes returnData)[]'], [rows.map((r) => [r.success, r.returnData])]);
        expect(decodeAggregate3Answers(encoded)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bad targets and odd calldata, naming the call', () => {
    expect(() => encodeAggregate3Calls([{ target: '0x1234', callData: '0x' }])).toThrow(/calls\[0\]\.target/);
    expect(() => encodeAggregate3Calls([{ target: `0x${'11'.repeat(20)}`, callData: '0x123' }])).toThrow(/calls\[0\]\.callData/);
  });

  it('refuses malformed answers instead of reading past them', () => {
    const good = abi.encode(['(bool, bytes)[]'], [[[true, '0xdeadbeef']]]);
    expect(decodeAggregate3Answers(good)).toEqual([{ success: true, returnData: '0xdeadbeef' }]);
    expect(() => decodeAggregate3Answers('0x')).toThrow(/array offset/);
    expect(() => decodeAggregate3Answers('0xabc')).toThrow(/hex/);
    expect(() => decodeAggregate3Answers(good.slice(0, good.length - 64))).toThrow(/past the end/);
    // success word = 2
    const badBool = good.slice(0, 2 + 64 * 3) + (2).toString(16).padStart(64, '0') + good.slice(2 + 64 * 4);
    expect(() => decodeAggregate3Answers(badBool)).toThrow(/not a bool/);
    // a length that claims 2^40 elements
    const huge = good.slice(0, 2 + 64) + (2 ** 40).toString(16).padStart(64, '0') + good.slice(2 + 64 * 2);
    expect(() => decodeAggregate3Answers(huge)).toThrow(/array length|does not fit/);
  });
});
