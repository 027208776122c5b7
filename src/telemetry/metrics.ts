/**
 * The keeper's Prometheus metrics (prom-client), registered on a registry the caller owns.
 * No default global registry: two keepers in one test process, or a test next to a running
 * keeper, must never see each other's numbers.
 *
 * Labels are limited to vault name, position id, plan kind, reason code, queue and breaker
 * names, all passed through a label guard (see labels.ts); plan ids, blocks, hashes and
 * messages never become labels. Job latency is labelled by queue only: one histogram per
 * vault would multiply series by the vault count (1,000 vaults x 12 buckets per queue).
 *
 * @example
 *   const registry = new Registry();
 *   const metrics = createKeeperMetrics(registry);
 *   metrics.planRefused('main', 'DEPEG');
 *   await registry.metrics(); // text exposition format
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createLabelGuard, type LabelGuard } from './labels.ts';

export const METRIC_PREFIX = 'keeper_';

/** Seconds; from a fast observe (~50 ms) to a bundle waiting several blocks (~1 min). */
export const JOB_DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface VaultBook {
  weightsBps: Readonly<Record<string, number>>;
  netApy: Readonly<Record<string, number>>;
  pendingRewardsWei: bigint;
  idleAssetsWei: bigint;
  totalAssetsWei: bigint;
  block: number;
  /** The vault contract's share price (asset wei per 1e18 share wei), when it issues shares. */
  sharePriceWad?: bigint;
}

export interface KeeperMetrics {
  readonly registry: Registry;
  /** Replaces the vault's per-position gauges; positions no longer held are removed. */
  vaultObserved(vault: string, book: VaultBook): void;
  planMade(vault: string, kind: string, expectedApy?: number): void;
  /** Realised net APY per window (null: history too short, the series is removed). */
  vaultPerformance(vault: string, realisedApy: Readonly<Record<string, number | null>>): void;
  planRefused(vault: string, reasonCode: string): void;
  bundleSent(vault: string): void;
  bundleIncluded(vault: string, gasUsed: bigint, gasCostWei: bigint): void;
  bundleMissed(vault: string, final: boolean): void;
  jobFinished(queue: string, outcome: 'completed' | 'failed', durationMs: number | undefined, final?: boolean): void;
  /** A breaker tripped (counted) or reset, as announced once across processes. */
  breaker(vault: string, breaker: string, open: boolean): void;
  /** The full set open at the newest applied block: open ones 1, others this process knew 0. */
  breakersOpen(vault: string, open: readonly string[]): void;
  /** One RPC request's outcome on an endpoint (`<index>-<host>`): up gauge, failures counter. */
  rpcEndpoint(endpoint: string, up: boolean): void;
  /** Value the keeper's records and the chain disagree on at the last reconciliation. */
  bookReconciled(vault: string, unexplainedWei: bigint, items: number): void;
}

/** Wei as a float number of ether, for gauges (exact wei stays in the audit log). */
export function weiToEther(wei: bigint): number {
  const whole = wei / 10n ** 18n;
  const fraction = wei % 10n ** 18n;
  return Number(whole) + Number(fraction) / 1e18;
}

