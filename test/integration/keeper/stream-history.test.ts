/**
 * The claim history of a reward stream whose rate is measured from claims: amounts read from
 * checked proofs go into the Redis rate history (18-decimal units, the price beside AVS reward
 * prices), and the estimator measures the stream's APR from them. Real Redis; literal numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { RewardStreamConfig } from '../../../src/config/reward-streams-schema.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { recordStreamSamples, streamAmountSeries, streamMarkets } from '../../../src/keeper/stream-history.ts';
import { createRateHistory, type RateHistory } from '../../../src/state/rate-history.ts';
import { rewardStreamsApr } from '../../../src/yield/reward-streams.ts';
import { countRedisRoundTrips } from '../../helpers/redis-round-trips.ts';

const E = 10n ** 18n;
const DAY = 86_400;
const T0 = 1_700_000_000;
const HOLDER = '0x00000000000000000000000000000000000000AA';
const KING = '0x00000000000000000000000000000000000000d1';
const measured: RewardStreamConfig = {
  name: 'etherfi-avs', kind: 'token', token: KING, symbol: 'KING', heldAs: ['liquid'], rate: { source: 'claims', windowDays: 30 },
  claim: { cumulativeMerkle: { distributor: '0x00000000000000000000000000000000000000d2', proofUrl: 'http://127.0.0.1:1/proofs', timeoutMs: 1000 } },
};
const announced: RewardStreamConfig = { ...measured, name: 'announced', rate: { source: 'announced', apr: 0.01 } };
const lrts = [{ symbol: 'weETH' as const, rewardStreams: [measured, announced] }];
const spec: PositionSpec = { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const snapshot = { positions: [{ positionId: 'weETH', rateWad: E, liquidBalance: 100n * E, valueWei: 100n * E }] } as unknown as Snapshot;

let redis: Redis;
let history: RateHistory;
const prefix = `test:stream-history:${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  history = createRateHistory(redis, { prefix, maxSamples: 1_000, maxAgeSeconds: 35 * DAY });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('reward stream claim history (real Redis)', () => {
  it('measures 7 KING a week at 0.01 ETH on 100 ETH of weETH: 3.65 % a year, from 6-decimal amounts', async () => {
    const sample = (cumulativeKing: bigint, priceWad?: bigint) => ({ lrt: 'weETH' as const, stream: 'etherfi-avs', token: KING, cumulativeAmount: cumulativeKing * 10n ** 6n, decimals: 6, ...(priceWad ? { priceWad } : {}) });
    await recordStreamSamples(history, HOLDER, T0 - DAY, [sample(0n, E / 100n)]); // a zero row: not a sample
    await recordStreamSamples(history, HOLDER, T0, [sample(5n, E / 100n)]);
    await recordStreamSamples(history, HOLDER, T0 + 3_600, [sample(5n)]); // the same root an hour later
    await recordStreamSamples(history, HOLDER, T0 + 7 * DAY, [sample(12n, E / 100n)]);
    expect(await history.window(streamAmountSeries(HOLDER, 'weETH', 'etherfi-avs'), T0 - DAY, T0 + 7 * DAY)).toEqual([
      { timestamp: T0, rateWad: 5n * E },
      { timestamp: T0 + 3_600, rateWad: 5n * E },
      { timestamp: T0 + 7 * DAY, rateWad: 12n * E },
    ]);
    const now = T0 + 7 * DAY;
    const markets = await streamMarkets(history, lrts, HOLDER, now);
    // Only the measured stream is read.
    expect(Object.keys(markets)).toEqual(['weETH/etherfi-avs']);
    expect(markets['weETH/etherfi-avs']).toMatchObject({ decimals: 18, priceWad: E / 100n });
    const { apr, parts } = rewardStreamsApr(spec, [spec], snapshot, now, { streams: { weETH: [measured] }, markets });
    // 7 KING × 0.01 ETH = 0.07 ETH in 7 days on 100 ETH: 0.0007 × 365 / 7.
    expect(apr).toBeCloseTo(0.0365, 12);
    expect(parts[0]).toMatchObject({ source: 'claims', apr: expect.closeTo(0.0365, 12) });
  });

  it('counts a stream never read at 0, with the reason', async () => {
    const unread: RewardStreamConfig = { ...measured, token: '0x00000000000000000000000000000000000000e9' };
    const markets = await streamMarkets(history, [{ symbol: 'weETH', rewardStreams: [unread] }], '0x00000000000000000000000000000000000000bb', T0);
    expect(markets['weETH/etherfi-avs']).toEqual({ decimals: 18, samples: [] });
    const { apr, parts } = rewardStreamsApr(spec, [spec], snapshot, T0, { streams: { weETH: [unread] }, markets });
    expect(apr).toBe(0);
    expect(parts[0]?.reasons).toEqual(['no price for the token', 'counted at 0']);
  });

  it('writes and reads every stream in one Redis round trip, not one per stream and series', async () => {
    const holder = '0x00000000000000000000000000000000000000cc';
    const second: RewardStreamConfig = { ...measured, name: 'second', token: '0x00000000000000000000000000000000000000d3' };
    const both = [{ symbol: 'weETH' as const, rewardStreams: [measured, second] }];
    const counter = countRedisRoundTrips(redis);
    try {
      await recordStreamSamples(history, holder, T0, [
        { lrt: 'weETH', stream: 'etherfi-avs', token: KING, cumulativeAmount: 3n * E, decimals: 18, priceWad: E / 100n },
        { lrt: 'weETH', stream: 'second', token: second.token, cumulativeAmount: 4n * E, decimals: 18, priceWad: E / 50n },
      ]);
      // Two amounts and two prices, sent together.
      expect([counter.commands, counter.roundTrips]).toEqual([4, 1]);
      counter.reset();
      const markets = await streamMarkets(history, both, holder, T0);
      expect([counter.commands, counter.roundTrips]).toEqual([4, 1]);
      expect(markets).toEqual({
        'weETH/etherfi-avs': { decimals: 18, samples: [{ timestamp: T0, cumulativeAmount: 3n * E }], priceWad: E / 100n },
        'weETH/second': { decimals: 18, samples: [{ timestamp: T0, cumulativeAmount: 4n * E }], priceWad: E / 50n },
      });
    } finally {
      counter.restore();
    }
  });
});
