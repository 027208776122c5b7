/**
 * Yield from rewards an LRT pays outside its exchange rate (lrts[].rewardStreams): what each
 * stream adds to a position's net APY, and the points shown beside it at 0 ETH.
 *
 * A token stream's rate is either the protocol's announced APR or measured from the vault's own
 * cumulative claimable amounts. Distributions arrive in steps (ether.fi: weekly roots), so the
 * measurement runs between the times the amount changed, not between arbitrary samples: polling
 * between two roots would otherwise read as a pause in the stream.
 *
 * Points never add yield: their part is always 0, whatever the boost says.
 */
import type { RewardStreamPart } from '../domain/estimate.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { LrtSymbol, PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../domain/units.ts';
import type { RewardStreamConfig } from '../config/reward-streams-schema.ts';

/** The vault's cumulative claimable amount of a stream's token at one time (from the proof server). */
export interface StreamClaimSample {
  /** Unix seconds. */
  readonly timestamp: number;
  readonly cumulativeAmount: bigint;
}

/** What is known of one token stream's market: its token's price and the vault's claim history. */
export interface StreamMarket {
  /** Vault-asset wei per whole token; absent: no price, a measured rate cannot be valued. */
  readonly priceWad?: bigint;
  readonly decimals: number;
  readonly samples: readonly StreamClaimSample[];
}

export interface RewardStreamsInput {
  readonly streams: Readonly<Partial<Record<LrtSymbol, readonly RewardStreamConfig[]>>>;
  /** Keyed by streamKey(symbol, stream name). */
  readonly markets?: Readonly<Record<string, StreamMarket>>;
}

export const streamKey = (symbol: LrtSymbol, name: string): string => `${symbol}/${name}`;

export interface StreamAprInput {
  readonly samples: readonly StreamClaimSample[];
  readonly now: number;
  readonly windowSeconds: number;
  readonly priceWad: bigint;
  readonly decimals: number;
  /** Value of the holdings the stream pays on, vault-asset wei. */
  readonly heldValueWei: bigint;
}

export type StreamAprResult = { readonly ok: true; readonly apr: number; readonly reasons: readonly string[] } | { readonly ok: false; readonly reasons: readonly string[] };

/**
 * Yearly rate of a cumulative stream, as a fraction of the holdings' value: the amount added
 * between the first and the last change inside the window, valued at priceWad, over the time
 * between those changes.
 *
 * @example
 *   // 7 tokens a week at 0.01 ETH on 100 ETH held: 7 × 0.01 × 52.14 / 100 ≈ 3.65 %
 *   streamAprFromAmounts({ samples: [{ timestamp: 0, cumulativeAmount: 0n }, { timestamp: 604800, cumulativeAmount: 7n * 10n ** 18n }], now: 604800, windowSeconds: 30 * 86400, priceWad: 10n ** 16n, decimals: 18, heldValueWei: 100n * 10n ** 18n })
 */
export function streamAprFromAmounts(input: StreamAprInput): StreamAprResult {
  const inWindow = [...input.samples].filter((s) => s.timestamp >= input.now - input.windowSeconds && s.timestamp <= input.now).sort((a, b) => a.timestamp - b.timestamp);
  for (let i = 1; i < inWindow.length; i++) {
    const prev = inWindow[i - 1];
    const cur = inWindow[i];
    if (prev !== undefined && cur !== undefined && cur.cumulativeAmount < prev.cumulativeAmount) {
      return { ok: false, reasons: [`cumulative amount fell from ${prev.cumulativeAmount} to ${cur.cumulativeAmount} at ${cur.timestamp}: not a cumulative stream`] };
    }
  }
  // The first sample of each distinct amount is when that distribution landed.
  const changes = inWindow.filter((s, i) => i === 0 || s.cumulativeAmount !== inWindow[i - 1]?.cumulativeAmount);
  const first = changes[0];
  const last = changes[changes.length - 1];
  if (first === undefined || last === undefined || changes.length < 2) {
    return { ok: false, reasons: [`fewer than two distributions in the last ${Math.round(input.windowSeconds / SECONDS_PER_DAY)} days`] };
  }
  if (input.heldValueWei <= 0n) return { ok: false, reasons: ['nothing held that the stream pays on'] };
  const seconds = last.timestamp - first.timestamp;
  const addedWei = ((last.cumulativeAmount - first.cumulativeAmount) * input.priceWad) / 10n ** BigInt(input.decimals);
  const apr = (Number(addedWei) / Number(input.heldValueWei)) * (SECONDS_PER_YEAR / seconds);
  return { ok: true, apr, reasons: [`measured from ${changes.length} distributions over ${(seconds / SECONDS_PER_DAY).toFixed(1)} days`] };
}

