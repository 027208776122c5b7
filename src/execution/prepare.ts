/**
 * Build and simulate a plan's bundle without sending anything: calls through the protocol
 * encoders, transactions through the backend, one simulation of the whole bundle with the
 * post-state probe after it, and the simulated balance changes held against the plan.
 */
import { Contract, Interface, type JsonRpcProvider, type Wallet } from 'ethers';
import { VAULT_KEEPER_ABI } from '../protocols/vault/abi.ts';
import type { Action, Plan } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { RewardsSource } from '../observe/rewards-source.ts';
import type { WithdrawalStore, TrackedWithdrawal } from '../state/withdrawals.ts';
import { RENZO_WITHDRAW_QUEUE_EVENTS_ABI } from '../protocols/renzo/encode.ts';
import { RENZO_WITHDRAW_QUEUE_ABI } from '../protocols/renzo/abi.ts';
import type { Backend } from './backend.ts';
import { buildCalls } from './build-calls.ts';
import type { Call, UnsignedTx } from './call.ts';
import { claimFor } from './claims.ts';
import { checkDeltas, expectedDeltas, type DeltaCheck, type TokenExpectation } from './expectations.ts';
import { balanceRead, decodeProbe, diff, encodeProbe, type ProbeRead } from './probe.ts';
import type { BundleRelay } from './relay-client.ts';
import { simulateBundle, type SimulationOutcome } from './simulate.ts';
import { explainVaultRevert } from './vault-revert.ts';
import type { ExecutionTargets } from './targets.ts';

export interface PrepareDeps {
  readonly provider: JsonRpcProvider;
  readonly signer: Wallet;
  readonly relays: readonly BundleRelay[];
  readonly backend: Backend;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  readonly withdrawals: WithdrawalStore;
  readonly rewards?: RewardsSource;
}

export interface Prepared {
  readonly calls: readonly Call[];
  readonly txs: readonly UnsignedTx[];
  readonly expectations: readonly TokenExpectation[];
  readonly probeReads: readonly ProbeRead[];
  /** Probe values at the state the simulation started from. */
  readonly before: ReadonlyMap<string, bigint>;
  readonly simulation: SimulationOutcome;
  readonly checks: readonly DeltaCheck[];
  /** Why the bundle must not be sent; empty when it may. */
  readonly problems: readonly string[];
}

export interface PrepareInput {
  readonly plan: Plan;
  readonly nonce: number;
  readonly fees: { readonly maxFeePerGas: bigint; readonly maxPriorityFeePerGas: bigint };
  readonly head: { readonly number: number; readonly timestamp: number };
  readonly toleranceBps: number;
}

/** @example const p = await prepareBundle(deps, { plan, nonce, fees, head, toleranceBps: 10 }); if (p.problems.length) refuse(); */
export async function prepareBundle(deps: PrepareDeps, input: PrepareInput): Promise<Prepared> {
  const { plan } = input;
  const holder = deps.backend.holder;
  const calls = await buildPlanCalls(deps, plan, BigInt(input.head.timestamp + 1_800));
  const valuationGas = deps.backend.kind === 'vault' ? await measureValuationGas(deps.provider, holder, input.head.number) : undefined;
  const txs = deps.backend.transactions(calls, plan.actions, valuationGas === undefined ? {} : { valuationGas });
  const expectations = expectedDeltas(plan.actions, calls, deps.specs, deps.targets.weth);
  const tokens = new Set([deps.targets.weth.toLowerCase(), ...expectations.map((e) => e.token)]);
  const probeReads = [...tokens].map((t) => balanceRead(t, holder));
  if (deps.backend.kind === 'vault') probeReads.push(totalAssetsRead(holder));
  const probe = { to: deps.targets.multicall3, data: encodeProbe(probeReads) };
  const before = decodeProbe(probeReads, await deps.provider.call({ to: probe.to, data: probe.data, blockTag: input.head.number }));

  const signed = await signAll(deps.signer, txs, input.nonce, input.fees, (t) => BigInt(t.gasBudget), deps.targets.chainId);
  const probeSigned = await deps.signer.signTransaction({ type: 2, chainId: deps.targets.chainId, nonce: input.nonce + txs.length, to: probe.to, data: probe.data, value: 0n, gasLimit: 5_000_000n, ...input.fees });
  const simulation = await simulateBundle({ relays: deps.relays, provider: deps.provider, from: deps.signer.address, txs, signedWithProbe: [...signed, probeSigned], probe, target: input.head.number + 1 });

  const explain = (error: string): string => (deps.backend.kind === 'vault' ? explainVaultRevert(error, calls) : error);
  const problems: string[] = simulation.txs.flatMap((t) => (t.error !== undefined ? [`simulation: "${t.label}" failed: ${explain(t.error)}`] : []));
  let checks: DeltaCheck[] = [];
  if (problems.length === 0) {
    if (simulation.probeError !== undefined) problems.push(`simulation: post-state probe failed: ${simulation.probeError}`);
    else {
      const deltas = diff(before, decodeProbe(probeReads, simulation.probeReturn));
      checks = checkDeltas(expectations, deltas, input.toleranceBps);
      for (const c of checks) if (!c.ok) problems.push(`simulation: ${c.label} (${c.token}) changed by ${c.actual}, ${c.why}`);
      const assetsDelta = deltas.get(TOTAL_ASSETS_KEY);
      if (assetsDelta !== undefined) {
        // The vault's own valuation may fall by the plan's slippage and fees, plus the tolerance; never more.
        const allowed = plan.totals.slippageWei + plan.totals.feesWei + ((before.get(TOTAL_ASSETS_KEY) ?? 0n) * BigInt(input.toleranceBps)) / 10_000n;
        if (-assetsDelta > allowed) problems.push(`simulation: vault total assets fall by ${-assetsDelta} wei, the plan allows ${allowed}`);
      }
    }
  }
  return { calls, txs, expectations, probeReads, before, simulation, checks, problems };
}

