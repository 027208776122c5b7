/**
 * The per-process shared view of the rate history, over a real Redis: the vault-ticks of one
 * block share one jump-check reference, one append and one window read per LRT, and what a
 * tick reads is what it would have read from Redis directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createRateHistory, type RateHistory } from '../../../src/state/rate-history.ts';
import { sharedRateHistory, type SharedRateHistory } from '../../../src/keeper/shared-rates.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import type { LrtSymbol } from '../../../src/domain/types.ts';

const E = 10n ** 18n;
let redis: Redis;
const prefix = `test:shared-rates:${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

type Counted = RateHistory & { calls: Record<'append' | 'window' | 'latest', number>; failNextWindow: boolean };

function counted(name: string): Counted {
  const inner = createRateHistory(redis, { prefix: `${prefix}${name}:`, maxSamples: 1_000, maxAgeSeconds: 86_400 });
  const c: Counted = {
    calls: { append: 0, window: 0, latest: 0 },
    failNextWindow: false,
    append: (s, x) => (c.calls.append++, inner.append(s, x)),
    window: (s, f, t) => {
      c.calls.window++;
      if (c.failNextWindow) {
        c.failNextWindow = false;
        return Promise.reject(new Error('connection reset'));
      }
      return inner.window(s, f, t);
    },
    latest: (s, t) => (c.calls.latest++, inner.latest(s, t)),
    size: (s) => inner.size(s),
  };
  return c;
}

/** What planVault does with the history for one vault at `timestamp`. */
async function tick(h: SharedRateHistory, symbol: LrtSymbol, timestamp: number, rateWad: bigint): Promise<{ reference: RateSample | undefined; window: RateSample[] }> {
  const reference = await h.latest(symbol, timestamp);
  await h.append(symbol, { timestamp, rateWad });
  return { reference, window: await h.window(symbol, timestamp - 3_600, timestamp) };
}

describe('shared rate history (real Redis)', () => {
  it('serves 50 vault-ticks of one block with one reference read, one append and one window read', async () => {
    const base = counted('a');
    await base.append('weETH', { timestamp: 1_000, rateWad: E });
    base.calls.append = 0;
    const h = sharedRateHistory(base);
    const ticks = await Promise.all(Array.from({ length: 50 }, () => tick(h, 'weETH', 1_012, E + 5n)));
    expect(base.calls).toEqual({ append: 1, window: 1, latest: 1 });
    for (const t of ticks) {
      // Every vault is checked against the sample before this block, not against its own.
      expect(t.reference).toEqual({ timestamp: 1_000, rateWad: E });
      expect(t.window).toEqual([
        { timestamp: 1_000, rateWad: E },
        { timestamp: 1_012, rateWad: E + 5n },
      ]);
    }
    // The next block reads afresh and sees its own sample.
    const next = await tick(h, 'weETH', 1_024, E + 9n);
    expect(next.reference).toEqual({ timestamp: 1_012, rateWad: E + 5n });
    expect(next.window.map((s) => s.timestamp)).toEqual([1_000, 1_012, 1_024]);
    expect(base.calls).toEqual({ append: 2, window: 2, latest: 2 });
  });

  it('drops cached windows when this process adds past samples (a bootstrap), and serves older timestamps uncached', async () => {
    const base = counted('b');
    const h = sharedRateHistory(base);
    await tick(h, 'ezETH', 2_000, 2n * E);
    expect((await h.window('ezETH', 0, 2_000)).map((s) => s.timestamp)).toEqual([2_000]);
    expect(await h.append('ezETH', { timestamp: 1_500, rateWad: 2n * E - 1n })).toBe(true);
    expect((await h.window('ezETH', 0, 2_000)).map((s) => s.timestamp)).toEqual([1_500, 2_000]);
    // A lagging tick of an older block goes to Redis every time and leaves the cache alone.
    const before = base.calls.window;
    await h.window('ezETH', 0, 1_600);
    await h.window('ezETH', 0, 1_600);
    expect(base.calls.window).toBe(before + 2);
    expect((await h.window('ezETH', 0, 2_000)).map((s) => s.timestamp)).toEqual([1_500, 2_000]);
    expect(base.calls.window).toBe(before + 2);
  });

  it('sends an append once per timestamp even after a window ending later moved the series on (a reward price kept at its hour)', async () => {
    const base = counted('e');
    const h = sharedRateHistory(base);
    // Two vault-ticks of the block at 7_212: each keeps the price at its hour (7_200), then reads the week's window up to 7_212.
    for (let vaultTick = 0; vaultTick < 2; vaultTick++) {
      await h.append('reward:0xking', { timestamp: 7_200, rateWad: E });
      expect(await h.window('reward:0xking', 0, 7_212)).toEqual([{ timestamp: 7_200, rateWad: E }]);
    }
    expect(base.calls).toEqual({ append: 1, window: 1, latest: 0 });
    // The next hour's price is sent.
    expect(await h.append('reward:0xking', { timestamp: 10_800, rateWad: E + 1n })).toBe(true);
    expect(base.calls.append).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const base = counted('c');
    const h = sharedRateHistory(base);
    await h.append('rsETH', { timestamp: 3_000, rateWad: E });
    base.failNextWindow = true;
    await expect(h.window('rsETH', 0, 3_000)).rejects.toThrow('connection reset');
    expect(await h.window('rsETH', 0, 3_000)).toEqual([{ timestamp: 3_000, rateWad: E }]);
  });

  it('keeps LRTs apart', async () => {
    const base = counted('d');
    const h = sharedRateHistory(base);
    await tick(h, 'pufETH', 4_000, E + 1n);
    const other = await tick(h, 'rswETH', 4_000, E + 2n);
    expect(other.window).toEqual([{ timestamp: 4_000, rateWad: E + 2n }]);
    expect(base.calls).toEqual({ append: 2, window: 2, latest: 2 });
  });
});
