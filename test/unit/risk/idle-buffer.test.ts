/**
 * The idle minimum is one exact comparison in wei (src/risk/idle-buffer.ts), shared by the risk
 * engine, the repair watch and the backtest's breach check: all three agree at the boundary.
 */
import { describe, expect, it } from 'vitest';
import type { Book, Valuation } from '../../../src/backtest/book.ts';
import { checkStep } from '../../../src/backtest/breaches.ts';
import type { MarketStep } from '../../../src/backtest/market.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { idleBelowMinimum } from '../../../src/risk/idle-buffer.ts';
import { brokenCaps } from '../../../src/risk/repair-watch.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

const ETH_100 = 100n * E;

describe('idleBelowMinimum', () => {
  it('allows exactly 1 bp of rounding under the minimum, to the wei', () => {
    // 200 bps minimum of 100 ETH: 1.99 ETH (199 bps) is within the bp; one wei less is short.
    expect(idleBelowMinimum(1_990_000_000_000_000_000n, ETH_100, 200)).toBe(false);
    expect(idleBelowMinimum(1_989_999_999_999_999_999n, ETH_100, 200)).toBe(true);
    expect(idleBelowMinimum(2_000_000_000_000_000_000n, ETH_100, 200)).toBe(false);
  });

  it('holds to the wei in a 10 M ETH vault', () => {
    const total = 10_000_000n * E;
    expect(idleBelowMinimum(199_000n * E, total, 200)).toBe(false);
    expect(idleBelowMinimum(199_000n * E - 1n, total, 200)).toBe(true);
  });

  it('never finds an empty vault or a zero minimum short', () => {
    expect(idleBelowMinimum(0n, 0n, 200)).toBe(false);
    expect(idleBelowMinimum(0n, ETH_100, 0)).toBe(false);
    expect(idleBelowMinimum(0n, ETH_100, 1)).toBe(false);
    expect(idleBelowMinimum(0n, ETH_100, 2)).toBe(true);
  });

  it('takes whole bps only, as the config does', () => {
    expect(() => idleBelowMinimum(0n, ETH_100, 199.5)).toThrow('minIdleBps must be whole bps, got 199.5');
  });
});

describe('every idle check agrees at the boundary', () => {
  // 100 ETH vault, 200 bps idle minimum, no cap near: weETH and ezETH hold the rest.
  const limits: RiskLimits = { ...LIMITS, maxWeightPerPositionBps: 9000, maxWeightPerProtocolBps: 9000, minIdleBps: 200, capMarginBps: 25 };
  const specs = [WEETH, EZETH];
  // 49.005 ETH in each position reads 4900 bps (floored): the weights sum to the 9800 bps the
  // buffer allows, so only the idle value itself, 1.99 ETH (199 bps) less `less` wei moved
  // into ezETH, tells whether the buffer is short.
  const HALF = 49_005_000_000_000_000_000n;
  const position = (id: string, wei: bigint) => observation(id, 0n, { valueWei: wei, liquidBalance: wei });
  const vault = (less: bigint) => snapshot(0n, [position('weETH', HALF), position('ezETH', HALF + less)], { idleWei: 1_990_000_000_000_000_000n - less });

  it('risk engine: finds the buffer broken only once it is more than 1 bp short', () => {
    const assess = (less: bigint) => {
      const snap = vault(less);
      const current = allocationFromSnapshot(snap);
      return assessTargets({ targets: current.weights, current, snapshot: snap, estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)], specs, limits, context: { now: NOW, turnoverUsedTodayBps: 0 } });
    };
    const broken = (less: bigint) => assess(less).forcedBy.filter((f) => f.message.startsWith('current allocation breaks a cap')).map((f) => f.code);
    expect(broken(0n)).toEqual([]);
    expect(broken(1n)).toEqual(['IDLE_BUFFER']);
    // On the boundary it is about to break, and topped up before it does.
    expect(assess(0n).forcedBy.map((f) => f.message.split(':')[0])).toEqual(['idle buffer within 12.0 h of breaking by yield alone']);
  });

  it('repair watch: the buffer is broken from the same wei', () => {
    const broken = (less: bigint) => brokenCaps(allocationFromSnapshot(vault(less)), vault(less), specs, limits);
    expect(broken(0n)).toEqual([]);
    expect(broken(1n)).toEqual(['IDLE_BUFFER:all']);
  });

  it('backtest breach check: the same wei is a breach', () => {
    const market: MarketStep = { index: 3, timestamp: NOW, baseFeeGwei: 10, baseFeeWei: 0n, lrt: {}, avsAprBps: {}, rewardPools: {}, events: [] };
    const book: Book = { idleWei: 0n, holdings: {}, queued: [], rewards: {}, slashes: [], nextId: 1 };
    const after = (less: bigint): Valuation => ({ navWei: ETH_100, positionsWei: { weETH: HALF, ezETH: HALF + less }, pendingWei: 0n, totalWei: ETH_100 });
    const check = (less: bigint) => checkStep({ market, specs, limits, before: after(less), after: after(less), book, trades: [] }, { day: -1, turnoverBps: 0 }).map((b) => b.code);
    expect(check(0n)).toEqual([]);
    expect(check(1n)).toEqual(['IDLE_BUFFER']);
  });
});