/** Does the stream pay on this position (liquid or restaked)? */
export function streamPaysOn(stream: RewardStreamConfig, spec: PositionSpec): boolean {
  return stream.heldAs.includes(spec.eigen === undefined ? 'liquid' : 'restaked');
}

/**
 * The streams' APR on one position and one part per stream (points included, at 0).
 * @example const { apr, parts } = rewardStreamsApr(spec, specs, snapshot, now, input)
 */
export function rewardStreamsApr(spec: PositionSpec, specs: readonly PositionSpec[], snapshot: Snapshot, now: number, input: RewardStreamsInput | undefined): { apr: number; parts: RewardStreamPart[] } {
  const streams = input?.streams[spec.symbol] ?? [];
  const parts: RewardStreamPart[] = [];
  let apr = 0;
  for (const stream of streams) {
    if (!streamPaysOn(stream, spec)) continue;
    if (stream.kind === 'points') {
      parts.push({ stream: stream.name, kind: 'points', source: 'points', apr: 0, unit: stream.unit, ...(stream.boost === undefined ? {} : { boost: stream.boost }), reasons: ['points are worth 0 ETH to every decision'] });
      continue;
    }
    if (stream.rate.source === 'announced') {
      parts.push({ stream: stream.name, kind: 'token', source: 'announced', apr: stream.rate.apr, unit: stream.symbol, reasons: [] });
      apr += stream.rate.apr;
      continue;
    }
    const market = input?.markets?.[streamKey(spec.symbol, stream.name)];
    const heldValueWei = heldValueFor(stream, spec.symbol, specs, snapshot);
    const measured =
      market?.priceWad === undefined
        ? ({ ok: false, reasons: [market === undefined ? 'no claim history' : 'no price for the token'] } as const)
        : streamAprFromAmounts({ samples: market.samples, now, windowSeconds: stream.rate.windowDays * SECONDS_PER_DAY, priceWad: market.priceWad, decimals: market.decimals, heldValueWei });
    parts.push({ stream: stream.name, kind: 'token', source: measured.ok ? 'claims' : 'none', apr: measured.ok ? measured.apr : 0, unit: stream.symbol, reasons: measured.ok ? [...measured.reasons] : [...measured.reasons, 'counted at 0'] });
    if (measured.ok) apr += measured.apr;
  }
  return { apr, parts };
}

/** Value of the vault's positions in `symbol` that the stream pays on: what its claims were earned by. */
function heldValueFor(stream: RewardStreamConfig, symbol: LrtSymbol, specs: readonly PositionSpec[], snapshot: Snapshot): bigint {
  let total = 0n;
  for (const s of specs) {
    if (s.symbol !== symbol || !streamPaysOn(stream, s)) continue;
    total += snapshot.positions.find((p) => p.positionId === s.id)?.valueWei ?? 0n;
  }
  return total;
}

/** The configured streams per LRT symbol, as the estimator takes them. */
export function streamsFromConfig(lrts: readonly { readonly symbol: LrtSymbol; readonly rewardStreams: readonly RewardStreamConfig[] }[]): RewardStreamsInput['streams'] {
  const out: Partial<Record<LrtSymbol, readonly RewardStreamConfig[]>> = {};
  for (const lrt of lrts) if (lrt.rewardStreams.length > 0) out[lrt.symbol] = lrt.rewardStreams;
  return out;
}
