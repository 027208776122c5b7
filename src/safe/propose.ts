/**
 * Plan → Safe proposal (`backend: safe-propose`): the plan's calls become one Safe transaction
 * that DELEGATECALLs MultiSendCallOnly, at the Safe's current nonce. It is simulated on the real
 * Safe (simulate-safe-tx.ts) and held against the plan like any bundle; only a proposal whose
 * simulation matches the plan is stored. A newer plan for the same vault takes the same nonce
 * and supersedes the pending one, so at most one of them can ever execute on chain.
 */
import { Contract, getAddress, type JsonRpcProvider } from 'ethers';
import type { Plan } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import { weiToNumber } from '../domain/units.ts';
import type { RewardsSource } from '../observe/rewards-source.ts';
import type { WithdrawalStore } from '../state/withdrawals.ts';
import { checkDeltas, expectedDeltas, NATIVE_KEY, type DeltaCheck } from '../execution/expectations.ts';
import { planHash, planId } from '../execution/plan-id.ts';
import { buildPlanCalls } from '../execution/prepare.ts';
import { balanceRead, decodeProbe, diff, encodeProbe, nativeRead } from '../execution/probe.ts';
import type { ExecutionTargets } from '../execution/targets.ts';
import { SAFE_ABI } from './abi.ts';
import { encodeMultiSend } from './multisend.ts';
import type { ProposalOutcome, SafeProposal } from './proposal.ts';
import type { ProposalStore } from './proposal-store.ts';
import { OPERATION, safeTxHash, safeTxOf, safeTxTypedData } from './safe-tx.ts';
import { simulateSafeTx } from './simulate-safe-tx.ts';

export interface ProposeDeps {
  readonly provider: JsonRpcProvider;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  readonly withdrawals: WithdrawalStore;
  readonly rewards?: RewardsSource;
  readonly store: ProposalStore;
  /** Config vault name (the plan id's first part). */
  readonly vault: string;
  readonly safe: string;
  readonly multiSendCallOnly: string;
  /** The keeper account: proposes, and sends execTransaction once signed. */
  readonly proposer: string;
  readonly ttlSeconds: number;
  readonly simulationToleranceBps: number;
  /** Slashing events in the snapshot the plan came from. */
  readonly slashingSeenAtPlan?: number;
}

export type ProposeResult =
  | { readonly status: 'hold'; readonly reason: string }
  | { readonly status: 'refused'; readonly reason: string; readonly checks?: readonly DeltaCheck[] }
  | { readonly status: 'duplicate'; readonly proposal: SafeProposal }
  | { readonly status: 'proposed'; readonly proposal: SafeProposal; readonly superseded: readonly string[] };

