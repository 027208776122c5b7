/**
 * `keeper audit`'s per-plan view in plain units: for each plan that reached the chain (or
 * gave up), expected against realised gas, value moved, the book's net change and APY, in
 * ETH and %. Raw wei stays in `--json`.
 */
import type { PlanRealised } from '../../state/plan-realised.ts';
import { formatEth, formatPct, renderTable } from '../format/table.ts';

const eth = (wei: bigint | undefined): string => (wei === undefined ? 'n/a' : `${formatSigned(wei)} ETH`);

/**
 * ETH to 4 decimals, rounded half away from zero like the plan reasons (ethText); a value below
 * 0.0001 ETH in size keeps 6, so a small amount does not read 0.
 */
function formatSigned(wei: bigint): string {
  const abs = wei < 0n ? -wei : wei;
  const digits = abs > 0n && abs < 10n ** 14n ? 6 : 4;
  const half = 5n * 10n ** BigInt(17 - digits);
  return formatEth(wei < 0n ? wei - half : wei + half, digits);
}

/** One plan as a header line, its reason and a small expected/realised table. */
export function formatPlanRealised(p: PlanRealised): string {
  const landed = p.inclusionBlock === undefined ? p.status : `${p.status} in block ${p.inclusionBlock}`;
  const decided = p.decidedAtBlock === undefined ? '' : ` (decided at block ${p.decidedAtBlock}${p.decidedAt === undefined ? '' : `, ${new Date(p.decidedAt).toISOString()}`})`;
  const moved = p.realised.movedWei === undefined ? 'n/a' : `${eth(p.realised.movedWei)}${p.realised.unvalued?.length ? ` (+ ${p.realised.unvalued.join(', ')} not valued)` : ''}`;
  const net = p.realised.netChangeWei === undefined ? 'n/a' : `${eth(p.realised.netChangeWei)}${p.realised.netChangeFrom === 'book' ? ' (book value)' : ' (share price)'}`;
  const apy = p.realised.apy === undefined ? 'n/a (under a day)' : `${formatPct(p.realised.apy)} over ${(p.realised.apyDays ?? 0).toFixed(1)} days`;
  const table = renderTable(
    [{ header: '' }, { header: 'expected', align: 'right' }, { header: 'realised' }],
    [
      ['gas', eth(p.expected.gasCostWei), eth(p.realised.gasCostWei)],
      ['value moved', eth(p.expected.movedWei), moved],
      ['net change (gas aside)', eth(p.expected.netChangeWei), net],
      ['APY', p.expected.apy === undefined ? 'n/a' : formatPct(p.expected.apy), apy],
    ],
  );
  const checks = p.realised.checksOk === null ? 'none' : p.realised.checksOk ? 'all within tolerance' : 'SOME OUTSIDE TOLERANCE';
  return [
    `plan ${p.planId}  ${p.kind.toUpperCase()}  ${landed}${decided}`,
    ...(p.reason ? [`  reason: ${p.reason}`] : []),
    `  expected gain ${eth(p.expected.yearlyGainWei)}/year for a cost of ${eth(p.expected.totalCostWei)}; balance checks: ${checks}`,
    ...table.split('\n').map((l) => `  ${l}`.trimEnd()),
  ].join('\n');
}

/** The section `keeper audit` prints before the record log. */
export function formatPlansRealised(vault: string, rows: readonly PlanRealised[]): string {
  if (rows.length === 0) return `vault ${vault}: no plan has reached the chain yet`;
  return [`vault ${vault}: expected vs realised, newest plan first`, '', ...rows.map(formatPlanRealised).join('\n\n').split('\n')].join('\n');
}
