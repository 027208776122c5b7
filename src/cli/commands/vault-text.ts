/** `keeper vault diff` in plain units: percentages, hours, WETH per share; calldata for the owner. */
import { formatEth } from '../format/table.ts';
import type { VaultDiff } from '../../vault-admin/diff.ts';
import type { DiffScanStart } from '../../vault-admin/scan-start.ts';

const pct = (bps: number): string => `${(bps / 100).toFixed(2)} %`;

export function formatVaultDiff(d: VaultDiff, scanStart: DiffScanStart, outDir?: string): string {
  const c = d.onChain;
  const f = c.fees;
  const lines = [
    `vault ${d.vault} on chain ${d.chainId}${c.paused ? ' (PAUSED)' : ''}${c.setupOpen ? ' (set-up still open: changes apply at once)' : ''}`,
    `  owner ${c.owner}, guardian ${c.guardian}, keeper ${c.keeper}, timelock ${(c.timelockSeconds / 3600).toFixed(1)} h`,
    `  loss limits: ${pct(c.maxLossBps)} per execute, ${pct(c.maxWindowLossBps)} per 24 h`,
    `  fees: ${/^0x0{40}$/i.test(f.recipient) ? 'none' : `${pct(f.managementBps)} a year + ${pct(f.performanceBps)} of gains above ${formatEth(f.highWaterMark)} WETH/share, to ${f.recipient}`} (caps ${pct(f.managementCapBps)} / ${pct(f.performanceCapBps)})`,
    `  the config needs ${d.counts.callRules} call rules, ${d.counts.spenders} spenders, ${d.counts.counterparties} counterparties, ${d.counts.positions} positions, ${d.counts.strategies} strategies`,
    `  allowlist events read from block ${scanStart.block} (${scanStart.note})`,
  ];
  if (d.differences.length === 0) return `${lines.join('\n')}\n  in step with the config: nothing to sign\n`;
  lines.push(`  ${d.differences.length} difference(s):`);
  for (const x of d.differences) lines.push(`    ${x.kind === 'missing' ? '+' : x.kind === 'surplus' ? '-' : '~'} ${x.what}`);
  lines.push('', `owner transactions, from ${c.owner}:`, `  now (${d.now.length} call(s)):`);
  for (const call of d.now) lines.push(`    ${call.label}`, `      to ${call.to} value 0 data ${call.data}`);
  if (d.afterTimelock.length > 0) {
    lines.push(`  after ${d.readyAt !== undefined ? new Date(d.readyAt * 1000).toISOString() : 'the timelock'} (${d.afterTimelock.length} call(s); ids assume the batch above is the owner's next queueing):`);
    for (const call of d.afterTimelock) lines.push(`    ${call.label}`, `      to ${call.to} value 0 data ${call.data}`);
  }
  lines.push(outDir !== undefined ? `Safe Transaction Builder files: ${outDir}/now.safe.json${d.afterTimelock.length > 0 ? `, ${outDir}/after-timelock.safe.json` : ''}` : 'Safe Transaction Builder JSON: --json (safeTransactionBuilder) or --out <dir>');
  return `${lines.join('\n')}\n`;
}
