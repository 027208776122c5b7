/**
 * The devnet Sidecar's rewards calculation: how much of each submission has come due between
 * two calculation ends, and who earns it. Follows the real calculation's shape: stake is
 * weighed as shares × multiplier; an operator's portion is its stake's share of the stake the
 * submission pays; the operator takes its split (AVS, operator-set or PI split, by kind) and
 * its stakers share the rest by their own weighted shares. Operator-directed rewards go to the
 * named operator, then the same way to its stakers. Every staker and operator considered gets
 * a row, even at 0 (the real distributions contain such rows).
 *
 * Simplifications (devnet): stake is read once per calculation (the real one snapshots daily);
 * unique stake is weighed like total stake; rewards-for-all pay delegated stakers only.
 */
import type { RewardSubmissionEvent } from '../../protocols/eigenlayer/rewards-events.ts';
import { splitFor, type SplitBook } from '../../rewards/splits.ts';

export interface StakeSnapshot {
  members(avs: string, operatorSetId: number): readonly string[];
  avsOperators(avs: string): readonly string[];
  allOperators(): readonly string[];
  operatorShares(operator: string, strategy: string): bigint;
  /** Stakers delegated to the operator with their withdrawable shares per strategy. */
  stakers(operator: string): readonly { readonly staker: string; readonly shares: (strategy: string) => bigint }[];
}

/** earner -> token -> amount (all lowercase addresses). */
export type Earnings = Map<string, Map<string, bigint>>;

/** The part of `amount` due by `until` for a window [start, start + duration). */
function dueBy(amount: bigint, start: number, duration: number, until: number): bigint {
  const elapsed = Math.min(Math.max(until - start, 0), duration);
  return (amount * BigInt(elapsed)) / BigInt(duration);
}

function add(earnings: Earnings, earner: string, token: string, amount: bigint): void {
  const byToken = earnings.get(earner) ?? new Map<string, bigint>();
  byToken.set(token, (byToken.get(token) ?? 0n) + amount);
  earnings.set(earner, byToken);
}

function operatorsOf(s: RewardSubmissionEvent, stake: StakeSnapshot): readonly string[] {
  switch (s.kind) {
    case 'avs':
      return stake.avsOperators(s.avs);
    case 'uniqueStake':
    case 'totalStake':
      return stake.members(s.avs, s.operatorSetId ?? -1);
    case 'forAll':
    case 'forAllEarners':
      return stake.allOperators();
    case 'operatorDirectedAvs':
    case 'operatorDirectedSet':
      return (s.operatorRewards ?? []).map((r) => r.operator);
  }
}

/**
 * Earnings that came due in (from, until], added to `into`.
 * @example distribute(submissions, splits, stake, lastEnd, blockTimestamp, cumulative)
 */
export function distribute(submissions: readonly RewardSubmissionEvent[], splits: SplitBook, stake: StakeSnapshot, from: number, until: number, into: Earnings): void {
  for (const s of submissions) {
    const weight = (shares: (strategy: string) => bigint): bigint => s.strategies.reduce((sum, w) => sum + shares(w.strategy) * w.multiplier, 0n);
    const operators = operatorsOf(s, stake);
    const operatorWeights = operators.map((o) => weight((strategy) => stake.operatorShares(o, strategy)));
    const total = operatorWeights.reduce((a, b) => a + b, 0n);
    for (const [i, operator] of operators.entries()) {
      const operatorWeight = operatorWeights[i] ?? 0n;
      let portion: bigint;
      if (s.operatorRewards) {
        const reward = s.operatorRewards.find((r) => r.operator === operator)?.amount ?? 0n;
        portion = dueBy(reward, s.startTimestamp, s.duration, until) - dueBy(reward, s.startTimestamp, s.duration, from);
      } else {
        if (total === 0n) continue;
        const due = dueBy(s.amount, s.startTimestamp, s.duration, until) - dueBy(s.amount, s.startTimestamp, s.duration, from);
        portion = (due * operatorWeight) / total;
      }
      if (portion <= 0n && from >= s.startTimestamp + s.duration) continue;
      const stakers = stake.stakers(operator);
      // Operator-directed rewards with no stake behind them go to the operator whole.
      const bips = operatorWeight === 0n ? 10_000 : splitFor(splits, s.kind, operator, s.avs, s.operatorSetId, until);
      const operatorCut = (portion * BigInt(bips)) / 10_000n;
      let paidToStakers = 0n;
      for (const { staker, shares } of stakers) {
        const amount = operatorWeight === 0n ? 0n : ((portion - operatorCut) * weight(shares)) / operatorWeight;
        add(into, staker, s.token, amount);
        paidToStakers += amount;
      }
      // The operator gets its cut plus rounding dust, so a submission pays out exactly what came due.
      add(into, operator, s.token, portion - paidToStakers);
    }
  }
}
