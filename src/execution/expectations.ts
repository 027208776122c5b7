/**
 * What a plan should do to the holder's book, so a simulation (and later the chain) can be
 * held against it: per token, and for native ETH (key NATIVE_KEY), the expected change and
 * the worst change the plan's min-outs allow. Every token a plan touches has an expectation:
 *
 * - amounts the plan writes into calldata (approvals, sales, restakes, wraps, unwraps, ETH
 *   sent to mints) are exact;
 * - what exits, mints, swaps and claims pay comes from the plan's own expected out and floor
 *   (its min-out), never from our own wrap of it: an ether.fi redemption paying 1 ETH instead
 *   of 104.685 shows as native ETH 103.685 short even when the bundle's wrap of the min-out is
 *   paid from the account's gas ETH;
 * - a reward stream claim pays exactly its payout (the cumulative amount less what the
 *   distributor had paid, re-read before sending), so it is held on both sides like calldata;
 * - completions of queued exits pay what only the chain knows (the lower of two values, the
 *   slashing applied at completion): expected at the tracked value, with all of it allowed short.
 *
 * The check (checkDeltas) is one-sided for amounts received: better than planned passes.
 */
import type { Action } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import { Interface } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { WETH_ABI } from '../protocols/erc20/encode.ts';
import { deviationWithin, shortfallWithin } from './tolerance.ts';
import type { Call } from './call.ts';
import { restakeAmount } from './restake-amount.ts';

const wethInterface = new Interface(WETH_ABI);

/** The probe key and expectation key of the holder's native ETH balance. */
export const NATIVE_KEY = 'native';

export interface TokenExpectation {
  /** Lower-case token address, or NATIVE_KEY. */
  readonly token: string;
  readonly label: string;
  /** Expected balance change, wei (negative: the holder spends it). */
  readonly expected: bigint;
  /** Worst acceptable change (the min-outs); the simulation must be at least this. */
  readonly floor: bigint;
  /** Sum of the absolute flows behind `expected`: the tolerance is measured against it (a net-zero token still has a scale). */
  readonly scale: bigint;
  /** True when every flow is an amount written into the calldata: then held on both sides. */
  readonly exact: boolean;
  /** Part of `expected` only the chain knows (queued-exit completions): allowed short in full. */
  readonly unknown: bigint;
  /** Rounding allowed for this key instead of the check's default (0 for counts and shares). */
  readonly slackWei?: bigint;
}

/** How the tracked withdrawals a plan completes pay out. */
export type CompletionKind = 'eigen' | 'etherfi' | 'renzo' | 'kelp' | 'swell';

export interface ExpectationContext {
  /** Kind of each withdrawal the plan completes (tracked records); an unknown id is refused. */
  readonly completions?: ReadonlyMap<string, CompletionKind>;
}

interface Flow {
  label: string;
  expected: bigint;
  floor: bigint;
  scale: bigint;
  exact: boolean;
  unknown: bigint;
}

/**
 * @param calls the built calls: their ETH values, WETH unwraps and wraps move WETH and native ETH.
 * @example expectedDeltas(plan.actions, calls, specs, weth).find((e) => e.token === NATIVE_KEY)
 */