/** @example const r = await proposePlan(deps, plan); if (r.status === 'proposed') print(r.proposal.id); */
export async function proposePlan(deps: ProposeDeps, plan: Plan): Promise<ProposeResult> {
  if (plan.actions.length === 0) return { status: 'hold', reason: plan.reason };
  const head = await deps.provider.getBlock('latest');
  if (head === null) return { status: 'refused', reason: 'latest block unavailable' };
  const safe = new Contract(deps.safe, SAFE_ABI, deps.provider);
  const [nonce, threshold, owners] = (await Promise.all([
    safe.getFunction('nonce')({ blockTag: head.number }),
    safe.getFunction('getThreshold')({ blockTag: head.number }),
    safe.getFunction('getOwners')({ blockTag: head.number }),
  ])) as [bigint, bigint, string[]];

  const expiresAt = head.timestamp + deps.ttlSeconds;
  const backend = { kind: 'safe' as const, holder: deps.safe, transactions: () => [] };
  const { calls } = await buildPlanCalls({ provider: deps.provider, backend, targets: deps.targets, specs: deps.specs, withdrawals: deps.withdrawals, ...(deps.rewards ? { rewards: deps.rewards } : {}) }, plan, BigInt(expiresAt));
  const safeTx = safeTxOf({ to: deps.multiSendCallOnly, value: 0n, data: encodeMultiSend(calls), operation: OPERATION.delegateCall }, nonce);
  const domain = { chainId: deps.targets.chainId, verifyingContract: deps.safe };
  const hash = safeTxHash(domain, safeTx);

  const expectations = expectedDeltas(plan.actions, calls, deps.specs, deps.targets.weth);
  // Native ETH and every token the plan touches (WETH always), as in prepare.ts.
  const tokens = new Set([deps.targets.weth.toLowerCase(), ...expectations.map((e) => e.token).filter((t) => t !== NATIVE_KEY)]);
  const reads = [nativeRead(deps.targets.multicall3, deps.safe), ...[...tokens].map((t) => balanceRead(t, deps.safe))];
  const probe = { to: deps.targets.multicall3, data: encodeProbe(reads) };
  const before = decodeProbe(reads, await deps.provider.call({ ...probe, blockTag: head.number }));
  const gasLimit = plan.actions.reduce((s, a) => s + a.gas, 0) * 2 + 150_000;
  const sim = await simulateSafeTx({ provider: deps.provider, safe: deps.safe, safeTx, safeTxHash: hash, approvers: owners.slice(0, Number(threshold)), executor: deps.proposer, probe, gasLimit });
  if (!sim.ok) return { status: 'refused', reason: `simulation: the Safe transaction failed: ${sim.error ?? 'unknown'}` };
  if (sim.probeError !== undefined) return { status: 'refused', reason: `simulation: post-state probe failed: ${sim.probeError}` };
  const deltas = diff(before, decodeProbe(reads, sim.probeReturn));
  const checks = checkDeltas(expectations, deltas, deps.simulationToleranceBps);
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) return { status: 'refused', reason: bad.map((c) => `simulation: ${c.label} (${c.token}) changed by ${c.actual}, ${c.why}`).join('; '), checks };

  const proposal: SafeProposal = {
    id: hash, vault: deps.vault, chainId: deps.targets.chainId, safe: getAddress(deps.safe), multiSendCallOnly: getAddress(deps.multiSendCallOnly),
    planId: planId(deps.vault, plan.inputs.block, planHash(plan.actions)), plan, specs: deps.specs, slashingSeenAtPlan: deps.slashingSeenAtPlan ?? 0, safeTx,
    calls: calls.map((c) => ({ to: c.to, value: c.value, data: c.data, label: c.label })),
    typedData: safeTxTypedData(domain, safeTx),
    simulation: { via: 'eth_simulateV1 (owners approve the hash, the keeper executes)', gasUsed: sim.gasUsed, block: head.number },
    outcomes: checks.map((c) => outcomeOf(c)),
    proposer: getAddress(deps.proposer), owners: owners.map((o) => getAddress(o)), threshold: Number(threshold), signatures: [],
    createdAt: head.timestamp, expiresAt, status: 'pending',
  };
  if (!(await deps.store.create(proposal))) {
    const existing = await deps.store.get(hash);
    return existing ? { status: 'duplicate', proposal: existing } : { status: 'refused', reason: 'proposal store refused the proposal' };
  }
  const superseded: string[] = [];
  for (const old of await deps.store.list({ vault: deps.vault, pendingOnly: true })) {
    if (old.id === proposal.id || old.safe.toLowerCase() !== proposal.safe.toLowerCase()) continue;
    await deps.store.update(old.id, (p) => ({ ...p, status: 'superseded', reason: `replaced by the newer plan ${proposal.id}` }));
    superseded.push(old.id);
  }
  return { status: 'proposed', proposal, superseded };
}

function outcomeOf(c: DeltaCheck): ProposalOutcome {
  const fmt = (wei: bigint): string => `${wei >= 0n ? '+' : ''}${weiToNumber(wei).toFixed(4)}`;
  return { token: c.token, label: c.label, expectedWei: c.expected, floorWei: c.floor, simulatedWei: c.actual, text: `${c.label} ${fmt(c.expected)} (at worst ${fmt(c.floor)}, simulated ${fmt(c.actual)})` };
}
