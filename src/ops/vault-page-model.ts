/**
 * What the vault page shows, per vault, already in the units a person reads (ETH to 4
 * decimals, % to 2): total assets, share price and its history, realised vs expected APY,
 * fees taken, allocation now vs target, risk findings, open breakers, pending withdrawals and
 * the recent decisions with their reasons. Built from the same `keeper status` model (so the
 * page and `keeper status --json` cannot disagree) plus the audit log, the breaker state and
 * the share-price history. Raw wei stay in the `*Wei` fields for scripts.
 */
import { formatEth } from '../cli/format/table.ts';
import { BPS } from '../domain/units.ts';
import type { SharePriceSample } from '../perf/realised-apy.ts';
import type { DecisionRecord, RejectedRecord } from '../state/audit.ts';
import type { KeeperStatus, VaultStatus } from './status.ts';
import { isActive } from './status.ts';
import { feeRangeText, feesBeforeFirstSampleText } from './status-format.ts';
import type { FeesTakenSummary } from '../perf/vault-performance.ts';

export interface VaultPageSources {
  status(): Promise<KeeperStatus>;
  /** Newest first. */
  recentDecisions(vault: string, limit: number): Promise<readonly (DecisionRecord | RejectedRecord)[]>;
  openBreakers(vault: string): Promise<ReadonlyMap<string, number>>;
  sharePrices(vault: string): Promise<readonly SharePriceSample[]>;
}

export interface AllocationRow {
  position: string;
  valueEth: string;
  nowPct: string;
  targetPct: string;
  nowBps: number;
  targetBps: number;
}

export interface VaultCard {
  name: string;
  address: string;
  backend: string;
  state: 'ACTIVE' | 'PAUSED';
  totalAssetsEth: string;
  totalAssetsWei: string;
  idleEth: string;
  sharePriceEth: string;
  realisedApy: { '1d': string; '7d': string; '30d': string; inception: string };
  expectedApy: string;
  gasPaidEth: string;
  /** Fees the vault's fee contract minted (vault backend, once the keeper has a share-price sample); null otherwise. */
  fees: FeesCard | null;
  allocation: AllocationRow[];
  findings: { code: string; position: string; action: string; message: string }[];
  breakers: { name: string; sinceBlock: number }[];
  pendingWithdrawals: { kind: string; position: string; eth: string; due: string }[];
  decisions: { block: string; at: string; what: string; reason: string }[];
  /** Share price history for the chart: unix seconds and ETH per share. */
  chart: { t: number; price: number }[];
}

/** The fees line of `keeper status`, in ETH, with the wei for scripts. */
export interface FeesCard {
  totalEth: string;
  managementEth: string;
  performanceEth: string;
  managementWei: string;
  performanceWei: string;
  fromBlock: number;
  toBlock: number;
  since: FeesTakenSummary['since'];
  /** e.g. "blocks 100-9000, since the vault's deployment". */
  range: string;
  beforeFirstSampleWei: string;
  /** What was minted before the first sample and priced at the first recorded share price; null when nothing was. */
  beforeFirstSample: string | null;
}

export interface VaultPageModel {
  generatedAt: number;
  chainId: number;
  block: number | null;
  vaults: VaultCard[];
}

const RECENT_DECISIONS = 10;
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const bpsPct = (bps: number): string => `${(bps / 100).toFixed(2)}%`;

/** @example const model = await buildVaultPage(sources); res.json(model) */
export async function buildVaultPage(sources: VaultPageSources): Promise<VaultPageModel> {
  const status = await sources.status();
  const vaults = await Promise.all(
    status.vaults.map(async (v) => {
      const [decisions, breakers, prices] = await Promise.all([sources.recentDecisions(v.name, RECENT_DECISIONS), sources.openBreakers(v.name), sources.sharePrices(v.name)]);
      return card(v, decisions, breakers, prices);
    }),
  );
  return { generatedAt: status.generatedAt, chainId: status.chainId, block: status.block ?? null, vaults };
}

function card(v: VaultStatus, decisions: readonly (DecisionRecord | RejectedRecord)[], breakers: ReadonlyMap<string, number>, prices: readonly SharePriceSample[]): VaultCard {
  const lastDecision = decisions.find((d): d is DecisionRecord => d.kind === 'decision' && d.snapshot !== undefined);
  const snapshot = lastDecision?.snapshot;
  const total = snapshot?.totalWei ?? 0n;
  const perf = v.performance;
  return {
    name: v.name,
    address: v.address,
    backend: v.backend,
    state: isActive(v) ? 'ACTIVE' : 'PAUSED',
    totalAssetsEth: snapshot ? formatEth(total) : 'n/a',
    totalAssetsWei: total.toString(),
    idleEth: snapshot ? formatEth(snapshot.idleWei) : 'n/a',
    sharePriceEth: perf?.sharePriceWad !== undefined ? formatEth(perf.sharePriceWad) : 'n/a',
    realisedApy: {
      '1d': pct(perf?.realisedApy['1d']),
      '7d': pct(perf?.realisedApy['7d']),
      '30d': pct(perf?.realisedApy['30d']),
      inception: pct(perf?.realisedApy.inception),
    },
    expectedApy: pct(perf?.expectedApy),
    gasPaidEth: perf ? formatEth(perf.gasSpentWei) : 'n/a',
    fees: perf?.feesTaken ? feesCard(perf.feesTaken) : null,
    allocation: (snapshot?.positions ?? []).map((p) => {
      const nowBps = total > 0n ? Number((p.valueWei * BigInt(BPS)) / total) : 0;
      const targetBps = lastDecision?.targetWeights?.[p.id] ?? nowBps;
      return { position: p.id, valueEth: formatEth(p.valueWei), nowPct: bpsPct(nowBps), targetPct: bpsPct(targetBps), nowBps, targetBps };
    }),
    findings: (lastDecision?.verdict?.findings ?? []).map((f) => ({ code: f.code, position: f.positionId ?? '', action: f.action, message: f.message })),
    breakers: [...breakers].map(([name, sinceBlock]) => ({ name, sinceBlock })),
    pendingWithdrawals: v.pendingWithdrawals.map((w) => ({
      kind: w.kind,
      position: w.positionId,
      eth: formatEth(w.expectedWei),
      due: w.completableAt !== undefined ? new Date(w.completableAt * 1000).toISOString() : w.completableAtBlock !== undefined ? `block ${w.completableAtBlock}` : '-',
    })),
    decisions: decisions.map((d) => ({
      block: d.block !== undefined ? String(d.block) : '-',
      at: new Date(d.at).toISOString(),
      what: d.kind === 'rejected' ? 'observation rejected' : `${d.plan.kind} (${d.disposition})`,
      reason: d.kind === 'rejected' ? d.reasons.join('; ') : d.plan.reason,
    })),
    chart: prices.map((s) => ({ t: s.timestamp, price: Number(s.priceWad / 10n ** 6n) / 1e12 })),
  };
}

function feesCard(f: FeesTakenSummary): FeesCard {
  return {
    totalEth: formatEth(f.managementWei + f.performanceWei),
    managementEth: formatEth(f.managementWei),
    performanceEth: formatEth(f.performanceWei),
    managementWei: f.managementWei.toString(),
    performanceWei: f.performanceWei.toString(),
    fromBlock: f.fromBlock,
    toBlock: f.toBlock,
    since: f.since,
    range: feeRangeText(f),
    beforeFirstSampleWei: f.beforeFirstSampleWei.toString(),
    beforeFirstSample: feesBeforeFirstSampleText(f) ?? null,
  };
}
