import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { decodeAggregate3, multicall3 } from '../../../src/chain/multicall.ts';
import { callBatch, ReadAnswers, ReadBatch, ReadFailedError } from '../../../src/chain/read-batch.ts';
import { firstUint, read } from '../../../src/chain/read.ts';

const iface = new Interface(['function a() view returns (uint256)', 'function b(address) view returns (uint256)']);
const T = '0x00000000000000000000000000000000000000e1';

describe('read batch', () => {
  it('hands each answer to its slot, and a failed sub-call to nobody else', () => {
    const batch = new ReadBatch();
    const a = batch.add(read(T, iface, 'a', [], 'x.a', firstUint));
    const b = batch.add(read(T, iface, 'b', [T], 'x.b', firstUint));
    const c = batch.add(read(T, iface, 'a', [], 'x.a-again', (v) => firstUint(v) * 2n));
    const raw = multicall3.encodeFunctionResult('aggregate3', [[[true, iface.encodeFunctionResult('a', [7n])], [false, '0x08c379a0'], [true, '0x1234']]]);
    const answers = new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, raw));
    expect(answers.get(a)).toBe(7n);
    expect(answers.failures).toEqual([{ label: 'x.b', reason: 'call reverted' }, { label: 'x.a-again', reason: 'could not decode 2 bytes' }]);
    expect(() => answers.get(b)).toThrow(ReadFailedError);
    expect(() => answers.get(c)).toThrow('x.a-again: could not decode 2 bytes');
  });

  it('reports a decoder that rejects the value under the call label', () => {
    const batch = new ReadBatch();
    const s = batch.add(read(T, iface, 'a', [], 'x.a', () => {
      throw new TypeError('too big');
    }));
    const raw = multicall3.encodeFunctionResult('aggregate3', [[[true, iface.encodeFunctionResult('a', [1n])]]]);
    const answers = new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, raw));
    expect(answers.failures).toEqual([]);
    expect(() => answers.get(s)).toThrow('x.a: unexpected answer: too big');
  });

  it('callBatch: one eth_call to Multicall3 at the block tag, none for an empty batch, and a non-string answer refused', async () => {
    const asked: unknown[][] = [];
    const rpc = (answer: unknown) => ({ call: async (method: string, params: readonly unknown[]) => (asked.push([method, ...params]), answer) });
    const batch = new ReadBatch();
    const a = batch.add(read(T, iface, 'a', [], 'x.a', firstUint));
    const raw = multicall3.encodeFunctionResult('aggregate3', [[[true, iface.encodeFunctionResult('a', [7n])]]]);
    expect((await callBatch(rpc(raw), '0x00000000000000000000000000000000000000ca', batch, '0x10')).get(a)).toBe(7n);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.[0]).toBe('eth_call');
    expect(asked[0]?.[1]).toMatchObject({ to: '0x00000000000000000000000000000000000000ca' });
    expect(asked[0]?.[2]).toBe('0x10');
    expect((await callBatch(rpc(raw), '0x00000000000000000000000000000000000000ca', new ReadBatch(), 'latest')).failures).toEqual([]);
    expect(asked).toHaveLength(1);
    await expect(callBatch(rpc({ result: raw }), '0x00000000000000000000000000000000000000ca', batch, 'latest')).rejects.toThrow('eth_call answered a non-string');
  });
});
