/**
 * What happens to the book between two steps without the keeper doing anything: AVS rewards
 * accrue to restaked value delegated to the paying operator, and a slashing takes a fraction
 * of the slashed operator's restaked value, queued withdrawals included (EigenLayer keeps
 * them slashable until they complete).
 */
import type { RewardAccrualSample } from '../yield/avs-apr.ts';
import { rewardKey, type RewardHistory } from '../yield/estimate.ts';
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_YEAR, WAD, mulDiv, mulWad, weiToNumber } from '../domain/units.ts';
import type { Book } from './book.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc, ScenarioEvent } from './scenario-schema.ts';
import { nameAddress } from './specs.ts';

type Slashing = Extract<ScenarioEvent, { kind: 'slashing' }>;

/** Applies a slashing event: restaked holdings and queued EigenLayer withdrawals lose `fractionBps`. */
export function applySlashing(book: Book, event: Slashing, specs: readonly PositionSpec[], market: MarketStep, doc: ScenarioDoc): void {
  const operator = nameAddress('operator', event.operator);
  const keep = BigInt(10_000 - event.fractionBps);
  const hit = specs.filter((s) => s.eigen !== undefined && s.eigen.operator === operator);
  for (const spec of hit) {
    const h = book.holdings[spec.id];
    if (h !== undefined) h.withdrawableLrt = (h.withdrawableLrt * keep) / 10_000n;
    for (const q of book.queued) if (q.positionId === spec.id && q.kind === 'eigen') q.lrt = (q.lrt * keep) / 10_000n;
  }
  const setId = doc.operators.find((o) => o.name === event.operator)?.avs.indexOf(event.avs) ?? 0;
  book.slashes.push({
    operator,
    avs: nameAddress('avs', event.avs),
    operatorSetId: Math.max(0, setId),
    strategies: [...new Set(hit.map((s) => nameAddress('strategy', s.symbol)))],
    wadSlashed: hit.map(() => mulDiv(WAD, BigInt(event.fractionBps), 10_000n)),
    block: market.index,
  });
}

/**
 * Accrues one step of AVS rewards (`stepSeconds` at this step's APR and token price) and
 * appends a cumulative-earnings sample per (operator set, position) to `history`, which is
 * what the keeper's reward estimator reads.
 */
export function accrueRewards(book: Book, market: MarketStep, specs: readonly PositionSpec[], doc: ScenarioDoc, history: Map<string, RewardAccrualSample[]>, keepSeconds: number): void {
  const years = doc.stepSeconds / SECONDS_PER_YEAR;
  for (const spec of specs) {
    const eigen = spec.eigen;
    if (eigen === undefined) continue;
    const h = book.holdings[spec.id];
    const rateWad = market.lrt[spec.symbol]?.rateWad ?? 0n;
    const valueEth = h === undefined ? 0 : weiToNumber(mulWad(h.withdrawableLrt, rateWad));
    const delegated = book.delegatedTo === eigen.operator;
    const operator = doc.operators.find((o) => nameAddress('operator', o.name) === eigen.operator);
    eigen.operatorSets.forEach((set, i) => {
      const avsName = operator?.avs[i];
      const avs = doc.avs.find((a) => a.name === avsName);
      const token = doc.rewardTokens.find((t) => t.symbol === avs?.rewardToken);
      const key = rewardKey(set, spec.id);
      const samples = history.get(key) ?? [];
      const prev = samples[samples.length - 1]?.cumulative ?? 0n;
      let add = 0n;
      const pool = token === undefined ? undefined : market.rewardPools[token.symbol];
      if (delegated && avs !== undefined && token !== undefined && pool !== undefined && valueEth > 0) {
        const apr = (market.avsAprBps[avs.name] ?? 0) / 10_000;
        const tokens = (valueEth * apr * years) / pool.priceEth;
        add = BigInt(Math.floor(tokens * 10 ** token.decimals));
        const bal = book.rewards[token.symbol];
        if (bal !== undefined) bal.earned += add;
      }
      samples.push({ timestamp: market.timestamp, cumulative: prev + add });
      while (samples.length > 2 && (samples[0] as RewardAccrualSample).timestamp < market.timestamp - keepSeconds) samples.shift();
      history.set(key, samples);
    });
  }
}

/** The estimator's view of the reward history: the vault's own accrual, all of it its own. */
export function rewardHistoryView(history: Map<string, RewardAccrualSample[]>): Record<string, RewardHistory> {
  return Object.fromEntries([...history].map(([k, samples]) => [k, { samples, stakeShare: 1 }]));
}