export function expectedDeltas(actions: readonly Action[], calls: readonly Call[], specs: readonly PositionSpec[], weth: string, ctx: ExpectationContext = {}): TokenExpectation[] {
  const map = new Map<string, Flow>();
  const flow = (token: string, label: string, expected: bigint, opts: { floor?: bigint; exact?: boolean; unknown?: bigint } = {}): void => {
    const k = token.toLowerCase();
    const cur = map.get(k) ?? { label, expected: 0n, floor: 0n, scale: 0n, exact: true, unknown: 0n };
    map.set(k, {
      label: cur.label,
      expected: cur.expected + expected,
      floor: cur.floor + (opts.floor ?? expected),
      scale: cur.scale + (expected < 0n ? -expected : expected),
      exact: cur.exact && (opts.exact ?? true),
      unknown: cur.unknown + (opts.unknown ?? 0n),
    });
  };
  const spend = (token: string, label: string, amount: bigint): void => flow(token, label, -amount);
  const receive = (token: string, label: string, expected: bigint, floor: bigint, unknown = 0n): void => flow(token, label, expected, { floor, exact: false, unknown });
  const specOf = (positionId: string): PositionSpec => {
    const spec = specs.find((s) => s.id === positionId);
    if (spec === undefined) throw new InputError('plan names an unknown position', { details: [`position: ${positionId}`] });
    return spec;
  };
  const deposits = actions.some((a) => a.kind === 'deposit-lrt');
  for (const [i, a] of actions.entries()) {
    switch (a.kind) {
      case 'claim-rewards':
        a.tokens.forEach((t, k) => receive(t, 'reward', a.amounts[k] ?? 0n, a.amounts[k] ?? 0n));
        break;
      case 'claim-stream':
        // The distributor pays cumulativeAmount − claimed, both fixed when the claim was checked: exact.
        flow(a.token, a.symbol, a.payout);
        break;
      case 'swap-reward':
        spend(a.token, 'reward', a.amountIn);
        receive(weth, 'WETH', a.expectedOutWei, a.minOutWei);
        break;
      case 'withdraw': {
        const spec = specOf(a.positionId);
        spend(spec.token, spec.symbol, a.amountLrt);
        // dex and Puffer pay WETH; ether.fi and Renzo instant exits pay native ETH; queued exits pay later.
        if (a.route === 'dex' || (a.route === 'instant' && spec.protocol === 'puffer')) receive(weth, 'WETH', a.expectedOutWei, a.minOutWei);
        else if (a.route === 'instant') receive(NATIVE_KEY, 'ETH', a.expectedOutWei, a.minOutWei);
        break;
      }
      case 'complete-withdrawal': {
        const kind = ctx.completions?.get(a.withdrawalId);
        if (kind === undefined) throw new InputError('complete-withdrawal for an untracked withdrawal', { details: [`withdrawal: ${a.withdrawalId}`] });
        const spec = specOf(a.positionId);
        // EigenLayer pays the LRT back (its amount follows from the shares at completion); LRT queues pay ETH.
        // A bundle whose deposits spend the claim's ETH (build-calls) relies on the amount: then it is held to it.
        if (kind === 'eigen') receive(spec.token, spec.symbol, 0n, 0n);
        else if (deposits) receive(NATIVE_KEY, 'ETH', a.expectedWei, a.expectedWei);
        else receive(NATIVE_KEY, 'ETH', a.expectedWei, 0n, a.expectedWei);
        break;
      }
      case 'deposit-lrt': {
        const spec = specOf(a.positionId);
        // A DEX buy pays WETH to the router (a mint pays native ETH as call value, counted below).
        if (a.route === 'dex') spend(weth, 'WETH', a.amountWei);
        receive(spec.token, spec.symbol, a.expectedLrt, a.minLrt);
        break;
      }
      case 'eigen-deposit': {
        const spec = specOf(a.positionId);
        spend(spec.token, spec.symbol, restakeAmount(actions, i));
        break;
      }
      default:
        break;
    }
  }
  for (const c of calls) {
    if (c.value > 0n) spend(NATIVE_KEY, 'ETH', c.value);
    if (c.to.toLowerCase() !== weth.toLowerCase()) continue;
    const parsed = wethInterface.parseTransaction({ data: c.data, value: c.value });
    if (parsed?.name === 'deposit') flow(weth, 'WETH', c.value);
    if (parsed?.name === 'withdraw') {
      const wad = parsed.args[0] as bigint;
      spend(weth, 'WETH', wad);
      flow(NATIVE_KEY, 'ETH', wad);
    }
  }
  return [...map.entries()].map(([token, v]) => ({ token, ...v }));
}

export interface DeltaCheck {
  readonly token: string;
  readonly label: string;
  readonly expected: bigint;
  readonly floor: bigint;
  readonly actual: bigint;
  readonly ok: boolean;
  readonly why?: string;
}

export interface CheckOptions {
  /**
   * Gas the holder paid out of its native balance (eoa backend), added back before checking.
   * It may be an upper bound (the simulation charges at most the max fee): it then only widens
   * the native check downwards; upwards the raw change is held to the expectation.
   */
  readonly nativeGasWei?: bigint;
}

/**
 * Holds actual balance changes against the expectations: each must reach its floor (less its
 * unknown part) and fall short of the expected change by no more than `toleranceBps` of its
 * scale (plus `slackWei` for rounding). Better than expected passes, except for exact tokens.
 */
export function checkDeltas(expectations: readonly TokenExpectation[], actual: ReadonlyMap<string, bigint>, toleranceBps: number, slackWei = 1_000n, opts: CheckOptions = {}): DeltaCheck[] {
  return expectations.map((e) => {
    const slack = e.slackWei ?? slackWei;
    const raw = actual.get(e.token.toLowerCase()) ?? 0n;
    // With gas added back (an upper bound of it): the most the plan itself can have left.
    const got = e.token === NATIVE_KEY ? raw + (opts.nativeGasWei ?? 0n) : raw;
    const base = { token: e.token, label: e.label, expected: e.expected, floor: e.floor, actual: got };
    if (got + slack + e.unknown < e.floor) return { ...base, ok: false, why: `below the plan's floor ${e.floor}` };
    if (!shortfallWithin(got + e.unknown, e.expected, e.scale, toleranceBps, slack)) return { ...base, ok: false, why: `more than ${toleranceBps} bps short of the expected ${e.expected}` };
    // Exact amounts may not come out better either (a call that did less than it said); gas is no excuse there.
    if (e.exact && raw > e.expected && !deviationWithin(raw, e.expected, e.scale, toleranceBps, slack)) return { ...base, ok: false, why: `more than ${toleranceBps} bps above the exact ${e.expected}` };
    return { ...base, ok: true };
  });
}
