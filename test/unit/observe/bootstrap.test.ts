import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { encodeAggregate3, multicall3 } from '../../../src/chain/multicall.ts';
import { bootstrapBlocks, bootstrapRates } from '../../../src/observe/bootstrap.ts';
import { blockTimestamp } from '../../../src/observe/chain-reads.ts';
import { weEthRate } from '../../../src/protocols/etherfi/reads.ts';
import { rswEthRate } from '../../../src/protocols/swell/reads.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import type { ObserveTargets } from '../../../src/observe/targets.ts';
import type { RpcRequest } from '../../../src/chain/rpc-client.ts';

const MC = '0xcA11bde05977b3631167028862bE2a173976CA11';
const WEETH = '0x00000000000000000000000000000000000000e1';
const RSWETH = '0x00000000000000000000000000000000000000e5';
const TARGETS: ObserveTargets = {
  vault: 'v',
  holder: '0x00000000000000000000000000000000000000aa',
  chainId: 1,
  multicall3: MC,
  weth: '0x00000000000000000000000000000000000000f0',
  lrts: [
    { symbol: 'weETH', protocol: 'etherfi', token: WEETH, rate: weEthRate(WEETH) },
    { symbol: 'rswETH', protocol: 'swell', token: RSWETH, rate: rswEthRate(RSWETH) },
  ],
  rewardTokens: [],
  secondsPerBlock: 12,
};
const uint = new Interface(['function f() view returns (uint256)']);
const answer = (rows: [boolean, bigint][]): string =>
  multicall3.encodeFunctionResult('aggregate3', [rows.map(([ok, v]) => [ok, ok ? uint.encodeFunctionResult('f', [v]) : '0x'])]);

describe('rate history bootstrap', () => {
  it('spreads samples evenly before the head, never before block 1', () => {
    expect(bootstrapBlocks({ headBlock: 100, samples: 4, spanBlocks: 40 })).toEqual([60, 70, 80, 90]);
    expect(bootstrapBlocks({ headBlock: 5, samples: 24, spanBlocks: 7200 })).toEqual([1, 2, 3, 4]);
    expect(bootstrapBlocks({ headBlock: 1, samples: 24, spanBlocks: 7200 })).toEqual([]);
    expect(bootstrapBlocks({ headBlock: 100, samples: 4, spanBlocks: 40, minBlock: 80 })).toEqual([80, 85, 90, 95]);
  });

  it('reads every past block in ONE batch of eth_calls at block tags, skipping blocks and LRTs without state', async () => {
    const sent: RpcRequest[][] = [];
    const rpc = {
      call: async () => {
        throw new Error('bootstrap must batch');
      },
      batch: async (requests: readonly RpcRequest[]) => {
        sent.push([...requests]);
        // Block 60: before Multicall3 existed; block 70: rswETH not deployed yet.
        return ['0x', answer([[true, 1000n], [true, 11n], [false, 0n]]), answer([[true, 1012n], [true, 12n], [true, 21n]])];
      },
    };
    const out = await bootstrapRates(rpc, TARGETS, { headBlock: 90, samples: 3, spanBlocks: 30 }, createLogger({ level: 'silent' }));
    expect(sent).toHaveLength(1);
    const data = encodeAggregate3([blockTimestamp(MC).call, weEthRate(WEETH).call, rswEthRate(RSWETH).call]);
    expect(sent[0]?.map((r) => (r.params[0] as { data: string }).data)).toEqual([data, data, data]);
    expect(sent[0]?.map((r) => r.params[1])).toEqual(['0x3c', '0x46', '0x50']);
    expect(sent[0]?.every((r) => r.method === 'eth_call' && (r.params[0] as { to: string }).to === MC)).toBe(true);
    expect(out).toEqual({
      weETH: [{ timestamp: 1000, rateWad: 11n }, { timestamp: 1012, rateWad: 12n }],
      rswETH: [{ timestamp: 1012, rateWad: 21n }],
    });
  });

  it('asks again over the newer half of the span when the node lost the oldest states, and gives up at one block', async () => {
    const asked: string[][] = [];
    const rpc = {
      call: async () => '0x',
      batch: async (requests: readonly RpcRequest[]) => {
        asked.push(requests.map((r) => String(r.params[1])));
        if (requests.some((r) => Number(r.params[1]) < 0x50)) throw new Error('BlockOutOfRangeError');
        return requests.map(() => answer([[true, 1000n], [true, 11n], [true, 21n]]));
      },
    };
    const out = await bootstrapRates(rpc, TARGETS, { headBlock: 90, samples: 4, spanBlocks: 40 }, createLogger({ level: 'silent' }));
    // Span 40 from block 50, then 20 from block 70, then 10 from block 80: 4 samples each.
    expect(asked).toEqual([['0x32', '0x3c', '0x46', '0x50'], ['0x46', '0x4b', '0x50', '0x55'], ['0x50', '0x52', '0x55', '0x57']]);
    expect(out.weETH).toHaveLength(4);
    const never = { call: async () => '0x', batch: async () => Promise.reject(new Error('missing trie node')) };
    expect(await bootstrapRates(never, TARGETS, { headBlock: 90, samples: 3, spanBlocks: 30 }, createLogger({ level: 'silent' }))).toEqual({});
  });
});
