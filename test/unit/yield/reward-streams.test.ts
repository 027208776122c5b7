import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields } from '../../../src/yield/estimate.ts';
import { streamAprFromAmounts, streamKey, type RewardStreamsInput } from '../../../src/yield/reward-streams.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { RewardStreamConfig } from '../../../src/config/reward-streams-schema.ts';

const E = 10n ** 18n;
const DAY = 86_400;
const WEEK = 7 * DAY;
const NOW = 100 * DAY;
const TOKEN = '0x00000000000000000000000000000000000000d1';

const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 },
  { id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: '0x00000000000000000000000000000000000000e2', exits: { dex: { feeBps: 30 } }, riskTier: 2 },
];

const snapshot: Snapshot = {
  chainId: 1,
  block: 1,
  timestamp: NOW,
  baseFeeWei: 0n,
  holder: '0x00000000000000000000000000000000000000aa',
  idleWei: 0n,
  positions: [
    { positionId: 'weETH', rateWad: E, liquidBalance: 100n * E, valueWei: 100n * E },
    { positionId: 'ezETH', rateWad: E, liquidBalance: 50n * E, valueWei: 50n * E },
  ],
  queuedWithdrawals: [],
  rewards: [],
  slashing: [],
  observedAt: NOW,
};

const announced: RewardStreamConfig = {
  name: 'etherfi-avs',
  kind: 'token',
  token: TOKEN,
  symbol: 'KING',
  heldAs: ['liquid'],
  rate: { source: 'announced', apr: 0.012 },
  claim: { cumulativeMerkle: { distributor: '0x00000000000000000000000000000000000000d2', proofUrl: 'http://127.0.0.1:1/proofs', timeoutMs: 1000 } },
};
const points: RewardStreamConfig = { name: 'loyalty', kind: 'points', unit: 'loyalty points', heldAs: ['liquid'], boost: 3 };

function estimate(streams: RewardStreamsInput | undefined) {
  return estimateYields({ snapshot, specs, now: NOW, rateHistory: {}, options: DEFAULT_ESTIMATOR_OPTIONS, rewardStreams: streams });
}

describe('streamAprFromAmounts', () => {
  it('is the amount added between distributions, valued and annualised on the holding', () => {
    // 7 tokens a week at 0.01 ETH on 100 ETH held, three weekly roots: 14 tokens over 14 days.
    const r = streamAprFromAmounts({
      samples: [
        { timestamp: NOW - 2 * WEEK, cumulativeAmount: 10n * E },
        { timestamp: NOW - WEEK, cumulativeAmount: 17n * E },
        { timestamp: NOW, cumulativeAmount: 24n * E },
      ],
      now: NOW,
      windowSeconds: 30 * DAY,
      priceWad: E / 100n,
      decimals: 18,
      heldValueWei: 100n * E,
    });
    expect(r.ok).toBe(true);
    // 0.14 ETH / 100 ETH over 14 days = 0.0014 × 365/14 = 0.0365
    if (r.ok) expect(r.apr).toBeCloseTo(0.0365, 6);
  });

  it('measures between the times the amount changed, not across polls of an unchanged root', () => {
    // Polled daily, a root each week: the 5 days after the last root must not dilute the rate.
    const samples = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((d) => ({ timestamp: NOW - 12 * DAY + d * DAY, cumulativeAmount: d < 7 ? 0n : 7n * E }));
    const r = streamAprFromAmounts({ samples, now: NOW, windowSeconds: 30 * DAY, priceWad: E / 100n, decimals: 18, heldValueWei: 100n * E });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.apr).toBeCloseTo(0.0365, 6);
  });

  it('values a 6-decimals token by its decimals', () => {
    const r = streamAprFromAmounts({
      samples: [
        { timestamp: NOW - WEEK, cumulativeAmount: 0n },
        { timestamp: NOW, cumulativeAmount: 70_000_000n }, // 70 tokens
      ],
      now: NOW,
      windowSeconds: 30 * DAY,
      priceWad: E / 1000n, // 0.001 ETH each: 0.07 ETH a week
      decimals: 6,
      heldValueWei: 100n * E,
    });
    if (!r.ok) throw new Error(r.reasons.join('; '));
    expect(r.apr).toBeCloseTo(0.0365, 6);
  });

  it('refuses one distribution and a falling amount', () => {
    const base = { now: NOW, windowSeconds: 30 * DAY, priceWad: E, decimals: 18, heldValueWei: 100n * E };
    expect(streamAprFromAmounts({ ...base, samples: [{ timestamp: NOW, cumulativeAmount: 5n * E }] }).ok).toBe(false);
    const fell = streamAprFromAmounts({ ...base, samples: [{ timestamp: NOW - WEEK, cumulativeAmount: 5n * E }, { timestamp: NOW, cumulativeAmount: 4n * E }] });
    expect(fell.ok).toBe(false);
    expect(fell.reasons[0]).toContain('fell');
  });
});