/**
 * The plan's calls for the backend's holder, with the records they need read first (tracked
 * withdrawals, the rewards claim, Renzo claim indices). `deadline` bounds the swaps (unix s).
 */
export async function buildPlanCalls(deps: Omit<PrepareDeps, 'signer' | 'relays'>, plan: Plan, deadline: bigint): Promise<Call[]> {
  const holder = deps.backend.holder;
  const withdrawals = await trackedFor(deps.withdrawals, plan.actions);
  const claimAction = plan.actions.find((a) => a.kind === 'claim-rewards');
  const claim =
    claimAction?.kind === 'claim-rewards' && deps.targets.eigen && deps.rewards
      ? await claimFor(deps.provider, deps.targets.eigen.rewardsCoordinator, deps.rewards, holder, claimAction.tokens)
      : undefined;
  const renzoIndices = await renzoIndicesFor(deps, [...withdrawals.values()]);
  return buildCalls(plan.actions, { holder, targets: deps.targets, specs: deps.specs, withdrawals, ...(claim ? { claim } : {}), renzoIndices, deadline });
}

const TOTAL_ASSETS_KEY = 'totalassets';

/**
 * What one `totalAssets()` of the vault costs now (eth_estimateGas, intrinsic gas included,
 * so it errs high). Undefined when the node will not say: the budget then falls back to the
 * planner's figures and a failed simulation refuses the plan, as before.
 */
async function measureValuationGas(provider: PrepareDeps['provider'], vault: string, block: number): Promise<number | undefined> {
  try {
    return Number(await provider.estimateGas({ to: vault, data: vaultViews.encodeFunctionData('totalAssets', []), blockTag: block }));
  } catch {
    return undefined;
  }
}
const vaultViews = new Interface(VAULT_KEEPER_ABI);

function totalAssetsRead(vault: string): ProbeRead {
  return { key: TOTAL_ASSETS_KEY, call: { target: vault, iface: vaultViews, fn: 'totalAssets', args: [], label: 'vault.totalAssets' } };
}

/** Signs `txs` with consecutive nonces from `nonce`. */
export async function signAll(
  signer: Wallet,
  txs: readonly UnsignedTx[],
  nonce: number,
  fees: { readonly maxFeePerGas: bigint; readonly maxPriorityFeePerGas: bigint },
  gasLimit: (tx: UnsignedTx, i: number) => bigint,
  chainId: number,
): Promise<string[]> {
  const out: string[] = [];
  for (const [i, tx] of txs.entries()) {
    out.push(await signer.signTransaction({ type: 2, chainId, nonce: nonce + i, to: tx.to, data: tx.data, value: tx.value, gasLimit: gasLimit(tx, i), ...fees }));
  }
  return out;
}

async function trackedFor(store: WithdrawalStore, actions: readonly Action[]): Promise<Map<string, TrackedWithdrawal>> {
  const out = new Map<string, TrackedWithdrawal>();
  for (const a of actions) {
    if (a.kind !== 'complete-withdrawal') continue;
    const record = await store.get(a.withdrawalId);
    if (record !== undefined) out.set(a.withdrawalId, record);
  }
  return out;
}

/** Renzo's claim index of each tracked request, read now (indices shift on every claim). */
async function renzoIndicesFor(deps: Omit<PrepareDeps, 'signer' | 'relays'>, records: readonly TrackedWithdrawal[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  const renzo = deps.targets.lrts.ezETH;
  if (renzo?.protocol !== 'renzo' || !records.some((r) => r.kind === 'renzo')) return out;
  const queue = new Contract(renzo.withdrawQueue, [...RENZO_WITHDRAW_QUEUE_ABI, ...RENZO_WITHDRAW_QUEUE_EVENTS_ABI], deps.provider);
  const count = Number((await queue.getFunction('getOutstandingWithdrawRequests')(deps.backend.holder)) as bigint);
  for (let i = 0; i < count; i++) {
    const row = (await queue.getFunction('withdrawRequests')(deps.backend.holder, i)) as [string, bigint];
    out.set(row[1].toString(), BigInt(i));
  }
  return out;
}
