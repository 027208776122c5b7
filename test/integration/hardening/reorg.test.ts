/**
 * Issue 13 item 3: an included plan is final only after chain.confirmations blocks; its
 * receipts are re-checked until then, and a plan whose block a reorg took away is recorded
 * `reorged`, counts no turnover, and frees the vault's slot at the new head so the next tick
 * re-decides from fresh state. The reorg is real: Anvil reverts to a snapshot taken before the
 * bundle's block and mines empty blocks in its place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'ethers';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { processConfirm } from '../../../src/queue/confirm-job.ts';
import type { DaemonContext } from '../../../src/queue/context.ts';
import { vaultStatePrefix } from '../../../src/queue/names.ts';
import { createPlanSlots, type PlanSlots } from '../../../src/queue/plan-slot.ts';
import { createTurnoverLedger, type TurnoverLedger } from '../../../src/queue/turnover.ts';
import type { AuditRecord } from '../../../src/state/audit.ts';
import { createIntentStore, type IntentStore } from '../../../src/state/intents.ts';
import { toJson } from '../../../src/state/json-bigint.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { RetryableError } from '../../../src/domain/errors.ts';
import { startExecHarness, planOf, type ExecHarness } from '../execution/harness.ts';
import { dexSell } from '../execution/actions.ts';

const VAULT = 'test-eoa';
const CONFIRMATIONS = 3;
let h: ExecHarness;
let root: string;
let intents: IntentStore;
let slots: PlanSlots;
let turnover: TurnoverLedger;
const records: AuditRecord[] = [];

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
  root = `${h.prefix}reorg`;
  intents = createIntentStore(h.redis, vaultStatePrefix(root, VAULT));
  slots = createPlanSlots(h.redis, root, 60_000);
  turnover = createTurnoverLedger(h.redis, root);
});

afterAll(async () => {
  await h?.stop();
});

function context(): DaemonContext {
  return {
    config: { vaults: [{ name: VAULT }], queue: { prefix: root }, chain: { confirmations: CONFIRMATIONS } },
    redis: h.redis,
    slots,
    turnover,
    provider: h.provider,
    audit: { append: async (r: AuditRecord) => void records.push(r) },
    events: createKeeperEventBus(),
    logger: createLogger({ level: 'silent' }),
  } as unknown as DaemonContext;
}

/** Executes a 1 ezETH sale through the relay; returns its plan id and inclusion block. */
async function landPlan(): Promise<{ planId: string; block: number; timestamp: number }> {
  const plan = planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber());
  const result = await h.mining((await h.executor({ intents })).execute(plan));
  expect(result.status).toBe('included');
  expect(await slots.claim(VAULT, result.planId, plan.inputs.block)).toEqual({ ok: true });
  return { planId: result.planId, block: result.inclusionBlock ?? 0, timestamp: (await h.provider.getBlock('latest'))?.timestamp ?? 0 };
}

const confirmJob = (planId: string, timestamp: number) => ({
  id: planId,
  queueName: 'confirm',
  data: { vault: VAULT, planId, result: toJson({ planId, status: 'included', calls: [], txCount: 1, targetBlocks: [], bundleHashes: [] }), expectedYearlyGainWei: '1', totalCostWei: '1', gasCostWei: '1', turnoverBps: 700, timestamp },
});

describe('confirmation depth and reorgs', () => {
  it('a plan reorged out before its confirmations is recorded reorged, counts no turnover and frees the slot at the new head', async () => {
    const snapshot = await rawRpc(h.world.deployment.anvilUrl, 'evm_snapshot', []);
    const { planId, block, timestamp } = await landPlan();
    const ctx = context();
    // Not final yet: the confirm job is retried, the slot stays held, nothing is counted.
    await expect(processConfirm(ctx, confirmJob(planId, timestamp))).rejects.toBeInstanceOf(RetryableError);
    expect(await slots.holder(VAULT)).toBe(planId);

    // The reorg: the chain goes back before the bundle's block and grows empty blocks past it.
    await rawRpc(h.world.deployment.anvilUrl, 'evm_revert', [snapshot]);
    await rawRpc(h.world.deployment.anvilUrl, 'anvil_dropAllTransactions', []);
    await rawRpc(h.world.deployment.anvilUrl, 'anvil_mine', [`0x${(CONFIRMATIONS + 2).toString(16)}`]);
    const head = await h.provider.getBlockNumber();
    expect(head).toBeGreaterThanOrEqual(block + CONFIRMATIONS);
    expect(await h.provider.getTransactionReceipt((await intents.get(planId))!.inclusion!.txHashes[0]!)).toBeNull();

    expect(await processConfirm(ctx, confirmJob(planId, timestamp))).toBe('reorged');
    expect(await intents.get(planId)).toMatchObject({ status: 'reorged', reason: expect.stringMatching(/no longer on chain/) });
    expect(records.at(-1)).toMatchObject({ kind: 'outcome', planId, status: 'reorged', receipts: [] });
    expect(await turnover.used(VAULT, timestamp)).toBe(0);
    // Re-decided from fresh state: only an observation at or after the new head may claim.
    expect(await slots.holder(VAULT)).toBeUndefined();
    expect(await slots.claim(VAULT, `${VAULT}-${head - 1}-aa`, head - 1)).toMatchObject({ ok: false, why: 'stale' });
    expect(await slots.claim(VAULT, `${VAULT}-${head}-bb`, head)).toEqual({ ok: true });
    await slots.settle(VAULT, `${VAULT}-${head}-bb`, head);
  });

  it('a plan that keeps its block is final after the confirmations, and only then counted', async () => {
    const { planId, timestamp } = await landPlan();
    const ctx = context();
    await expect(processConfirm(ctx, confirmJob(planId, timestamp))).rejects.toThrow(/waiting for confirmations/);
    expect(await turnover.used(VAULT, timestamp)).toBe(0);
    await h.world.mine(CONFIRMATIONS);
    expect(await processConfirm(ctx, confirmJob(planId, timestamp))).toBe('included');
    expect(await turnover.used(VAULT, timestamp)).toBe(700);
    expect(await slots.holder(VAULT)).toBeUndefined();
  });
});
