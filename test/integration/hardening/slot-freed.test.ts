/**
 * Issue 13 item 1: a settled plan frees its vault's plan slot at once, even while the node
 * answers garbage. Before, the confirm job read the chain head and the receipts first and
 * settled the slot last: a malformed answer failed it and the slot stayed held until its
 * 15-minute expiry, every tick answering `busy`. Real Redis; the node is a stub that only
 * fails (what a proxy's error page does to every call).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { makeError } from 'ethers';
import { processConfirm } from '../../../src/queue/confirm-job.ts';
import type { DaemonContext } from '../../../src/queue/context.ts';
import { vaultStatePrefix } from '../../../src/queue/names.ts';
import { createPlanSlots } from '../../../src/queue/plan-slot.ts';
import { createTurnoverLedger } from '../../../src/queue/turnover.ts';
import { createIntentStore, type Intent } from '../../../src/state/intents.ts';
import { toJson } from '../../../src/state/json-bigint.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';

const prefix = `rk-test-slot-freed-${randomUUID()}`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const VAULT = 'devnet-main';

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const malformed = (): Promise<never> => Promise.reject(makeError('response body is not valid JSON', 'UNSUPPORTED_OPERATION', { operation: 'bodyJson' }));

describe('a plan settled failed while the node answers garbage', () => {
  it('frees the slot in the confirm job, before any RPC read', async () => {
    const slots = createPlanSlots(redis, prefix, 15 * 60_000);
    const intents = createIntentStore(redis, vaultStatePrefix(prefix, VAULT));
    const planId = `${VAULT}-120-aa`;
    const intent: Intent = {
      planId, vault: VAULT, chainId: 31337, from: '0x00000000000000000000000000000000000000a1', holder: '0x00000000000000000000000000000000000000b2', backend: 'vault',
      planBlock: 120, planHash: 'aa', planKind: 'rebalance', actions: [], status: 'planned',
      attempts: [{ targetBlock: 122, txHashes: ['0x01'], maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signedAt: 1, sentTo: [] }], createdAt: 1, updatedAt: 1,
    };
    await intents.create(intent);
    await intents.update(planId, (i) => ({ ...i, status: 'failed', reason: 'execute job failed' }));
    expect(await slots.claim(VAULT, planId, 120)).toEqual({ ok: true });

    const appended: unknown[] = [];
    const ctx = {
      config: { vaults: [{ name: VAULT }], queue: { prefix } },
      redis,
      slots,
      turnover: createTurnoverLedger(redis, prefix),
      provider: { getBlockNumber: malformed, getTransactionReceipt: malformed },
      audit: { append: async (r: unknown) => void appended.push(r) },
      events: createKeeperEventBus(),
      logger: createLogger({ level: 'silent' }),
    } as unknown as DaemonContext;
    const job = {
      id: planId, queueName: 'confirm',
      data: { vault: VAULT, planId, result: toJson({ planId, status: 'failed', calls: [], txCount: 0, targetBlocks: [122], bundleHashes: [] }), expectedYearlyGainWei: '1', totalCostWei: '1', gasCostWei: '1', turnoverBps: 0, timestamp: 1 },
    };

    expect(await processConfirm(ctx, job)).toBe('failed');
    expect(await slots.holder(VAULT)).toBeUndefined();
    // Later plans must observe at or after the last target block the plan could have landed in.
    expect(await slots.claim(VAULT, `${VAULT}-121-bb`, 121)).toEqual({ ok: false, why: 'stale', settledBlock: 122 });
    expect(await slots.claim(VAULT, `${VAULT}-122-cc`, 122)).toEqual({ ok: true });
    expect(appended).toEqual([expect.objectContaining({ kind: 'outcome', planId, status: 'failed', receipts: [] })]);
  });
});