describe('reward streams in the estimate', () => {
  it('adds an announced stream to the net APY of the positions it pays on only', () => {
    const [weeth, ezeth] = estimate({ streams: { weETH: [announced] } });
    expect(weeth?.streamApr).toBe(0.012);
    expect(weeth?.netApy).toBeCloseTo(0.012, 12);
    expect(weeth?.streamParts?.[0]).toMatchObject({ stream: 'etherfi-avs', source: 'announced', apr: 0.012 });
    expect(ezeth?.streamApr).toBeUndefined();
    expect(ezeth?.netApy).toBe(0);
  });

  it('shows points at 0 and never moves the net APY, whatever the boost', () => {
    const [withPoints] = estimate({ streams: { weETH: [{ ...points, boost: 1000 }] } });
    const [without] = estimate(undefined);
    expect(withPoints?.netApy).toBe(without?.netApy);
    expect(withPoints?.streamApr).toBe(0);
    expect(withPoints?.streamParts?.[0]).toMatchObject({ kind: 'points', source: 'points', apr: 0, unit: 'loyalty points', boost: 1000 });
  });

  it('does not pay a liquid-only stream on a restaked position', () => {
    const restaked: PositionSpec = { ...specs[0]!, id: 'weETH-r', eigen: { strategy: '0x00000000000000000000000000000000000000c1', operator: '0x00000000000000000000000000000000000000f1', operatorSets: [] } };
    const [est] = estimateYields({ snapshot: { ...snapshot, positions: [{ positionId: 'weETH-r', rateWad: E, liquidBalance: 0n, valueWei: 10n * E }] }, specs: [restaked], now: NOW, rateHistory: {}, options: DEFAULT_ESTIMATOR_OPTIONS, rewardStreams: { streams: { weETH: [announced] } } });
    expect(est?.streamApr).toBeUndefined();
  });

  it('counts a measured stream from the vault\'s claims, and 0 with a reason when it has no price', () => {
    const measured: RewardStreamConfig = { ...announced, rate: { source: 'claims', windowDays: 30 }, price: { fixedAssetPerToken: 0.01 } };
    const samples = [
      { timestamp: NOW - WEEK, cumulativeAmount: 0n },
      { timestamp: NOW, cumulativeAmount: 7n * E },
    ];
    const [priced] = estimate({ streams: { weETH: [measured] }, markets: { [streamKey('weETH', 'etherfi-avs')]: { priceWad: E / 100n, decimals: 18, samples } } });
    expect(priced?.streamApr).toBeCloseTo(0.0365, 6);
    const [unpriced] = estimate({ streams: { weETH: [measured] }, markets: { [streamKey('weETH', 'etherfi-avs')]: { decimals: 18, samples } } });
    expect(unpriced?.streamApr).toBe(0);
    expect(unpriced?.streamParts?.[0]?.source).toBe('none');
    expect(unpriced?.reasons.some((r) => r.includes('no price'))).toBe(true);
  });
});