export function createKeeperMetrics(registry: Registry, guard: LabelGuard = createLabelGuard()): KeeperMetrics {
  const registers = [registry];
  const g = (name: string, help: string, labelNames: string[]) => new Gauge({ name: METRIC_PREFIX + name, help, labelNames, registers });
  const c = (name: string, help: string, labelNames: string[]) => new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers });

  const weight = g('position_weight_bps', 'Current weight of a position in the vault, basis points of total assets', ['vault', 'position']);
  const netApy = g('position_net_apy_ratio', 'Estimated net APY of a position after costs and risk penalties (0.035 = 3.5 %)', ['vault', 'position']);
  const pendingRewards = g('vault_pending_rewards_ether', 'Unclaimed rewards valued in the vault asset, ether', ['vault']);
  const idle = g('vault_idle_assets_ether', 'Idle vault asset not in any position, ether', ['vault']);
  const total = g('vault_total_assets_ether', 'Total vault assets, ether', ['vault']);
  const sharePrice = g('vault_share_price_ether', 'Assets one vault share is worth by the vault contract, ether (vault backend only)', ['vault']);
  const realised = g('vault_realised_apy_ratio', 'Realised net APY of the vault from its share price over the window (1d, 7d, 30d, inception), as a fraction', ['vault', 'window']);
  const expected = g('vault_expected_apy_ratio', 'APY the last decision expected of the book: resulting weights x estimated net APY, as a fraction', ['vault']);
  const observedBlock = g('vault_observed_block', 'Block of the last successful observation', ['vault']);
  const observedAt = g('vault_observed_timestamp_seconds', 'Wall clock of the last successful observation', ['vault']);
  const plans = c('plans_total', 'Plans made, by kind (hold included)', ['vault', 'kind']);
  const refused = c('plans_refused_total', 'Plans refused, by reason code', ['vault', 'reason']);
  const sent = c('bundles_sent_total', 'Bundles sent to relays (one per target block)', ['vault']);
  const included = c('bundles_included_total', 'Bundles included on chain', ['vault']);
  const missed = c('bundles_missed_total', 'Target blocks passed without the bundle', ['vault']);
  const expired = c('bundles_expired_total', 'Intents given up after every target block was missed', ['vault']);
  const gasUsed = c('gas_used_total', 'Gas used by included keeper transactions', ['vault']);
  const gasSpent = c('gas_spent_ether_total', 'Gas paid by included keeper transactions, ether', ['vault']);
  const jobs = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: 'Job processing time, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: JOB_DURATION_BUCKETS,
    registers,
  });
  const failed = c('jobs_failed_total', 'Failed job attempts; final="true" when BullMQ will not retry', ['queue', 'final']);
  const breakerOpen = g('breaker_open', '1 while a breaker is tripped', ['vault', 'breaker']);
  const breakerTrips = c('breaker_trips_total', 'Times a breaker tripped', ['vault', 'breaker']);
  const rpcUp = g('rpc_endpoint_up', '1 when the last request to this chain.rpcUrls endpoint succeeded, 0 when it failed', ['endpoint']);
  const rpcFailures = c('rpc_endpoint_failures_total', 'Requests an RPC endpoint failed (then the next endpoint was asked)', ['endpoint']);
  const unexplained = g('book_unexplained_ether', 'Value the keeper\'s book and the chain disagree on at the last reconciliation, ether (0 = every wei accounted)', ['vault']);
  const unexplainedItems = g('book_unexplained_items', 'Discrepancies found by the last reconciliation (an untracked NFT counts even when its value is unknown)', ['vault']);

  // Positions last reported per vault, so a position that was sold stops being exported.
  const positionsByVault = new Map<string, Set<string>>();
  // Breakers this process has exported per vault, so one that closed elsewhere drops to 0.
  const breakersByVault = new Map<string, Set<string>>();

  return {
    registry,
    vaultObserved(vaultName, book) {
      const vault = guard.value('vault', vaultName);
      const now = new Set<string>();
      for (const [id, bps] of Object.entries(book.weightsBps)) {
        const position = guard.value('position', id);
        now.add(position);
        weight.set({ vault, position }, bps);
      }
      for (const [id, apy] of Object.entries(book.netApy)) {
        const position = guard.value('position', id);
        now.add(position);
        if (Number.isFinite(apy)) netApy.set({ vault, position }, apy);
      }
      for (const gone of positionsByVault.get(vault) ?? []) {
        if (now.has(gone)) continue;
        weight.remove({ vault, position: gone });
        netApy.remove({ vault, position: gone });
      }
      positionsByVault.set(vault, now);
      pendingRewards.set({ vault }, weiToEther(book.pendingRewardsWei));
      idle.set({ vault }, weiToEther(book.idleAssetsWei));
      total.set({ vault }, weiToEther(book.totalAssetsWei));
      if (book.sharePriceWad !== undefined) sharePrice.set({ vault }, weiToEther(book.sharePriceWad));
      observedBlock.set({ vault }, book.block);
      observedAt.set({ vault }, Math.floor(Date.now() / 1000));
    },
    planMade(vaultName, kind, expectedApy) {
      const vault = guard.value('vault', vaultName);
      plans.inc({ vault, kind: guard.value('kind', kind) });
      if (expectedApy !== undefined && Number.isFinite(expectedApy)) expected.set({ vault }, expectedApy);
    },
    vaultPerformance(vaultName, apys) {
      const vault = guard.value('vault', vaultName);
      for (const [name, apy] of Object.entries(apys)) {
        const window = guard.value('window', name);
        if (apy === null || !Number.isFinite(apy)) realised.remove({ vault, window });
        else realised.set({ vault, window }, apy);
      }
    },
    planRefused: (vault, reasonCode) => refused.inc({ vault: guard.value('vault', vault), reason: guard.value('reason', reasonCode) }),
    bundleSent: (vault) => sent.inc({ vault: guard.value('vault', vault) }),
    bundleIncluded(vaultName, used, costWei) {
      const vault = guard.value('vault', vaultName);
      included.inc({ vault });
      gasUsed.inc({ vault }, Number(used));
      gasSpent.inc({ vault }, weiToEther(costWei));
    },
    bundleMissed(vaultName, final) {
      const vault = guard.value('vault', vaultName);
      missed.inc({ vault });
      if (final) expired.inc({ vault });
    },
    jobFinished(queueName, outcome, durationMs, final = false) {
      const queue = guard.value('queue', queueName);
      if (durationMs !== undefined && durationMs >= 0) jobs.observe({ queue, outcome }, durationMs / 1000);
      if (outcome === 'failed') failed.inc({ queue, final: final ? 'true' : 'false' });
    },
    breaker(vaultName, breakerName, open) {
      const vault = guard.value('vault', vaultName);
      const breaker = guard.value('breaker', breakerName);
      breakerOpen.set({ vault, breaker }, open ? 1 : 0);
      const known = breakersByVault.get(vault) ?? new Set<string>();
      known.add(breaker);
      breakersByVault.set(vault, known);
      if (open) breakerTrips.inc({ vault, breaker });
    },
    bookReconciled(vaultName, wei, items) {
      const vault = guard.value('vault', vaultName);
      unexplained.set({ vault }, weiToEther(wei));
      unexplainedItems.set({ vault }, items);
    },
    breakersOpen(vaultName, open) {
      const vault = guard.value('vault', vaultName);
      const now = new Set(open.map((name) => guard.value('breaker', name)));
      const known = breakersByVault.get(vault) ?? new Set<string>();
      for (const breaker of known) if (!now.has(breaker)) breakerOpen.set({ vault, breaker }, 0);
      for (const breaker of now) breakerOpen.set({ vault, breaker }, 1);
      breakersByVault.set(vault, new Set([...known, ...now]));
    },
    rpcEndpoint(name, up) {
      const endpoint = guard.value('endpoint', name);
      rpcUp.set({ endpoint }, up ? 1 : 0);
      if (!up) rpcFailures.inc({ endpoint });
    },
  };
}
