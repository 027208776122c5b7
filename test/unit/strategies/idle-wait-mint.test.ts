/**
 * Cash that waits above the idle buffer weighs a mint's mark against the yield it has forgone
 * (src/risk/idle-wait.ts, the rent-or-buy rule). In a random market (seed 5, market 0, 50,000
 * ETH) a depeg exit's 16,000 ETH waited two months beside pools standing 28 bps under their
 * rates (more than 30 days of a 2.9 % yield), bought back 35 ETH a tick on a pool: 385
 * rebalances, and 0.21 points under the threshold baseline that minted.
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { solveAllocationWithCosts, type CostedCandidate } from '../../../strategies/lib/allocation-lp.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { CapGroup } from '../../../src/risk/cap-groups.ts';
import { E, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

const DAY = 86_400;

describe('the LP buys at a waited mark with the waiting cash only', () => {
  const groups: CapGroup[] = [
    { code: 'CAP_POSITION', key: 'weETH', members: ['weETH'], capBps: 6000 },
    { code: 'CAP_POSITION', key: 'ezETH', members: ['ezETH'], capBps: 6000 },
    { code: 'IDLE_BUFFER', key: 'all', members: ['weETH', 'ezETH'], capBps: 9500 },
  ];
  // 30 days of 3.5 % earn 0.288 %; a mint marks 0.4 % down.
  const weETH: CostedCandidate = { id: 'weETH', score: 0.035, currentBps: 4000, buyCost: 0.004, buyMark: 0.004, sellCost: 0.0006, immediateSale: true };
  const opts = { horizonYears: 30 / 365, safetyMultiple: 2, cashNowBps: 500 };

  it('holds when the mark is whole, buys the 500 bps of waiting cash when the waiting has paid for it', () => {
    expect(solveAllocationWithCosts([weETH], groups, opts)?.weights).toEqual({ weETH: 4000 });
    expect(solveAllocationWithCosts([{ ...weETH, waitedBuyMark: 0 }], groups, opts)?.weights).toEqual({ weETH: 4500 });
  });

  it('does not sell another position to buy more at the waited mark', () => {
    // ezETH scores less and sells at once: a sale would fund a buy of now, but not at the waited mark.
    const ezETH: CostedCandidate = { id: 'ezETH', score: 0.02, currentBps: 4000, sellCost: 0.0001, immediateSale: true };
    expect(solveAllocationWithCosts([{ ...weETH, waitedBuyMark: 0 }, ezETH], groups, opts)?.weights).toEqual({ weETH: 4500, ezETH: 4000 });
  });

  it('ignores a waited mark no lower than the mark', () => {
    expect(solveAllocationWithCosts([{ ...weETH, waitedBuyMark: 0.004 }], groups, opts)?.weights).toEqual({ weETH: 4000 });
  });
});

describe('risk-adjusted-yield mints beside a pool 40 bps under its rate once the cash has waited', () => {
  // 30 000 ETH idle beside 20 000 weETH whose pool of 100 000 weETH holds 99 600 ETH: 40 bps under the rate.
  const decide = (waitedDays?: number) => {
    const pool = observation('weETH', 20_000n, { dex: { token: 100_000n * E, weth: 99_600n * E } });
    const snap = snapshot(30_000n, [pool]);
    const input = {
      snapshot: snap,
      estimates: [estimate('weETH', 0.036, { netApyStdErr: 0.0005 })],
      current: allocationFromSnapshot(snap),
      limits: LIMITS,
      specs: [WEETH],
      ...(waitedDays === undefined ? {} : { idleWaitingSince: NOW - waitedDays * DAY }),
    };
    return riskAdjustedYield.decide(input, riskAdjustedYield.paramsSchema.parse({}));
  };

  it('waits with no clock and after 10 days (0.4 % − 3.6 % × 10 / 365 = 0.30 % > 3.5 % × 30 / 365 = 0.29 %)', () => {
    expect(decide().weights.weETH).toBe(4000);
    expect(decide(10).weights.weETH).toBe(4000);
  });

  it('mints to the 6000 bps cap after 20 days (0.4 % − 0.20 % = 0.20 % < 0.29 %)', () => {
    const twenty = decide(20);
    expect(twenty.weights.weETH).toBe(6000);
    expect(twenty.rationale).toContain("cash has waited 20.0 days above the idle buffer: a mint's mark counts that much of the position's yield less");
  });
});
