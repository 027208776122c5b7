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
import { bookProbe } from './book-expectations.ts';
import type { Call, UnsignedTx } from './call.ts';
import { claimFor } from './claims.ts';
import { assertStreamClaimsCurrent } from './stream-recheck.ts';
import { checkDeltas, expectedDeltas, NATIVE_KEY, type DeltaCheck, type TokenExpectation } from './expectations.ts';
import { balanceRead, decodeProbe, diff, encodeProbe, nativeRead, probeGasLimit, type ProbeRead } from './probe.ts';
import { bookNative, type NativeBook } from '../reconcile/native-book.ts';
import type { BundleRelay } from './relay-client.ts';
import { simulateBundle, type SimulationOutcome } from './simulate.ts';
import { explainVaultRevert } from './vault-revert.ts';
import type { ExecutionTargets } from './targets.ts';
import { ethText } from '../domain/units.ts';

export interface PrepareDeps {
  readonly provider: JsonRpcProvider;
  readonly signer: Wallet;
  readonly relays: readonly BundleRelay[];
  readonly backend: Backend;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  readonly withdrawals: WithdrawalStore;
  readonly rewards?: RewardsSource;
  /** The eoa backend's native ETH ledger (the book's share of the keeper's ETH), swept into each bundle. */
  readonly nativeBook?: NativeBook;
  readonly settings: { readonly vault: string };
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
  const nativeWei = await bookNativeAt(deps, input.head.number);
  const { calls, withdrawals } = await buildPlanCalls(deps, plan, BigInt(input.head.timestamp + 1_800), nativeWei);
  // The guard contract (vault, or the Safe's module) values the holder before and after the calls.
  const guard = deps.backend.guard;
  const valuationGas = guard !== undefined ? await measureValuationGas(deps.provider, guard, input.head.number) : undefined;
  const txs = deps.backend.transactions(calls, plan.actions, valuationGas === undefined ? {} : { valuationGas });
  const completions = new Map([...withdrawals].map(([id, r]) => [id, r.kind]));
  const balances = expectedDeltas(plan.actions, calls, deps.specs, deps.targets.weth, { completions });
  // Requests in flight and EigenLayer shares the plan moves: part of the book too.
  const book = bookProbe(plan.actions, deps.specs, deps.targets, holder, completions);
  const expectations = [...balances, ...book.expectations];
  // Native ETH and every token the plan touches (WETH always): nothing a plan moves goes unseen.
  const tokens = new Set([deps.targets.weth.toLowerCase(), ...balances.map((e) => e.token).filter((t) => t !== NATIVE_KEY)]);
  const probeReads = [nativeRead(deps.targets.multicall3, holder), ...[...tokens].map((t) => balanceRead(t, holder)), ...book.reads];
  if (guard !== undefined) probeReads.push(totalAssetsRead(guard));
  const probe = { to: deps.targets.multicall3, data: encodeProbe(probeReads) };
  const before = decodeProbe(probeReads, await deps.provider.call({ to: probe.to, data: probe.data, blockTag: input.head.number }));

  const signed = await signAll(deps.signer, txs, input.nonce, input.fees, (t) => BigInt(t.gasBudget), deps.targets.chainId);
  const probeSigned = await deps.signer.signTransaction({ type: 2, chainId: deps.targets.chainId, nonce: input.nonce + txs.length, to: probe.to, data: probe.data, value: 0n, gasLimit: probeGasLimit(deps.backend.kind), ...input.fees });
  const simulation = await simulateBundle({ relays: deps.relays, provider: deps.provider, from: deps.signer.address, txs, signedWithProbe: [...signed, probeSigned], probe, target: input.head.number + 1 });

  const explain = (error: string): string => (guard !== undefined ? explainVaultRevert(error, calls) : error);
  const problems: string[] = simulation.txs.flatMap((t) => (t.error !== undefined ? [`simulation: "${t.label}" failed: ${explain(t.error)}`] : []));
  let checks: DeltaCheck[] = [];
  if (problems.length === 0) {
    if (simulation.probeError !== undefined) problems.push(`simulation: post-state probe failed: ${simulation.probeError}`);
    else {
      const deltas = diff(before, decodeProbe(probeReads, simulation.probeReturn));
      // eoa: the holder pays the bundle's gas and the probe's gas limit upfront out of the same ETH.
      const simulatedGas = simulation.txs.reduce((g, t) => g + BigInt(t.gasUsed), 0n) + probeGasLimit(deps.backend.kind);
      const nativeGasWei = deps.backend.kind === 'eoa' ? simulatedGas * input.fees.maxFeePerGas : 0n;
      checks = checkDeltas(expectations, deltas, input.toleranceBps, undefined, { nativeGasWei });
      for (const c of checks) if (!c.ok) problems.push(`simulation: ${c.label} (${c.token}) changed by ${c.actual}, ${c.why}`);
      const assetsDelta = deltas.get(TOTAL_ASSETS_KEY);
      if (assetsDelta !== undefined) {
        const allowed = totalAssetsAllowance(plan, input.toleranceBps);
        if (-assetsDelta > allowed) problems.push(`simulation: vault total assets fall by ${ethText(-assetsDelta)}, the plan allows ${ethText(allowed)}`);
      }
    }
  }
  return { calls, txs, expectations, probeReads, before, simulation, checks, problems };
}

