/**
 * The daily turnover limit when two ticks decide the same plan (they observed the same head
 * block, as lagging ticks do under load), through the real plan gate on a real Redis: the
 * plan is queued once, the ledger counts it once, the limit holds for the next move, and the
 * audit-log accounting of the daemon e2e test counts what the ledger counts, not 2×. And only
 * a rebalance is charged: a compounding plan submitted with the tick's decision attached
 * spends none of the day's budget, whatever turnover that decision's verdict carries.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Plan } from '../../../src/domain/plan.ts';
import { executeJobSchema, type ExecuteJob } from '../../../src/queue/payloads.ts';
import type { VaultPlan } from '../../../src/keeper/tick.ts';
import type { DaemonContext } from '../../../src/queue/context.ts';
import { createPlanSlots } from '../../../src/queue/plan-slot.ts';
import type { DaemonQueues } from '../../../src/queue/queues.ts';
import { chargedTurnoverBps, submitPlan } from '../../../src/queue/submit-plan.ts';
import { createTurnoverLedger, utcDay } from '../../../src/queue/turnover.ts';
import type { AuditRecord, DecisionRecord } from '../../../src/state/audit.ts';
import { landedTurnoverByDay } from './turnover-accounting.ts';

const prefix = `rk-test-turnover-acct-${randomUUID()}`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const VAULT = 'devnet-main';
const T = 86_400 * 20_415 + 3_600;
const WAD = 10n ** 18n;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** A discretionary deposit decided at `block`: only the fields the gate and the audit read. */
function decided(block: number, amountWei: bigint, turnoverBps: number): VaultPlan {
  const plan = {
    kind: 'rebalance',
    reason: `deposit ${amountWei} into rswETH`,
    actions: [{ kind: 'deposit-lrt', positionId: 'rswETH', amountWei, expectedLrt: amountWei, minLrt: amountWei, gas: 90_000 }],
    totals: { gasUnits: 90_000, gasCostWei: 1n, totalCostWei: 1n, movedWei: amountWei, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n },
    expectedYearlyGainWei: 1n,
    breakEvenDays: 1,
    resultingWeights: { rswETH: turnoverBps },
    inputs: { block, timestamp: T + block * 12, findings: [] },
  } as unknown as Plan;
  const snapshot = { chainId: 31337, block, timestamp: T + block * 12, baseFeeWei: 1n, holder: '0x00000000000000000000000000000000000000a1', idleWei: 100n * WAD, positions: [], queuedWithdrawals: [], rewards: [], slashing: [], observedAt: T };
  return {
    ok: true,
    settings: { name: VAULT, risk: { maxTurnoverPerDayBps: 10_000 } },
    observation: { snapshot },
    specs: [],
    estimates: [],
    decision: { verdict: { refused: false, mandatory: false, turnoverBps, findings: [] }, targets: { weights: { rswETH: turnoverBps } }, plan },
    bootstrapped: 0,
    now: T,
  } as unknown as VaultPlan;
}

