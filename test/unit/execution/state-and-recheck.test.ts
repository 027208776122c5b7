/**
 * Pure pieces of the lifecycle: due rule, plan ids, JSON with bigints and the last-look recheck.
 */
import { describe, expect, it } from 'vitest';
import { isDue, type TrackedWithdrawal } from '../../../src/state/withdrawals.ts';
import { fromJson, toJson } from '../../../src/state/json-bigint.ts';
import { planHash, planId } from '../../../src/execution/plan-id.ts';
import { planStillSafe } from '../../../src/execution/recheck.ts';
import type { Plan } from '../../../src/domain/plan.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';

const eigen: TrackedWithdrawal = {
  id: '0xroot', vault: 'v', holder: '0x01', positionId: 'p', queuedBlock: 100, queuedAt: 1_000, expectedWei: 5n, status: 'queued', kind: 'eigen',
  withdrawal: { staker: '0x01', delegatedTo: '0x02', withdrawer: '0x01', nonce: 0n, startBlock: 100, strategies: ['0x03'], scaledShares: [5n] }, tokens: ['0x04'], completableAtBlock: 151,
};

describe('withdrawal due rule', () => {
  it('EigenLayer: due from completableAtBlock on, never before, never once completed', () => {
    expect(isDue(eigen, 150, 0)).toBe(false);
    expect(isDue(eigen, 151, 0)).toBe(true);
    expect(isDue({ ...eigen, status: 'completed' }, 200, 0)).toBe(false);
  });
  it('cooldown queues: strictly after completableAt', () => {
    const renzo: TrackedWithdrawal = { ...eigen, kind: 'renzo', requestId: 3n, completableAt: 2_000 } as TrackedWithdrawal;
    const { completableAtBlock: _unused, ...noBlock } = renzo as TrackedWithdrawal & { completableAtBlock?: number };
    void _unused;
    expect(isDue(noBlock as TrackedWithdrawal, 1, 2_000)).toBe(false);
    expect(isDue(noBlock as TrackedWithdrawal, 1, 2_001)).toBe(true);
  });
});

describe('records', () => {
  it('bigints survive JSON exactly', () => {
    const back = fromJson<TrackedWithdrawal>(toJson(eigen));
    expect(back).toEqual(eigen);
    expect(fromJson<{ a: bigint }>(toJson({ a: 2n ** 200n })).a).toBe(2n ** 200n);
  });
  it('plan ids are deterministic and job-id safe', () => {
    const actions = [{ kind: 'delegate' as const, operator: '0x05' as const, gas: 1, why: 'x' }];
    const id = planId('vault-a', 1234, planHash(actions));
    expect(id).toBe(planId('vault-a', 1234, planHash([...actions])));
    expect(id).toMatch(/^vault-a-1234-[0-9a-f]{16}$/);
    expect(planId('vault-a', 1235, planHash(actions))).not.toBe(id);
  });
});

describe('planStillSafe', () => {
  const plan = { actions: [{ kind: 'deposit-lrt', positionId: 'ezETH' }], inputs: { findings: [] } } as unknown as Plan;
  const exitActions = [{ kind: 'withdraw', positionId: 'ezETH' }, { kind: 'eigen-queue-withdrawal', positionId: 'ezETH' }];
  const blindExit = { actions: exitActions, inputs: { findings: [] } } as unknown as Plan;
  const depegExit = { actions: exitActions, inputs: { findings: [{ code: 'DEPEG', positionId: 'ezETH', action: 'exit' }] } } as unknown as Plan;
  const snap = (dexWeth: bigint, slashing = 0, baseFeeWei = 1n): Snapshot => ({
    chainId: 1, block: 1, timestamp: 1, baseFeeWei, holder: '0x01', idleWei: 0n, queuedWithdrawals: [], rewards: [], observedAt: 1,
    slashing: Array.from({ length: slashing }, () => ({ operator: '0x01', avs: '0x02', operatorSetId: 0, strategies: [], wadSlashed: [], block: 1 })),
    positions: [{ positionId: 'ezETH', rateWad: 10n ** 18n, dex: { token: 1_000n * 10n ** 18n, weth: dexWeth }, liquidBalance: 0n, valueWei: 0n }],
  });
  const limits = { depeg: { thresholdBps: 150, exit: false }, maxBaseFeeGwei: 100 };
  it('passes a pegged market, refuses a depeg, a new slashing or a base fee above the limit', () => {
    expect(planStillSafe(plan, snap(1_000n * 10n ** 18n), limits, 0)).toEqual([]);
    expect(planStillSafe(plan, snap(920n * 10n ** 18n), limits, 0)).toEqual(['ezETH: DEX price -800.0 bps from the protocol rate (limit ±150)']);
    expect(planStillSafe(plan, snap(1_000n * 10n ** 18n, 1), limits, 0)).toEqual(['1 new slashing event(s) since planning']);
    expect(planStillSafe(plan, snap(1_000n * 10n ** 18n, 0, 101n * 10n ** 9n), limits, 0)).toHaveLength(1);
  });

  it('lets a forced plan through a base fee above the limit (the decision waited the spike out already), not a voluntary one', () => {
    const spike = snap(920n * 10n ** 18n, 0, 300n * 10n ** 9n);
    expect(planStillSafe({ ...depegExit, forced: true }, spike, limits, 0)).toEqual([]);
    expect(planStillSafe(depegExit, spike, limits, 0)).toEqual(['base fee 300.00 gwei above risk.maxBaseFeeGwei 100']);
  });

  it('lets an exit planned because of the depeg through, but not a sale planned before it', () => {
    expect(planStillSafe(depegExit, snap(920n * 10n ** 18n), limits, 0)).toEqual([]);
    expect(planStillSafe(blindExit, snap(920n * 10n ** 18n), limits, 0)).toEqual(['ezETH: DEX price -800.0 bps from the protocol rate (limit ±150)']);
  });
});
