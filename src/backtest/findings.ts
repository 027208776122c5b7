/**
 * Why a run did what it did: the risk engine's and the plan review's findings over a run,
 * counted per step by action (refused, clamped, exit) and code, and the most frequent reasons
 * with one example message each. A strategy that is refused 270 times says which limit did it.
 */
import type { FindingAction, FindingCode, RiskFinding } from '../domain/verdict.ts';
import { BREAKER_CODES } from '../risk/breakers.ts';

export interface FindingCount {
  readonly action: FindingAction;
  readonly code: FindingCode;
  /** Steps at which at least one such finding was made. */
  readonly steps: number;
}

export interface FindingReason extends FindingCount {
  readonly positionId?: string;
  readonly firstStep: number;
  readonly lastStep: number;
  /** The message of the first occurrence (numbers of that step). */
  readonly example: string;
}

export interface FindingSummary {
  /** Steps whose rebalance was refused as a whole. */
  readonly refusedSteps: number;
  /** Steps with at least one clamp. */
  readonly clampedSteps: number;
  /** By action and code, most frequent first. */
  readonly byCode: readonly FindingCount[];
  /** By action, code and position, most frequent first, at most `TOP_REASONS`. */
  readonly topReasons: readonly FindingReason[];
}

export const TOP_REASONS = 5;

/**
 * The findings that held back the step's wish. A breaker (BREAKER_CODES: a frozen position takes
 * no new deposits, stale data leaves it as it is) clamps its position on every step the
 * position stays frozen, whether the run asked to add to it or not: counted as it is, hold read
 * "clamped 228 steps (SLASHED_OPERATOR)" after a slashing of the operator it never bought more
 * of. A breaker's clamp holds something back only when the wish raised its position (moved it,
 * for stale data); its forced exits and every other finding always count.
 * @example findingsThatActed([slashedClamp('weETH-eigen')], { 'weETH-eigen': 2000 }, { 'weETH-eigen': 2000 }) // []
 */
export function findingsThatActed(findings: readonly RiskFinding[], wish: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): RiskFinding[] {
  return findings.filter((f) => {
    if (f.action !== 'clamped' || !BREAKER_CODES.has(f.code) || f.positionId === undefined) return true;
    const wanted = wish[f.positionId] ?? 0;
    const held = current[f.positionId] ?? 0;
    return f.code === 'STALE_DATA' ? wanted !== held : wanted > held;
  });
}

/** Accumulates one step's findings at a time. @example const t = new FindingTally(); t.add(3, findings, true); t.summary() */
export class FindingTally {
  private refused = 0;
  private clamped = 0;
  private readonly codes = new Map<string, { action: FindingAction; code: FindingCode; steps: number }>();
  private readonly reasons = new Map<string, { action: FindingAction; code: FindingCode; positionId?: string; steps: number; firstStep: number; lastStep: number; example: string }>();

  /** `refused`: the step's rebalance was refused (a finding alone does not say that: a clamp still moves). */
  add(step: number, findings: readonly RiskFinding[], refused: boolean): void {
    if (refused) this.refused++;
    if (findings.some((f) => f.action === 'clamped')) this.clamped++;
    const seenCodes = new Set<string>();
    const seenReasons = new Set<string>();
    for (const f of findings) {
      const codeKey = `${f.action}:${f.code}`;
      if (!seenCodes.has(codeKey)) {
        seenCodes.add(codeKey);
        const c = this.codes.get(codeKey) ?? { action: f.action, code: f.code, steps: 0 };
        c.steps++;
        this.codes.set(codeKey, c);
      }
      const reasonKey = `${codeKey}:${f.positionId ?? ''}`;
      if (seenReasons.has(reasonKey)) continue;
      seenReasons.add(reasonKey);
      const r = this.reasons.get(reasonKey) ?? { action: f.action, code: f.code, ...(f.positionId === undefined ? {} : { positionId: f.positionId }), steps: 0, firstStep: step, lastStep: step, example: f.message };
      r.steps++;
      r.lastStep = step;
      this.reasons.set(reasonKey, r);
    }
  }

  summary(): FindingSummary {
    const byFrequency = <T extends { steps: number; code: string; action: string }>(a: T, b: T): number => b.steps - a.steps || a.action.localeCompare(b.action) || a.code.localeCompare(b.code);
    return {
      refusedSteps: this.refused,
      clampedSteps: this.clamped,
      byCode: [...this.codes.values()].sort(byFrequency).map((c) => ({ ...c })),
      topReasons: [...this.reasons.values()].sort(byFrequency).slice(0, TOP_REASONS).map((r) => ({ ...r })),
    };
  }
}

/** One line per action: `refused 270 steps (SLIPPAGE_SWAP 200, TURNOVER 70)`. */
export function describeCounts(s: FindingSummary): string {
  if (s.byCode.length === 0) return 'no refusals or clamps';
  const parts: string[] = [];
  for (const action of ['refused', 'clamped', 'exit'] as const) {
    const codes = s.byCode.filter((c) => c.action === action);
    if (codes.length === 0) continue;
    // A refusal of the moves beyond forced ones (a cap repair) refuses no step as a whole.
    const refused = s.refusedSteps > 0 ? `refused ${s.refusedSteps} step(s)` : 'refused in part';
    const head = action === 'refused' ? refused : action === 'clamped' ? `clamped ${s.clampedSteps} step(s)` : 'forced exits';
    parts.push(`${head} (${codes.map((c) => `${c.code} ${c.steps}`).join(', ')})`);
  }
  return parts.join('; ');
}
