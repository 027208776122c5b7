/**
 * The queue dashboard as bull-board serves it, over a real Redis: jobs of the keeper's own
 * payloads (an execute job with a toJson plan, a confirm job with a toJson result, an observe
 * tick) come out of the board's API with readable names and data in ETH and %, with no
 * `$big` JSON and no raw wei; a payload the summary cannot read is shown as it is. Long
 * jobs report their stage as BullMQ progress text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mountDashboard } from '../../../src/telemetry/dashboard.ts';
import { toJson } from '../../../src/state/json-bigint.ts';
import type { ConfirmJob, ExecuteJob } from '../../../src/queue/payloads.ts';
import { jobProgress } from '../../../src/queue/job-summary.ts';
import { processExecute } from '../../../src/queue/execute-job.ts';
import type { DaemonContext } from '../../../src/queue/context.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';

const WAD = 10n ** 18n;
const TOKEN = 'job-summary-token-0123456789abcdef';
const prefix = `rk-test-job-summary-${randomUUID()}`;
const connection = { host: '127.0.0.1', port: 6379 };
let queues: Queue[];
let server: Server;
let base: string;

const plan = {
  kind: 'rebalance',
  reason: 'move 12.5000 ETH for 0.1600 ETH/year at a cost of 0.0102 ETH',
  actions: [
    { kind: 'withdraw', positionId: 'ezETH', route: 'dex', amountLrt: 6n * WAD, fairValueWei: 625n * 10n ** 16n, expectedOutWei: 624n * 10n ** 16n, minOutWei: 620n * 10n ** 16n, costWei: 10n ** 16n, slippageBps: 16, delaySeconds: 0 },
    { kind: 'deposit-lrt', positionId: 'weETH', amountWei: 624n * 10n ** 16n, expectedLrt: 6n * WAD, minLrt: 59n * 10n ** 17n },
  ],
  totals: { gasUnits: 510_000, gasCostWei: 10_210_000_000_000_000n, slippageWei: 10n ** 16n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 20_210_000_000_000_000n, movedWei: 125n * 10n ** 17n },
  expectedYearlyGainWei: 16n * 10n ** 16n,
  breakEvenDays: 46.1,
  resultingWeights: { weETH: 6000 },
  inputs: { block: 1234, timestamp: 1_700_000_000 },
};

beforeAll(async () => {
  queues = ['observe', 'execute', 'confirm'].map((name) => new Queue(name, { connection, prefix: `${prefix}:q` }));
  const [observe, execute, confirm] = queues as [Queue, Queue, Queue];
  await observe.add('observe', { vault: 'devnet-main', block: 1234 }, { jobId: 'devnet-main-1234' });
  const exec: ExecuteJob = { vault: 'devnet-main', planId: 'devnet-main-1234-ab12', block: 1234, source: 'observe', plan: toJson(plan), slashingSeen: 0, turnoverBps: 1250, timestamp: 1_700_000_000 };
  await execute.add('execute', exec, { jobId: 'devnet-main-1234-ab12' });
  await execute.add('execute', { vault: 'devnet-main', plan: 'not json' }, { jobId: 'broken' });
  const result = { planId: 'devnet-main-1234-ab12', status: 'included', calls: ['ezETH.approve(router, 6.0000)'], txCount: 1, targetBlocks: [1235, 1236], bundleHashes: ['0x01'], inclusionBlock: 1236, gasUsed: 510_000n };
  const conf: ConfirmJob = { vault: 'devnet-main', planId: 'devnet-main-1234-ab12', result: toJson(result), expectedYearlyGainWei: (16n * 10n ** 16n).toString(), totalCostWei: '20210000000000000', gasCostWei: '10210000000000000', turnoverBps: 1250, timestamp: 1_700_000_000 };
  await confirm.add('confirm', conf, { jobId: 'devnet-main-1234-ab12' });
  const app = express();
  mountDashboard(app, TOKEN, queues);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
  const redis = new Redis(connection);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

interface BoardJob {
  id: string;
  name: string;
  data: unknown;
}

async function jobsOf(queue: string): Promise<BoardJob[]> {
  const res = await fetch(`${base}/api/queues?activeQueue=${queue}&status=waiting&page=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { queues: { name: string; jobs: BoardJob[] }[] };
  return body.queues.find((q) => q.name === queue)?.jobs ?? [];
}

describe('the queue dashboard', () => {
  it('names an execute job by what it does and shows its plan in ETH and %', async () => {
    const jobs = await jobsOf('execute');
    const job = jobs.find((j) => j.id === 'devnet-main-1234-ab12');
    expect(job?.name).toBe('execute rebalance of devnet-main decided at block 1234');
    expect(job?.data).toEqual({
      vault: 'devnet-main',
      plan: 'devnet-main-1234-ab12',
      kind: 'rebalance',
      decidedAtBlock: 1234,
      source: 'observe',
      reason: 'move 12.5000 ETH for 0.1600 ETH/year at a cost of 0.0102 ETH',
      actions: [
        'sell 6.0000 ezETH via dex: fair 6.2500 ETH, expected 6.2400 ETH, min out 6.2000 ETH, cost 0.010000 ETH (16.0 bps)',
        'deposit 6.2400 ETH into weETH: expect 6.0000 LRT, min 5.9000 LRT',
      ],
      expectedGain: '0.1600 ETH/year',
      cost: '0.0202 ETH',
      gas: '0.0102 ETH',
      moved: '12.5000 ETH',
      breakEven: '46.1 days',
      turnover: '12.50% of the book',
    });
    expect(JSON.stringify(job?.data)).not.toContain('$big');
    // A payload it cannot read is shown as it is, under its BullMQ name.
    const broken = jobs.find((j) => j.id === 'broken');
    expect(broken?.name).toBe('execute');
    expect(broken?.data).toEqual({ vault: 'devnet-main', plan: 'not json' });
  });

  it('shows a confirm job\'s result and expectations in plain units, and an observe tick by vault and block', async () => {
    const [confirm] = await jobsOf('confirm');
    expect(confirm?.name).toBe('confirm plan devnet-main-1234-ab12 of devnet-main (included)');
    expect(confirm?.data).toEqual({
      vault: 'devnet-main',
      plan: 'devnet-main-1234-ab12',
      status: 'included',
      inclusionBlock: 1236,
      targetBlocks: '1235–1236 (2)',
      calls: ['ezETH.approve(router, 6.0000)'],
      expectedGain: '0.1600 ETH/year',
      expectedCost: '0.0202 ETH',
      plannedGas: '0.0102 ETH',
      turnover: '12.50% of the book',
    });
    expect(JSON.stringify(confirm?.data)).not.toMatch(/\$big|\d{13,}/);
    const [tick] = await jobsOf('observe');
    expect(tick?.name).toBe('observe devnet-main at block 1234');
    expect(tick?.data).toEqual({ vault: 'devnet-main', block: 1234 });
  });

  it('shows the progress text a long job reports, and a failing report does not fail the job', async () => {
    const execute = queues[1] as Queue;
    const job = await execute.getJob('devnet-main-1234-ab12');
    // The execute job's cheapest real path: its plan no longer holds the vault's slot.
    const ctx = { config: { vaults: [{ name: 'devnet-main' }] }, logger: createLogger({ level: 'silent' }), slots: { holder: async () => 'devnet-main-1240-cd34' } } as unknown as DaemonContext;
    expect(await processExecute(ctx, {} as never, job!)).toBe('dropped');
    expect((await execute.getJob('devnet-main-1234-ab12'))?.progress).toBe("dropped: the vault's plan slot is held by devnet-main-1240-cd34");
    const res = await fetch(`${base}/api/queues?activeQueue=execute&status=waiting&page=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as { queues: { name: string; jobs: { id: string; progress: unknown }[] }[] };
    expect(body.queues.find((q) => q.name === 'execute')?.jobs.find((j) => j.id === 'devnet-main-1234-ab12')?.progress).toBe("dropped: the vault's plan slot is held by devnet-main-1240-cd34");
    await expect(jobProgress({ updateProgress: async () => Promise.reject(new Error('redis down')) }, 'x')).resolves.toBeUndefined();
  });
});
