/**
 * `keeper plan` as text: the vault header, the positions table (current vs target weight,
 * net APY and its parts), risk findings with their numbers and limits, the ordered actions
 * with amounts and min-outs, gain against cost, and the decision.
 */
import type { DaemonView } from '../../ops/daemon-view.ts';
import type { Action } from '../../domain/plan.ts';
import { weiToNumber } from '../../domain/units.ts';
import type { PlanReport, RejectedReport } from './report-model.ts';
import { formatBps, formatEth, formatPct, renderTable, shortHex, type Column } from './table.ts';

const POSITION_COLUMNS: readonly Column[] = [
  { header: 'position' },
  { header: 'tier', align: 'right' },
  { header: 'value ETH', align: 'right' },
  { header: 'now', align: 'right' },
  { header: 'target', align: 'right' },
  { header: 'approved', align: 'right' },
  { header: 'after', align: 'right' },
  { header: 'net APY', align: 'right' },
  { header: 'LRT APY', align: 'right' },
  { header: 'AVS APR', align: 'right' },
  { header: 'streams', align: 'right' },
  { header: 'fees', align: 'right' },
  { header: 'slashing', align: 'right' },
  { header: 'risk pen.', align: 'right' },
  { header: 'data' },
];

/**
 * @example formatReport(reportOf(await planVault(deps, vault)))
 */