describe('turnover of one plan decided by two ticks', () => {
  it('is queued and counted once, the next move is limited by it, and the audit accounting agrees with the ledger', async () => {
    const records: AuditRecord[] = [];
    const executeJobs = new Set<string>();
    const turnover = createTurnoverLedger(redis, prefix);
    const slots = createPlanSlots(redis, prefix, 60_000);
    const ctx = {
      paused: { get: async () => undefined },
      settings: { dryRun: false },
      turnover,
      slots,
      holds: { record: () => true },
      audit: { append: async (r: AuditRecord) => void records.push(r) },
    } as unknown as DaemonContext;
    // BullMQ keeps one job per job id: a second add with the same id is a no-op.
    const queues = { execute: { add: async (_name: string, _data: unknown, opts: { jobId: string }) => void executeJobs.add(opts.jobId) } } as unknown as Pick<DaemonQueues, 'execute'>;
    const submit = (planned: VaultPlan, job: string) => submitPlan(ctx, queues, { vault: VAULT, plan: planned.decision.plan, source: 'observe', planned, snapshotBlock: planned.observation.snapshot.block, job });

    // Ticks of blocks 120 and 121, late, both read head 122: the same decision, the same plan.
    const a = await submit(decided(122, 73n * WAD, 7_297), 'observe/devnet-main-120');
    const b = await submit(decided(122, 73n * WAD, 7_297), 'observe/devnet-main-121');
    expect(a.disposition).toBe('queued');
    expect(b).toEqual(a);
    expect([...executeJobs]).toEqual([a.planId]);

    // It lands; its confirmation may run twice (a retried job), the ledger counts it once.
    const planId = a.planId!;
    await turnover.add(VAULT, T + 122 * 12, 7_297, planId);
    await turnover.add(VAULT, T + 122 * 12, 7_297, planId);
    expect(await slots.settle(VAULT, planId, 125)).toBe(true);
    expect(await turnover.used(VAULT, T + 126 * 12)).toBe(7_297);

    // The next discretionary move only fits within what is left of the day.
    expect((await submit(decided(126, 30n * WAD, 3_000), 'observe/devnet-main-126')).disposition).toBe('limit');
    const c = await submit(decided(127, 27n * WAD, 2_703), 'observe/devnet-main-127');
    expect(c.disposition).toBe('queued');
    await turnover.add(VAULT, T + 127 * 12, 2_703, c.planId!);

    const decisions = records.filter((r): r is DecisionRecord => r.kind === 'decision');
    // Two 'queued' records name the first plan: a naive sum over decisions reads 17297 bps.
    expect(decisions.filter((d) => d.disposition === 'queued').map((d) => d.plan.id)).toEqual([planId, planId, c.planId]);
    const byDay = landedTurnoverByDay(decisions, new Set([planId, c.planId!]));
    expect([...byDay]).toEqual([[utcDay(T), 10_000]]);
    expect(byDay.get(utcDay(T))).toBe(await turnover.used(VAULT, T));
  });

  it('counts each plan on its own UTC day, as the ledger keys it', () => {
    const day = (id: string, timestamp: number, bps: number): DecisionRecord =>
      ({ kind: 'decision', vault: VAULT, at: 0, source: 'observe', block: 1, estimates: [], snapshot: { timestamp }, verdict: { refused: false, mandatory: false, turnoverBps: bps, findings: [] }, plan: { id }, disposition: 'queued' }) as unknown as DecisionRecord;
    const midnight = 86_400 * 20_416;
    const byDay = landedTurnoverByDay([day('p1', midnight - 60, 7_297), day('p2', midnight + 60, 7_297), day('p3', midnight + 90, 500)], new Set(['p1', 'p2']));
    expect([...byDay]).toEqual([
      [20_415, 7_297],
      [20_416, 7_297],
    ]);
  });
});

describe('turnover charged per plan kind', () => {
  it('charges a compounding plan nothing, even with a decision whose verdict has turnover, on a day whose budget is spent', async () => {
    const vault = 'devnet-compound';
    const jobs = new Map<string, ExecuteJob>();
    const turnover = createTurnoverLedger(redis, prefix);
    const ctx = {
      paused: { get: async () => undefined },
      settings: { dryRun: false },
      turnover,
      slots: createPlanSlots(redis, prefix, 60_000),
      holds: { record: () => true },
      audit: { append: async () => undefined },
    } as unknown as DaemonContext;
    const queues = { execute: { add: async (_name: string, data: ExecuteJob, opts: { jobId: string }) => void jobs.set(opts.jobId, data) } } as unknown as Pick<DaemonQueues, 'execute'>;
    // The day's budget is spent by a rebalance that landed earlier.
    await turnover.add(vault, T + 200 * 12, 10_000, `${vault}-190-landed`);

    // The tick at block 200 decided a 7297 bps rebalance: the gate refuses it.
    const planned = decided(200, 73n * WAD, 7_297);
    const rebalance = await submitPlan(ctx, queues, { vault, plan: planned.decision.plan, source: 'observe', planned, snapshotBlock: 200 });
    expect(rebalance.disposition).toBe('limit');
    expect(rebalance.note).toBe('TURNOVER: 10000 bps landed today + 7297 bps > risk.maxTurnoverPerDayBps 10000');

    // The compound job submits its claim-and-reinvest plan with that same decision attached.
    const compound = {
      ...planned.decision.plan,
      kind: 'compound',
      reason: 'compound: claim 1 reward token(s), reinvest into rswETH',
      actions: [{ kind: 'claim-rewards', tokens: ['0x00000000000000000000000000000000000000e1'], amounts: [5n * WAD], gas: 120_000, why: 'claim' }],
    } as unknown as Plan;
    expect(chargedTurnoverBps({ plan: compound, planned })).toBe(0);
    expect(chargedTurnoverBps({ plan: planned.decision.plan, planned })).toBe(7_297);
    const outcome = await submitPlan(ctx, queues, { vault, plan: compound, source: 'compound', planned, snapshotBlock: 200 });
    expect(outcome.disposition).toBe('queued');
    const job = executeJobSchema.parse(jobs.get(outcome.planId!));
    expect(job.source).toBe('compound');
    expect(job.turnoverBps).toBe(0);
    expect([...jobs.keys()]).toEqual([outcome.planId]);
    expect(await turnover.used(vault, T + 200 * 12)).toBe(10_000);
  });
});