/**
 * The plan's calls for the backend's holder, with the records they need read first (tracked
 * withdrawals, the rewards claim, Renzo claim indices) and its reward stream claims checked
 * against their distributors (stream-recheck.ts). `deadline` bounds the swaps (unix s);
 * `nativeWei` is the book's native ETH the bundle sweeps (build-calls).
 */
export async function buildPlanCalls(
  deps: Omit<PrepareDeps, 'signer' | 'relays' | 'settings' | 'nativeBook'>,
  plan: Plan,
  deadline: bigint,
  nativeWei = 0n,
): Promise<{ calls: Call[]; withdrawals: Awaited<ReturnType<typeof trackedFor>> }> {
  const holder = deps.backend.holder;
  const withdrawals = await trackedFor(deps.withdrawals, plan.actions);
  const claimAction = plan.actions.find((a) => a.kind === 'claim-rewards');
  const claim =
    claimAction?.kind === 'claim-rewards' && deps.targets.eigen && deps.rewards
      ? await claimFor(deps.provider, deps.targets.eigen.rewardsCoordinator, deps.rewards, holder, claimAction.tokens)
      : undefined;
  // Reward stream claims carry their proof from planning: refused here when the distributor moved on.
  await assertStreamClaimsCurrent(deps.provider, plan.actions, holder);
  const renzoIndices = await renzoIndicesFor(deps, [...withdrawals.values()]);
  const calls = buildCalls(plan.actions, { nativeWei, holder, targets: deps.targets, specs: deps.specs, withdrawals, ...(claim ? { claim } : {}), renzoIndices, deadline });
  return { calls, withdrawals };
}

const TOTAL_ASSETS_KEY = 'totalassets';

/** Wei of rounding in share math allowed on top of everything else (as in checkDeltas). */
const ROUNDING_SLACK_WEI = 1_000n;

/**
 * How far the vault's own valuation may fall in one plan: the plan's slippage and fees, plus
 * the tolerance of the value the plan MOVES (not of the whole vault: 10 bps of a 1,000 ETH
 * vault is 1 ETH of unexplained slack on a 5 ETH plan), plus wei-level rounding.
 * @example totalAssetsAllowance({ totals: { slippageWei: 0n, feesWei: 0n, movedWei: 5n * 10n ** 18n } }, 10) // 0.005 ETH + 1000 wei
 */
export function totalAssetsAllowance(plan: Pick<Plan, 'totals'>, toleranceBps: number): bigint {
  return plan.totals.slippageWei + plan.totals.feesWei + (plan.totals.movedWei * BigInt(Math.round(toleranceBps))) / 10_000n + ROUNDING_SLACK_WEI;
}

/**
 * The book's native ETH, swept into the bundle (build-calls): on the vault backend the vault's
 * whole ETH balance (it pays no gas); on the eoa backend the ledger's credit, capped by the balance.
 */
async function bookNativeAt(deps: PrepareDeps, block: number): Promise<bigint> {
  if (deps.backend.kind === 'vault') return deps.provider.getBalance(deps.backend.holder, block);
  if (deps.nativeBook === undefined) return 0n;
  return bookNative(await deps.nativeBook.credit(deps.settings.vault), await deps.provider.getBalance(deps.backend.holder, block));
}

/**
 * What one `totalAssets()` of the guard contract (vault or module) costs now (eth_estimateGas, intrinsic gas included,
 * so it errs high). Undefined when the node will not say: the budget then falls back to the
 * planner's figures and a failed simulation refuses the plan, as before.
 */
async function measureValuationGas(provider: PrepareDeps['provider'], guard: string, block: number): Promise<number | undefined> {
  try {
    return Number(await provider.estimateGas({ to: guard, data: vaultViews.encodeFunctionData('totalAssets', []), blockTag: block }));
  } catch {
    return undefined;
  }
}
const vaultViews = new Interface(VAULT_KEEPER_ABI);

function totalAssetsRead(guard: string): ProbeRead {
  return { key: TOTAL_ASSETS_KEY, call: { target: guard, iface: vaultViews, fn: 'totalAssets', args: [], label: 'vault.totalAssets' } };
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
async function renzoIndicesFor(deps: Pick<PrepareDeps, 'provider' | 'targets' | 'backend'>, records: readonly TrackedWithdrawal[]): Promise<Map<string, bigint>> {
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
