/**
 * Forced moves have an economic floor (issue 10, item 3): a breaker exit's remnant that its
 * own sale's gas would eat is left, instead of being sold block after block in ever smaller
 * pieces (15 → 4.4 → 1.3 → 0.37 → 0.11 → 0.03 ETH at ~0.004 ETH of gas each).
 */
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../src/plan/decide.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// ezETH's pool at 0.9 (a 10% discount, confirmed: confirmSeconds 0); 20 gwei base fee, 1 gwei tip:
// one DEX sale costs 220 000 gas × 21 gwei = 0.00462 ETH, × safetyMultiple 2 = 0.00924 ETH.
const depegged = (remnantWei: bigint): Snapshot =>
  snapshot(40n, [observation('weETH', 60n), observation('ezETH', 0n, { liquidBalance: remnantWei, valueWei: remnantWei, dex: { token: 10_000n * E, weth: 9_000n * E } })], { baseFeeWei: 20_000_000_000n });

const input = (snap: Snapshot): DecisionInput => ({
  snapshot: snap,
  specs: [WEETH, EZETH],
  estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)],
  // A loose per-swap limit: the test is about the remnant's size, not the DEX discount.
  limits: { ...LIMITS, maxSlippageBpsPerSwap: 1500, depeg: { thresholdBps: 200, exit: true, confirmSeconds: 0 } },
  context: { now: NOW, turnoverUsedTodayBps: 0 },
  strategy: hold,
  params: hold.paramsSchema.parse({}),
  plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 1_000_000_000n },
});

describe('forced exit remnants', () => {
  it('leaves a 0.009 ETH remnant that its 0.0046 ETH sale (× 2) would eat', () => {
    const d = decide(input(depegged(9n * 10n ** 15n)));
    expect(d.plan.kind).toBe('hold');
    expect(d.plan.actions).toEqual([]);
  });

  it('still sells a 0.05 ETH remnant, worth its gas', () => {
    const d = decide(input(depegged(5n * 10n ** 16n)));
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['withdraw']);
  });
});
