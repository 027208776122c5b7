/**
 * Queued exits read back from the receipts of an included bundle: the EigenLayer Withdrawal
 * struct exactly as emitted (completion needs every field), and the LRT queues' tickets.
 * Records are derived from the chain only, so writing them twice is harmless.
 */
import { Interface, type Log } from 'ethers';
import type { Action } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import { eigenWriteInterface, firstCompletableBlock, type EigenWithdrawal } from '../protocols/eigenlayer/encode.ts';
import { ETHERFI_WITHDRAW_NFT_ABI } from '../protocols/etherfi/encode.ts';
import { KELP_WITHDRAWAL_EVENTS_ABI } from '../protocols/kelp/encode.ts';
import { RENZO_WITHDRAW_QUEUE_EVENTS_ABI } from '../protocols/renzo/encode.ts';
import { SWELL_WITHDRAWAL_EVENTS_ABI } from '../protocols/swell/encode.ts';
import type { TrackedWithdrawal } from '../state/withdrawals.ts';
import type { ExecutionTargets } from './targets.ts';

const etherfi = new Interface(ETHERFI_WITHDRAW_NFT_ABI);
const renzo = new Interface(RENZO_WITHDRAW_QUEUE_EVENTS_ABI);
const kelp = new Interface(KELP_WITHDRAWAL_EVENTS_ABI);
const swell = new Interface(SWELL_WITHDRAWAL_EVENTS_ABI);

export interface QueuedContext {
  readonly vault: string;
  readonly holder: string;
  readonly specs: readonly PositionSpec[];
  readonly targets: ExecutionTargets;
  readonly actions: readonly Action[];
  readonly block: number;
  readonly timestamp: number;
  readonly minWithdrawalDelayBlocks: number;
}

/** Every queued exit of `holder` in `logs`, as a record to track. */
export function queuedFromLogs(logs: readonly Log[], ctx: QueuedContext): TrackedWithdrawal[] {
  const out: TrackedWithdrawal[] = [];
  const same = (a: string, b: string | undefined): boolean => b !== undefined && a.toLowerCase() === b.toLowerCase();
  const base = (id: string, positionId: string, expectedWei: bigint) => ({
    id,
    vault: ctx.vault,
    holder: ctx.holder,
    positionId,
    queuedBlock: ctx.block,
    queuedAt: ctx.timestamp,
    expectedWei,
    status: 'queued' as const,
  });
  const queuedAction = (symbol: string) => {
    const spec = ctx.specs.find((s) => s.symbol === symbol && s.eigen === undefined) ?? ctx.specs.find((s) => s.symbol === symbol);
    const action = ctx.actions.find((a) => a.kind === 'withdraw' && a.route === 'queued' && a.positionId === spec?.id);
    const delay = spec?.exits.queued?.delaySeconds ?? 0;
    return { positionId: spec?.id ?? symbol, expected: action?.kind === 'withdraw' ? action.fairValueWei : 0n, completableAt: ctx.timestamp + delay };
  };
  const lrts = ctx.targets.lrts;
  for (const log of logs) {
    if (same(log.address, ctx.targets.eigen?.delegationManager)) {
      const parsed = safeParse(eigenWriteInterface, log);
      if (parsed?.name !== 'SlashingWithdrawalQueued') continue;
      const w = parsed.args[1] as unknown as [string, string, string, bigint, bigint, string[], bigint[]];
      const withdrawal: EigenWithdrawal = { staker: w[0], delegatedTo: w[1], withdrawer: w[2], nonce: w[3], startBlock: Number(w[4]), strategies: [...w[5]], scaledShares: [...w[6]] };
      if (!same(withdrawal.withdrawer, ctx.holder)) continue;
      const specs = withdrawal.strategies.map((s) => ctx.specs.find((p) => p.eigen !== undefined && same(p.eigen.strategy, s)));
      const shares = parsed.args[2] as unknown as bigint[];
      out.push({
        ...base(String(parsed.args[0]), specs[0]?.id ?? withdrawal.strategies[0] ?? '', shares.reduce((a, b) => a + b, 0n)),
        kind: 'eigen',
        withdrawal,
        tokens: specs.map((s) => s?.token ?? ''),
        completableAtBlock: firstCompletableBlock(withdrawal.startBlock, ctx.minWithdrawalDelayBlocks),
      });
    } else if (lrts.weETH?.protocol === 'etherfi' && same(log.address, lrts.weETH.withdrawRequestNft)) {
      const parsed = safeParse(etherfi, log);
      if (parsed?.name !== 'WithdrawRequestCreated' || !same(String(parsed.args[3]), ctx.holder)) continue;
      const q = queuedAction('weETH');
      out.push({ ...base(`etherfi:${parsed.args[0]}`, q.positionId, q.expected), kind: 'etherfi', tokenId: BigInt(parsed.args[0] as bigint), completableAt: q.completableAt });
    } else if (lrts.ezETH?.protocol === 'renzo' && same(log.address, lrts.ezETH.withdrawQueue)) {
      const parsed = safeParse(renzo, log);
      if (parsed?.name !== 'WithdrawRequestCreated' || !same(String(parsed.args[1]), ctx.holder)) continue;
      const q = queuedAction('ezETH');
      out.push({ ...base(`renzo:${parsed.args[0]}`, q.positionId, BigInt(parsed.args[3] as bigint)), kind: 'renzo', requestId: BigInt(parsed.args[0] as bigint), completableAt: q.completableAt });
    } else if (lrts.rsETH?.protocol === 'kelp' && same(log.address, lrts.rsETH.withdrawalManager)) {
      const parsed = safeParse(kelp, log);
      if (parsed?.name !== 'AssetWithdrawalQueued' || !same(String(parsed.args[0]), ctx.holder)) continue;
      const q = queuedAction('rsETH');
      out.push({ ...base(`kelp:${parsed.args[3]}`, q.positionId, q.expected), kind: 'kelp', userNonce: BigInt(parsed.args[3] as bigint), completableAt: q.completableAt });
    } else if (lrts.rswETH?.protocol === 'swell' && same(log.address, lrts.rswETH.withdrawalNft)) {
      const parsed = safeParse(swell, log);
      if (parsed?.name !== 'WithdrawRequestCreated' || !same(String(parsed.args[5]), ctx.holder)) continue;
      const q = queuedAction('rswETH');
      out.push({ ...base(`swell:${parsed.args[0]}`, q.positionId, q.expected), kind: 'swell', tokenId: BigInt(parsed.args[0] as bigint), completableAt: q.completableAt });
    }
  }
  return out;
}

function safeParse(iface: Interface, log: Log): ReturnType<Interface['parseLog']> {
  try {
    return iface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return null;
  }
}
