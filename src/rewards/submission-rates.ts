/**
 * What an operator set pays a unit of stake, rebuilt from RewardsCoordinator submissions:
 * for every submission running at `now` in the set's reward token that names the strategy,
 *
 *   apr = amount·(year/duration)·price · (1 − split) · multiplier_s / W  ÷ value of one share of s
 *
 * where W = Σ shares·multiplier over the stake the submission pays (the set's members, the
 * AVS's operators, one operator for operator-directed rewards, every share for rewards-for-all),
 * which is how the rewards calculation weighs stake. Amounts in events are already net of the
 * protocol fee. Pure: stake, prices and splits are passed in.
 */
import { SECONDS_PER_YEAR } from '../domain/units.ts';
import type { RewardSubmissionEvent } from '../protocols/eigenlayer/rewards-events.ts';
import { splitFor, type SplitBook } from './splits.ts';

const E18 = 1e18;

export interface StakeView {
  /** Members of an operator set, lowercase; undefined when not read. */
  members(avs: string, operatorSetId: number): readonly string[] | undefined;
  /** Operators of every set of the AVS that was read (AVS-level rewards pay all of them). */
  avsOperators(avs: string): readonly string[];
  operatorShares(operator: string, strategy: string): bigint;
  totalShares(strategy: string): bigint;
  /** Vault-asset wei per 1e18 shares of the strategy; undefined when it has no price. */
  valuePerShareWad(strategy: string): bigint | undefined;
  /** Vault-asset wei per 1e18 token wei; undefined when the token has no price. */
  tokenPriceWad(token: string): bigint | undefined;
}

export interface RateQuery {
  readonly avs: string;
  readonly operatorSetId: number;
  readonly rewardToken: string;
  readonly operator: string;
  readonly strategy: string;
  readonly now: number;
}

export interface RateAnswer {
  readonly apr: number;
  /** Submissions that contributed. */
  readonly submissions: number;
  readonly reasons: readonly string[];
}

const lower = (a: string): string => a.toLowerCase();

/** Whether a submission pays stake of `q`'s operator set at all (before looking at strategies). */
function pays(s: RewardSubmissionEvent, q: RateQuery): boolean {
  switch (s.kind) {
    case 'avs':
    case 'operatorDirectedAvs':
      return s.avs === lower(q.avs);
    case 'operatorDirectedSet':
    case 'uniqueStake':
    case 'totalStake':
      return s.avs === lower(q.avs) && s.operatorSetId === q.operatorSetId;
    case 'forAll':
    case 'forAllEarners':
      return true;
  }
}

/** The operators whose stake shares the submission, or undefined when unknown. */
function scope(s: RewardSubmissionEvent, q: RateQuery, stake: StakeView): readonly string[] | 'all' | undefined {
  switch (s.kind) {
    case 'avs':
      return stake.avsOperators(s.avs);
    case 'operatorDirectedAvs':
    case 'operatorDirectedSet':
      return [lower(q.operator)];
    case 'uniqueStake':
    case 'totalStake':
      return stake.members(s.avs, s.operatorSetId ?? -1);
    case 'forAll':
    case 'forAllEarners':
      return 'all';
  }
}

/**
 * @example submissionApr(events, splits, stake, { avs, operatorSetId: 0, rewardToken, operator, strategy, now }).apr // 0.0108
 */
export function submissionApr(submissions: readonly RewardSubmissionEvent[], splits: SplitBook, stake: StakeView, q: RateQuery): RateAnswer {
  const reasons: string[] = [];
  const strategy = lower(q.strategy);
  const valuePerShare = stake.valuePerShareWad(strategy);
  if (valuePerShare === undefined || valuePerShare === 0n) return { apr: 0, submissions: 0, reasons: [`no price for strategy ${q.strategy}`] };
  let apr = 0;
  let counted = 0;
  for (const s of submissions) {
    if (s.token !== lower(q.rewardToken) || q.now < s.startTimestamp || q.now >= s.startTimestamp + s.duration || !pays(s, q)) continue;
    const weight = s.strategies.find((w) => w.strategy === strategy);
    if (weight === undefined) continue;
    const operators = scope(s, q, stake);
    if (operators === undefined) {
      reasons.push(`stake of ${s.kind} submission's operators not read: skipped`);
      continue;
    }
    if (operators !== 'all' && !operators.includes(lower(q.operator))) continue;
    let amount = s.amount;
    if (s.operatorRewards) amount = s.operatorRewards.find((r) => r.operator === lower(q.operator))?.amount ?? 0n;
    if (amount === 0n) continue;
    const price = stake.tokenPriceWad(s.token);
    if (price === undefined) {
      reasons.push(`no price for reward token ${s.token}: its submissions count as 0`);
      continue;
    }
    let weighted = 0n;
    for (const w of s.strategies) {
      const shares = operators === 'all' ? stake.totalShares(w.strategy) : operators.reduce((sum, o) => sum + stake.operatorShares(o, w.strategy), 0n);
      weighted += shares * w.multiplier;
    }
    if (weighted === 0n) continue;
    const split = splitFor(splits, s.kind, q.operator, s.avs, s.operatorSetId, q.now) / 10_000;
    const valuePerYear = (Number(amount) / E18) * (SECONDS_PER_YEAR / s.duration) * (Number(price) / E18);
    const perShare = (valuePerYear * (1 - split) * (Number(weight.multiplier) / E18)) / (Number(weighted) / E18 / E18);
    apr += perShare / (Number(valuePerShare) / E18);
    counted++;
  }
  if (counted === 0) reasons.push('no running submission pays this operator set and strategy');
  return { apr, submissions: counted, reasons };
}