export function formatReport(report: PlanReport | RejectedReport): string {
  if (!report.ok) {
    return [
      `vault ${report.vault.name} (${report.vault.address})${report.block === null ? '' : ` · block ${report.block}`}`,
      'observation REJECTED: nothing was decided',
      ...report.reasons.map((r) => `  - ${r}`),
    ].join('\n');
  }
  const r = report;
  const operator = r.operator ? `${r.operator.name} ${shortHex(r.operator.address)} (${r.operator.source === 'delegated' ? 'delegated on chain' : 'not delegated yet: first configured'})` : 'none';
  const lines = [
    `vault ${r.vault.name} (${r.vault.address}, ${r.vault.backend}) · chain ${r.chainId} · block ${r.block} · ${new Date(r.timestamp * 1000).toISOString()} · base fee ${weiToNumber(r.baseFeeWei, 9).toFixed(2)} gwei`,
    `total ${formatEth(r.totalWei)} ETH · idle ${formatEth(r.idleWei)} ETH (${formatBps(r.idleBps)}) · in withdrawal queues ${formatBps(r.pendingBps)} · operator ${operator} · strategy ${r.strategy}`,
    '',
    renderTable(
      POSITION_COLUMNS,
      r.positions.map((p) => [
        p.id,
        String(p.riskTier),
        formatEth(p.valueWei),
        formatBps(p.currentBps),
        formatBps(p.targetBps),
        formatBps(p.approvedBps),
        formatBps(p.afterBps),
        formatPct(p.netApy),
        formatPct(p.lrtApy),
        formatPct(p.avsApr),
        formatPct(p.streamApr),
        formatPct(p.feesApy),
        formatPct(p.slashingApy),
        p.riskPenalty === null ? '-' : formatPct(p.riskPenalty),
        p.stale ? `STALE (${p.samples} samples)` : `${Math.round(p.windowSeconds / 86_400)}d window, ${p.samples} samples`,
      ]),
    ),
    ...streamLines(r),
    ...(r.rationale.length > 0 ? ['', `strategy ${r.strategy}:`, ...r.rationale.map((l) => `  ${l}`)] : []),
    '',
    'risk findings:',
    ...(r.findings.length === 0
      ? ['  none']
      : r.findings.map((f) => `  ${f.code.padEnd(18)} ${f.action.padEnd(7)} ${(f.positionId ?? '(vault)').padEnd(16)} observed ${f.observed} · limit ${f.limit} · ${f.message}`)),
    '',
    'actions (in order):',
    ...(r.actions.length === 0 ? ['  none'] : r.actions.map((a, i) => `  ${i + 1}. ${describeAction(a)}\n     why: ${a.why}`)),
    '',
    `expected gain ${formatEth(r.expectedYearlyGainWei)} ETH/year vs total cost ${formatEth(r.totals.totalCostWei, 6)} ETH ` +
      `(gas ${formatEth(r.totals.gasCostWei, 6)} for ${r.totals.gasUnits} units, slippage ${formatEth(r.totals.slippageWei, 6)}, fees ${formatEth(r.totals.feesWei, 6)}, queue delay ${formatEth(r.totals.delayCostWei, 6)})` +
      (r.totals.entryGainWei === undefined ? '' : `, less ${formatEth(r.totals.entryGainWei, 6)} ETH the DEX entries buy over a mint`) +
      ` · break-even ${r.breakEvenDays === null ? 'never (no gain)' : `${r.breakEvenDays.toFixed(1)} days`}`,
    `compounding: rewards accrue ${formatEth(r.compounding.rewardWeiPerDay, 6)} ETH/day; one compound costs ${formatEth(r.compounding.compoundCostWei, 6)} ETH at this base fee; ` +
      `gas-optimal interval ${r.compounding.optimalIntervalDays === null ? 'none (no reward accrual)' : `${r.compounding.optimalIntervalDays.toFixed(1)} days`}`,
    ...(r.daemon ? [daemonLine(r.daemon, r.timestamp)] : []),
    `decision: ${decisionWord(r)}: ${r.decision.reason}`,
  ];
  if (r.notes.length > 0) lines.push('', 'data notes:', ...r.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

/**
 * Rewards paid outside the LRTs' rates: real streams with the APR they add to net APY, points
 * apart at 0 ETH so nobody reads a boost as yield.
 */
export function streamLines(r: Pick<PlanReport, 'rewardStreams' | 'streamClaims'>): string[] {
  const streams = r.rewardStreams ?? [];
  const claims = r.streamClaims;
  const claimLines = claims === undefined ? [] : ['', 'reward stream claims (compounding policy; the compound job claims, sells and reinvests those marked CLAIM):', ...(claims.decisions.length === 0 ? ['  nothing claimable'] : claims.decisions.map((d) => `  ${d.claim ? 'CLAIM' : 'wait '} ${d.why}`)), ...claims.notes.map((n) => `  - ${n}`)];
  if (streams.length === 0) return claimLines;
  const rows = streams.map((s) =>
    s.kind === 'points'
      ? [s.positionId, s.stream, `${s.unit}${s.boost === undefined ? '' : ` ×${s.boost}`}`, '0 ETH', 'points: shown only, never counted']
      : [s.positionId, s.stream, s.unit, `${formatPct(s.apr)} APR`, s.source === 'none' ? `rate unknown: counted at 0 (${s.reasons.join('; ')})` : `${s.source}, in net APY`],
  );
  return ['', 'reward streams (paid outside the LRT rate):', renderTable([{ header: 'position' }, { header: 'stream' }, { header: 'paid in' }, { header: 'value', align: 'right' }, { header: 'counted' }], rows).split('\n').map((l) => `  ${l}`).join('\n'), ...claimLines];
}

/** ACT only when the daemon would act too; otherwise what holds it. */
function decisionWord(r: PlanReport): string {
  if (!r.decision.act) return 'HOLD';
  const holds = r.daemon?.holds ?? [];
  return holds.length === 0 ? `ACT (${r.decision.kind})` : `HOLD (${r.decision.kind} planned, but the daemon waits: ${holds.join('; ')})`;
}

function daemonLine(d: DaemonView, nowSeconds: number): string {
  const last = d.lastRebalanceAt === null ? 'no rebalance landed yet' : `last rebalance ${((nowSeconds - d.lastRebalanceAt) / 3600).toFixed(1)} h ago`;
  const pause = d.paused ? `PAUSED by ${d.paused.by}${d.paused.reason ? ` (${d.paused.reason})` : ''}` : 'not paused';
  return `daemon state: ${(d.turnoverUsedTodayBps / 100).toFixed(2)}% of the day's ${(d.turnoverLimitBps / 100).toFixed(2)}% turnover used; ${last}; keeper pause: ${pause}; plans in flight: ${d.openPlans.length}`;
}

/** One line per action with its amounts and min-outs. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'complete-withdrawal':
      return `complete withdrawal ${shortHex(a.withdrawalId)} (${a.positionId}): ≈ ${formatEth(a.expectedWei)} ETH`;
    case 'claim-rewards':
      return `claim rewards: ${a.tokens.map((t, i) => `${formatEth(a.amounts[i] ?? 0n)} of ${shortHex(t)}`).join(', ')}`;
    case 'claim-stream':
      return `claim reward stream ${a.stream}: ${formatEth(a.payout)} ${a.symbol} from distributor ${shortHex(a.distributor)} (cumulative ${formatEth(a.cumulativeAmount)}, root ${shortHex(a.root)})`;
    case 'swap-reward':
      return `sell ${formatEth(a.amountIn)} of ${shortHex(a.token)} → ${formatEth(a.expectedOutWei)} ETH expected, min out ${formatEth(a.minOutWei)} ETH (slippage ${a.slippageBps.toFixed(1)} bps)`;
    case 'withdraw':
      return (
        `sell ${formatEth(a.amountLrt)} ${a.positionId} via ${a.route}${a.venue === undefined ? '' : ` (${a.venue})`}: fair ${formatEth(a.fairValueWei)} ETH, expected ${formatEth(a.expectedOutWei)} ETH, ` +
        `min out ${formatEth(a.minOutWei)} ETH, cost ${formatEth(a.costWei, 6)} ETH (${a.slippageBps.toFixed(1)} bps${a.delaySeconds > 0 ? `, ${formatDelay(a.delaySeconds)} wait` : ''})`
      );
    case 'eigen-queue-withdrawal':
      return (
        `${a.undelegate === true ? 'undelegate (leave the operator) and queue' : 'queue'} EigenLayer withdrawal from ${a.positionId}: ${formatEth(a.depositShares)} deposit shares ≈ ${formatEth(a.underlyingLrt)} LRT ≈ ${formatEth(a.valueWei)} ETH, ` +
        `${formatDelay(a.delaySeconds)} delay, delay cost ${formatEth(a.costWei, 6)} ETH`
      );
    case 'deposit-lrt':
      return `${a.route === 'dex' ? `buy on the DEX${a.venue === undefined ? '' : ` (${a.venue})`}` : 'deposit'} ${formatEth(a.amountWei)} ETH into ${a.positionId}: expect ${formatEth(a.expectedLrt)} LRT, min ${formatEth(a.minLrt)} LRT`;
    case 'eigen-deposit':
      return `restake ${formatEth(a.amountLrt)} LRT of ${a.positionId} into strategy ${shortHex(a.strategy)}`;
    case 'delegate':
      return `delegate to operator ${a.operator}`;
  }
}

function formatDelay(seconds: number): string {
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} d`;
  if (seconds >= 3_600) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${seconds} s`;
}
