/**
 * Frees a vault's plan slot as soon as its plan is settled, without depending on the node.
 *
 * Why: the slot is what makes every later tick answer `busy`. Freeing it used to wait for the
 * confirm job to read the chain head and the receipts; one malformed RPC answer failed that
 * job and the slot stayed held for its 15-minute expiry with the intent long settled
 * (issue 13, item 1). The settlement block only has to be at or after everything the plan
 * could have changed: its inclusion block, else its last target block, else the block it was
 * planned at. The chain head is taken when it can be read, as a stricter bound.
 */
import type { JsonRpcProvider } from 'ethers';
import { TERMINAL_STATUSES, type Intent } from '../state/intents.ts';
import type { PlanSlots } from './plan-slot.ts';

/** The block later plans must observe at or after, from what the intent records. */
export function settlementBlock(intent: Intent | undefined, head: number | undefined): number {
  const recorded = intent === undefined ? 0 : Math.max(intent.planBlock, intent.inclusion?.block ?? 0, ...intent.attempts.map((a) => a.targetBlock));
  return Math.max(recorded, head ?? 0);
}

/** Whether nothing of this plan can still land: no intent (never signed) or a terminal one. */
export function planIsSettled(intent: Intent | undefined): boolean {
  return intent === undefined || TERMINAL_STATUSES.includes(intent.status);
}

/**
 * Settles the slot of a settled plan (no-op while the intent is open or another plan holds it).
 * @returns whether this call freed the slot.
 */
export async function settleSlotOfPlan(slots: PlanSlots, provider: Pick<JsonRpcProvider, 'getBlockNumber'>, vault: string, planId: string, intent: Intent | undefined): Promise<boolean> {
  if (!planIsSettled(intent)) return false;
  const head = await provider.getBlockNumber().catch(() => undefined);
  return slots.settle(vault, planId, settlementBlock(intent, head));
}
