/**
 * What a plan leaves idle, and the rule that the moves a strategy adds to forced ones may not
 * spend what the forced moves raised for the idle buffer.
 */
import { describe, expect, it } from 'vitest';
import type { Action, Plan } from '../../../src/domain/plan.ts';
import { idleAfterWei, undoesIdleRepair } from '../../../src/plan/idle-after.ts';
import { E, snapshot } from '../domain/fixtures.ts';

// Only what the rule reads of a plan: its actions and its gas.
const planOf = (actions: readonly Partial<Action>[], gasEth: bigint): Plan => ({ actions, totals: { gasCostWei: gasEth * 10n ** 15n } }) as unknown as Plan;
const sale = (route: string, outEth: bigint): Partial<Action> => ({ kind: 'withdraw', route, expectedOutWei: outEth * E }) as Partial<Action>;
const mint = (eth: bigint): Partial<Action> => ({ kind: 'deposit-lrt', amountWei: eth * E }) as Partial<Action>;

// 10 000 ETH vault, 200 ETH idle, 500 bps (500 ETH) minimum; gas in milli-ETH.
const snap = snapshot(200n, []);
const TOTAL = 10_000n * E;

describe('idle after a plan', () => {
  it('adds sales of now, not queued ones, and takes off mints and gas', () => {
    expect(idleAfterWei(planOf([sale('instant', 325n), sale('queued', 500n), mint(20n)], 4n), snap)).toBe(505n * E - 4n * 10n ** 15n);
  });
});

describe('moves beyond the forced ones', () => {
  const forced = planOf([sale('instant', 325n), sale('queued', 500n)], 4n); // leaves 524.996 ETH

  it('are refused when they leave the buffer short and shorter than the forced moves alone', () => {
    const voluntary = planOf([sale('instant', 100n), sale('queued', 725n)], 4n); // 299.996 ETH
    const finding = undoesIdleRepair(voluntary, forced, snap, TOTAL, 500);
    expect(finding?.code).toBe('IDLE_BUFFER');
    expect(finding?.action).toBe('refused');
    expect(finding?.message).toBe('they leave 299.9960 ETH idle after the bundle, under the 500.0000 ETH minimum, where the forced moves alone leave 524.9960 ETH');
  });

  it('pass when they keep the buffer, or leave no less than the forced moves', () => {
    expect(undoesIdleRepair(planOf([sale('instant', 310n)], 4n), forced, snap, TOTAL, 500)).toBeUndefined(); // 509.996 ETH
    const short = planOf([sale('instant', 50n)], 4n); // forced moves reaching only 249.996 ETH
    expect(undoesIdleRepair(planOf([sale('instant', 60n)], 4n), short, snap, TOTAL, 500)).toBeUndefined();
    expect(undoesIdleRepair(planOf([sale('instant', 40n)], 4n), short, snap, TOTAL, 500)?.code).toBe('IDLE_BUFFER');
  });
});
