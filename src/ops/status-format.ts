/**
 * `keeper status` as text: one block per vault, the state that stops the keeper first
 * (pauses), then what it decided and what is in flight. Plain text without colours, so it
 * pastes into a ticket. Jobs the daemon gave up on follow the vaults.
 */
import { formatEth, renderTable, shortHex } from '../cli/format/table.ts';
import type { FailedJobsStatus, KeeperStatus, LastDecision, OnChainPause, VaultStatus } from './status.ts';
import { isActive } from './status.ts';
import type { FeesTakenSummary, VaultPerformance } from '../perf/vault-performance.ts';

/** `42s`, `5m`, `3h`, `2d`: how long ago, rough on purpose. */
export function ago(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

function onChainText(p: OnChainPause): string {
  switch (p.state) {
    case 'paused':
      return 'PAUSED by the vault guardian/owner';
    case 'active':
      return 'not paused';
    case 'n/a':
      return 'n/a (eoa backend)';
    case 'unknown':
      return `unknown (${p.error})`;
  }
}

function decisionText(d: LastDecision | undefined, nowMs: number): string {
  if (d === undefined) return 'none recorded yet';
  const when = `${d.block !== undefined ? `block ${d.block}, ` : ''}${ago(d.at, nowMs)} ago`;
  if (d.kind === 'rejected') return `${when}: observation rejected: ${d.reason}`;
  const refused = d.refusedCodes.length > 0 ? ` [refused: ${d.refusedCodes.join(', ')}]` : '';
  return `${when}: ${d.planKind ?? '?'} (${d.disposition ?? '?'})${refused}: ${d.reason}`;
}

function vaultBlock(v: VaultStatus, nowMs: number): string {
  const state = isActive(v) ? 'ACTIVE' : 'PAUSED';
  const lines = [`vault ${v.name} (${v.backend} ${v.address}): ${state}`];
  const kp = v.keeperPause;
  lines.push(`  keeper pause:   ${kp ? `PAUSED ${ago(kp.since, nowMs)} ago by ${kp.by}${kp.reason ? `: ${kp.reason}` : ''}` : 'not paused'}`);
  lines.push(`  on-chain pause: ${onChainText(v.onChain)}`);
  lines.push(`  last decision:  ${decisionText(v.lastDecision, nowMs)}`);
  if (v.openIntents.length === 0) {
    lines.push('  open intents:   none');
  } else {
    lines.push(`  open intents:   ${v.openIntents.length}`);
    const rows = v.openIntents.map((i) => [shortHex(i.planId), i.status, i.planKind, String(i.planBlock), String(i.attempts), i.lastTargetBlock === undefined ? '-' : String(i.lastTargetBlock)]);
    lines.push(indent(renderTable([{ header: 'plan' }, { header: 'status' }, { header: 'kind' }, { header: 'block', align: 'right' }, { header: 'attempts', align: 'right' }, { header: 'last target', align: 'right' }], rows), 4));
  }
  if (v.pendingWithdrawals.length === 0) {
    lines.push('  withdrawals:    none pending');
  } else {
    const total = v.pendingWithdrawals.reduce((s, w) => s + w.expectedWei, 0n);
    lines.push(`  withdrawals:    ${v.pendingWithdrawals.length} pending, ${formatEth(total)} ETH expected`);
    const rows = v.pendingWithdrawals.map((w) => [w.kind, w.positionId, formatEth(w.expectedWei), String(w.queuedBlock), dueText(w.completableAtBlock, w.completableAt)]);
    lines.push(indent(renderTable([{ header: 'kind' }, { header: 'position' }, { header: 'ETH', align: 'right' }, { header: 'queued', align: 'right' }, { header: 'due' }], rows), 4));
  }
  if (v.performance) lines.push(...performanceLines(v.performance));
  if (v.pendingProposals !== undefined) {
    if (v.pendingProposals.length === 0) lines.push('  Safe proposals: none pending');
    else {
      lines.push(`  Safe proposals: ${v.pendingProposals.length} pending`);
      const rows = v.pendingProposals.map((p) => [shortHex(p.id), p.planKind, String(p.safeNonce), `${p.signers.length}/${p.threshold}`, p.signers.map(shortHex).join(' ') || '-', new Date(p.expiresAt * 1000).toISOString()]);
      lines.push(indent(renderTable([{ header: 'safeTxHash' }, { header: 'kind' }, { header: 'nonce', align: 'right' }, { header: 'signed', align: 'right' }, { header: 'signers' }, { header: 'expires' }], rows), 4));
    }
  }
  return lines.join('\n');
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)}%`);

function performanceLines(p: VaultPerformance): string[] {
  const price = p.sharePriceWad === undefined ? 'no samples yet' : `${formatEth(p.sharePriceWad)} ETH per share (block ${p.sampledAtBlock ?? '?'})`;
  const r = p.realisedApy;
  return [
    `  share price:    ${price}`,
    `  realised APY:   1d ${pct(r['1d'])}, 7d ${pct(r['7d'])}, 30d ${pct(r['30d'])}, since inception ${pct(r.inception)}; expected at last decision ${pct(p.expectedApy)}`,
    `  gas paid:       ${formatEth(p.gasSpentWei)} ETH`,
    ...(p.feesTaken ? feesLines(p.feesTaken) : []),
  ];
}

function feesLines(f: FeesTakenSummary): string[] {
  const early = feesBeforeFirstSampleText(f);
  return [
    `  fees taken:     ${formatEth(f.managementWei + f.performanceWei)} ETH (management ${formatEth(f.managementWei)} ETH, performance ${formatEth(f.performanceWei)} ETH; ${feeRangeText(f)})`,
    ...(early === undefined ? [] : [`                  ${early}`]),
  ];
}

/** The blocks the fees were counted in and where the count starts, for status and the vault page. */
export function feeRangeText(f: FeesTakenSummary): string {
  const since = f.since === 'deployment' ? "since the vault's deployment" : "since the keeper's first share-price sample (vaults[].deployedAtBlock not set)";
  return `blocks ${f.fromBlock}-${f.toBlock}, ${since}`;
}

/** How much was valued at a borrowed price (minted before the first sample); undefined when nothing was. */
export function feesBeforeFirstSampleText(f: FeesTakenSummary): string | undefined {
  if (f.beforeFirstSampleWei === 0n) return undefined;
  return `${formatEth(f.beforeFirstSampleWei)} ETH of it minted before the first share-price sample (block ${f.firstSampleBlock}), priced at the first recorded share price`;
}

function dueText(block: number | undefined, at: number | undefined): string {
  const parts = [block !== undefined ? `block ${block}` : '', at !== undefined ? new Date(at * 1000).toISOString() : ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : '-';
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

function failedJobsBlock(f: FailedJobsStatus, nowMs: number): string {
  if (f.count === 0) return 'failed jobs: none';
  const lines = [`failed jobs: ${f.count}${f.recent.length > 0 ? ` (newest ${f.recent.length})` : ''}`];
  if (f.recent.length > 0) {
    const rows = f.recent.map((j) => [`${new Date(j.at).toISOString()} (${ago(j.at, nowMs)} ago)`, j.queue, j.jobId, j.vault ?? '-', String(j.attemptsMade), j.reason]);
    lines.push(indent(renderTable([{ header: 'failed at' }, { header: 'queue' }, { header: 'job' }, { header: 'vault' }, { header: 'attempts', align: 'right' }, { header: 'reason' }], rows), 2));
  }
  return lines.join('\n');
}

/** @example io.stdout(formatStatus(status, Date.now())) */
export function formatStatus(status: KeeperStatus, nowMs: number): string {
  const head = status.block !== undefined ? `chain ${status.chainId} at block ${status.block}` : `chain ${status.chainId}: head unknown (${status.blockError ?? 'no answer'})`;
  const paused = status.vaults.filter((v) => !isActive(v)).length;
  const summary = `${status.vaults.length} vault(s), ${paused} paused`;
  const failed = status.failedJobs ? ['', ...failedJobsBlock(status.failedJobs, nowMs).split('\n')] : [];
  return [`${head}; ${summary}`, '', ...status.vaults.map((v) => vaultBlock(v, nowMs)).join('\n\n').split('\n'), ...failed, ''].join('\n');
}
