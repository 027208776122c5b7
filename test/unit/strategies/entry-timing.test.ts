/**
 * An entry discount is a price of now (issue 10, item 2): the cost-aware LP used to sell a
 * position through its queue to buy another at today's pool discount, though the buy waits for
 * the queue's cash and the discount is gone by then (dex-discount-entry-50: weETH queued for 5
 * days to buy rsETH whose discount had closed when the cash came, and the cash then sat idle).
 * Buys at a price of now are bounded by cash of now; the rest pays a mint's price.
 */
import { describe, expect, it } from 'vitest';
import { solveAllocationWithCosts, type CostedCandidate } from '../../../strategies/lib/allocation-lp.ts';
import type { CapGroup } from '../../../src/risk/cap-groups.ts';

const groups: CapGroup[] = [
  { code: 'CAP_POSITION', key: 'weETH', members: ['weETH'], capBps: 6000 },
  { code: 'CAP_POSITION', key: 'rsETH', members: ['rsETH'], capBps: 6000 },
  { code: 'IDLE_BUFFER', key: 'all', members: ['weETH', 'rsETH'], capBps: 9800 },
];
// Both yield 3 %; rsETH's pool sells it 1 % under a mint now (buy cost −1 %), 0.3 % dearer
// than par once the discount is gone; weETH sells for 0.05 %.
const weETH = (immediateSale: boolean): CostedCandidate => ({ id: 'weETH', score: 0.03, currentBps: 5000, sellCost: 0.0005, buyCost: 0.001, immediateSale });
const rsETH: CostedCandidate = { id: 'rsETH', score: 0.03, currentBps: 4800, buyCost: -0.01, laterBuyCost: 0.003 };
const opts = { horizonYears: 30 / 365, safetyMultiple: 2 };

describe('entry discount needs cash of now', () => {
  it('does not queue weETH out to buy rsETH at a discount the queue outlives', () => {
    const lp = solveAllocationWithCosts([weETH(false), rsETH], groups, { ...opts, cashNowBps: 0 });
    expect(lp?.weights).toEqual({ weETH: 5000, rsETH: 4800 });
  });

  it('sells weETH on the pool to buy rsETH now, up to rsETH’s cap', () => {
    const lp = solveAllocationWithCosts([weETH(true), rsETH], groups, { ...opts, cashNowBps: 0 });
    expect(lp?.weights).toEqual({ weETH: 3800, rsETH: 6000 });
  });

  it('spends the 150 bps of idle cash of now on the discount; the rest of the idle room buys weETH at its own price, not rsETH at a mint’s', () => {
    const lp = solveAllocationWithCosts([weETH(false), { ...rsETH, currentBps: 3000 }], groups, { ...opts, cashNowBps: 150 });
    expect(lp?.weights).toEqual({ weETH: 6000, rsETH: 3150 });
  });

  it('sells weETH now at its dearer pool price (0.4 %) rather than through its queue, when that funds the discount', () => {
    const queuedOrNow: CostedCandidate = { ...weETH(false), immediateSellCost: 0.004 };
    const lp = solveAllocationWithCosts([queuedOrNow, rsETH], groups, { ...opts, cashNowBps: 0 });
    expect(lp?.weights).toEqual({ weETH: 3800, rsETH: 6000 });
  });

  it('does not when the pool price eats the discount (1.2 % × 2 > 1 %)', () => {
    const queuedOrNow: CostedCandidate = { ...weETH(false), immediateSellCost: 0.012 };
    const lp = solveAllocationWithCosts([queuedOrNow, rsETH], groups, { ...opts, cashNowBps: 0 });
    expect(lp?.weights).toEqual({ weETH: 5000, rsETH: 4800 });
  });
});
