/**
 * Operator splits as the rewards calculation applies them: the share of a reward that goes to
 * the operator before its stakers are paid. Default 1000 bips (10 %), overridden per operator
 * and AVS, per operator set, and for programmatic incentives by the `*SplitBipsSet` events;
 * a new split takes effect at its activatedAt (the old one, as emitted, applies until then).
 * Pure: fed with decoded events.
 */
import type { SplitEvent, SubmissionKind } from '../protocols/eigenlayer/rewards-events.ts';

export const DEFAULT_OPERATOR_SPLIT_BIPS = 1000;

/** The latest split event per key; later events replace earlier ones. */
export interface SplitBook {
  readonly defaultBips: number;
  readonly byKey: ReadonlyMap<string, SplitEvent>;
}

export const EMPTY_SPLITS: SplitBook = { defaultBips: DEFAULT_OPERATOR_SPLIT_BIPS, byKey: new Map() };

function key(scope: 'avs' | 'pi' | 'operatorSet', operator: string, avs?: string, operatorSetId?: number): string {
  return [scope, operator.toLowerCase(), avs?.toLowerCase() ?? '', operatorSetId ?? ''].join('|');
}

/**
 * Adds split events (in chain order) to a book.
 * @example withSplits(EMPTY_SPLITS, [event]).byKey.size // 1
 */
export function withSplits(book: SplitBook, events: readonly SplitEvent[]): SplitBook {
  let defaultBips = book.defaultBips;
  const byKey = new Map(book.byKey);
  for (const e of events) {
    if (e.scope === 'default') defaultBips = e.newBips;
    else byKey.set(key(e.scope, e.operator, e.avs, e.operatorSetId), e);
  }
  return { defaultBips, byKey };
}

/**
 * The operator's split for a submission kind at `now`, in bips: the AVS split for AVS-level
 * rewards, the set split for operator-set rewards, the PI split for programmatic incentives,
 * none for rewards-for-all (paid to stakers only).
 * @example splitFor(book, 'totalStake', op, avs, 0, now) // 1000 unless overridden
 */
export function splitFor(book: SplitBook, kind: SubmissionKind, operator: string, avs: string, operatorSetId: number | undefined, now: number): number {
  if (kind === 'forAll') return 0;
  const event =
    kind === 'forAllEarners'
      ? book.byKey.get(key('pi', operator))
      : kind === 'avs' || kind === 'operatorDirectedAvs'
        ? book.byKey.get(key('avs', operator, avs))
        : book.byKey.get(key('operatorSet', operator, avs, operatorSetId));
  if (event === undefined) return book.defaultBips;
  return now >= event.activatedAt ? event.newBips : event.oldBips;
}

/** JSON-safe form for storage next to the log cursor. */
export function splitBookToJson(book: SplitBook): { defaultBips: number; events: SplitEvent[] } {
  return { defaultBips: book.defaultBips, events: [...book.byKey.values()] };
}

export function splitBookFromJson(json: { defaultBips: number; events: SplitEvent[] }): SplitBook {
  return withSplits({ defaultBips: json.defaultBips, byKey: new Map() }, json.events);
}
