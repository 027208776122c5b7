/**
 * What a plan should do to the holder's token balances, so a simulation (and later the chain)
 * can be held against it: per token, the expected change and the worst change the plan's
 * min-outs allow. Amounts that only the chain knows (completions of queued exits, LRT minted
 * and restaked in one go) are left out rather than guessed; a restake of LRT already held is exact.
 */
import type { Action, EigenDepositAction } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import { Interface } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { WETH_ABI } from '../protocols/erc20/encode.ts';
import { deviationWithin } from './tolerance.ts';
import type { Call } from './call.ts';

const wethInterface = new Interface(WETH_ABI);

export interface TokenExpectation {
  readonly token: string;
  readonly label: string;
  /** Expected balance change, wei (negative: the holder spends it). */
  readonly expected: bigint;
  /** Worst acceptable change (the min-outs); the simulation must be at least this. */
  readonly floor: bigint;
  /** Sum of the absolute flows behind `expected`: the tolerance is measured against it (a net-zero token still has a scale). */
  readonly scale: bigint;
}

/**
 * @param calls the built calls, whose WETH unwraps and wraps move WETH too.
 */
export function expectedDeltas(actions: readonly Action[], calls: readonly Call[], specs: readonly PositionSpec[], weth: string): TokenExpectation[] {
  const map = new Map<string, { label: string; expected: bigint; floor: bigint; scale: bigint }>();
  const add = (token: string, label: string, expected: bigint, floor: bigint = expected): void => {
    const k = token.toLowerCase();
    const cur = map.get(k) ?? { label, expected: 0n, floor: 0n, scale: 0n };
    map.set(k, { label: cur.label, expected: cur.expected + expected, floor: cur.floor + floor, scale: cur.scale + (expected < 0n ? -expected : expected) });
  };
  const symbol = (positionId: string): PositionSpec => {
    const spec = specs.find((s) => s.id === positionId);
    if (spec === undefined) throw new InputError('plan names an unknown position', { details: [`position: ${positionId}`] });
    return spec;
  };
  for (const a of actions) {
    switch (a.kind) {
      case 'claim-rewards':
        a.tokens.forEach((t, i) => add(t, 'reward', a.amounts[i] ?? 0n));
        break;
      case 'swap-reward':
        add(a.token, 'reward', -a.amountIn);
        add(weth, 'WETH', a.expectedOutWei, a.minOutWei);
        break;
      case 'withdraw': {
        const spec = symbol(a.positionId);
        add(spec.token, spec.symbol, -a.amountLrt);
        // dex and Puffer pay WETH directly; ETH-paying exits reach WETH through the final wrap.
        if (a.route === 'dex' || (a.route === 'instant' && spec.protocol === 'puffer')) add(weth, 'WETH', a.expectedOutWei, a.minOutWei);
        break;
      }
      case 'deposit-lrt': {
        const spec = symbol(a.positionId);
        add(spec.token, spec.symbol, a.expectedLrt, a.minLrt);
        break;
      }
      case 'eigen-deposit': {
        // A restake of held LRT takes exactly its amount from the balance (see build-calls).
        if (a.fromPositionId !== undefined) {
          const spec = symbol(a.positionId);
          add(spec.token, spec.symbol, -a.amountLrt);
        }
        // After a mint the restaked amount is the mint's minimum: left out below.
        break;
      }
      default:
        break;
    }
  }
  for (const c of calls) {
    if (c.to.toLowerCase() !== weth.toLowerCase()) continue;
    const parsed = wethInterface.parseTransaction({ data: c.data, value: c.value });
    if (parsed?.name === 'deposit') add(weth, 'WETH', c.value);
    if (parsed?.name === 'withdraw') add(weth, 'WETH', -(parsed.args[0] as bigint));
  }
  // A restake moves the minted LRT on: after deposit-lrt + eigen-deposit the liquid balance change is small and rounding-driven.
  const restaked = new Set(actions.filter((a): a is EigenDepositAction => a.kind === 'eigen-deposit' && a.fromPositionId === undefined).map((a) => symbol(a.positionId).token.toLowerCase()));
  return [...map.entries()].filter(([token]) => !restaked.has(token)).map(([token, v]) => ({ token, label: v.label, expected: v.expected, floor: v.floor, scale: v.scale }));
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

/**
 * Holds actual balance changes against the expectations: each must reach its floor and lie
 * within `toleranceBps` of the expected change (plus `slackWei` for rounding).
 */
export function checkDeltas(expectations: readonly TokenExpectation[], actual: ReadonlyMap<string, bigint>, toleranceBps: number, slackWei = 1_000n): DeltaCheck[] {
  return expectations.map((e) => {
    const got = actual.get(e.token.toLowerCase()) ?? 0n;
    if (got + slackWei < e.floor) return { ...e, actual: got, ok: false, why: `below the plan's floor ${e.floor}` };
    if (!deviationWithin(got, e.expected, e.scale, toleranceBps, slackWei)) return { ...e, actual: got, ok: false, why: `more than ${toleranceBps} bps from the expected ${e.expected}` };
    return { ...e, actual: got, ok: true };
  });
}
