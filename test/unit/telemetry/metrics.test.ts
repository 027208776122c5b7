import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createKeeperMetrics, weiToEther } from '../../../src/telemetry/metrics.ts';
import { attachMetrics } from '../../../src/telemetry/metrics-events.ts';
import { registerQueueDepth, type QueueCountsSource } from '../../../src/telemetry/queue-depth.ts';
import { cleanLabel, createLabelGuard, OVERFLOW_LABEL } from '../../../src/telemetry/labels.ts';

const ETH = 10n ** 18n;

function setup() {
  const registry = new Registry();
  const bus = createKeeperEventBus();
  const metrics = createKeeperMetrics(registry);
  attachMetrics(bus, metrics);
  return { registry, bus, metrics };
}

/** The value of one series in the exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('keeper metrics', () => {
  it('renders per-vault book gauges from vault.observed, and drops positions no longer held', async () => {
    const { registry, bus } = setup();
    bus.emit('vault.observed', {
      vault: 'main', block: 120, weightsBps: { weETH: 6000, 'rsETH-restaked': 2500 }, netApy: { weETH: 0.031, 'rsETH-restaked': 0.042 },
      pendingRewardsWei: 3n * ETH / 2n, idleAssetsWei: 150n * ETH, totalAssetsWei: 1000n * ETH, sharePriceWad: 1_012_500_000_000_000_000n,
    });
    let text = await registry.metrics();
    expect(sample(text, 'keeper_position_weight_bps{vault="main",position="weETH"}')).toBe(6000);
    expect(sample(text, 'keeper_position_weight_bps{vault="main",position="rsETH-restaked"}')).toBe(2500);
    expect(sample(text, 'keeper_position_net_apy_ratio{vault="main",position="rsETH-restaked"}')).toBe(0.042);
    expect(sample(text, 'keeper_vault_pending_rewards_ether{vault="main"}')).toBe(1.5);
    expect(sample(text, 'keeper_vault_idle_assets_ether{vault="main"}')).toBe(150);
    expect(sample(text, 'keeper_vault_total_assets_ether{vault="main"}')).toBe(1000);
    expect(sample(text, 'keeper_vault_observed_block{vault="main"}')).toBe(120);
    expect(sample(text, 'keeper_vault_share_price_ether{vault="main"}')).toBe(1.0125);

    bus.emit('vault.observed', { vault: 'main', block: 121, weightsBps: { weETH: 9000 }, netApy: { weETH: 0.03 }, pendingRewardsWei: 0n, idleAssetsWei: 100n * ETH, totalAssetsWei: 1000n * ETH });
    text = await registry.metrics();
    expect(sample(text, 'keeper_position_weight_bps{vault="main",position="weETH"}')).toBe(9000);
    expect(text).not.toContain('position="rsETH-restaked"');
  });

  it('counts plans by kind, refusals by reason, bundles and gas', async () => {
    const { registry, bus } = setup();
    bus.emit('plan.made', { vault: 'main', block: 1, kind: 'rebalance', reason: 'r' });
    bus.emit('plan.made', { vault: 'main', block: 2, kind: 'hold', reason: 'r' });
    bus.emit('plan.made', { vault: 'main', block: 3, kind: 'hold', reason: 'r' });
    bus.emit('plan.refused', { vault: 'main', block: 4, reasonCode: 'DEPEG', reason: 'ezETH trades 3 % below its rate' });
    bus.emit('bundle.sent', { vault: 'main', planId: 'p1', targetBlock: 5, relays: 2 });
    bus.emit('bundle.sent', { vault: 'main', planId: 'p1', targetBlock: 6, relays: 2 });
    bus.emit('bundle.missed', { vault: 'main', planId: 'p1', targetBlock: 5, blocksMissed: 1, final: false });
    bus.emit('bundle.included', { vault: 'main', planId: 'p1', block: 6, gasUsed: 350_000n, gasCostWei: 7n * 10n ** 15n, blocksWaited: 2 });
    const text = await registry.metrics();
    expect(sample(text, 'keeper_plans_total{vault="main",kind="rebalance"}')).toBe(1);
    expect(sample(text, 'keeper_plans_total{vault="main",kind="hold"}')).toBe(2);
    expect(sample(text, 'keeper_plans_refused_total{vault="main",reason="DEPEG"}')).toBe(1);
    expect(sample(text, 'keeper_bundles_sent_total{vault="main"}')).toBe(2);
    expect(sample(text, 'keeper_bundles_missed_total{vault="main"}')).toBe(1);
    expect(sample(text, 'keeper_bundles_included_total{vault="main"}')).toBe(1);
    expect(sample(text, 'keeper_gas_used_total{vault="main"}')).toBe(350_000);
    expect(sample(text, 'keeper_gas_spent_ether_total{vault="main"}')).toBe(0.007);
    // The free-text reason never becomes a label.
    expect(text).not.toContain('below its rate');
  });

  it('observes job latency by queue and counts final failures apart from retries', async () => {
    const { registry, bus } = setup();
    bus.emit('job.completed', { queue: 'observe', vault: 'main', jobId: 'main-1', durationMs: 40 });
    bus.emit('job.completed', { queue: 'observe', vault: 'main', jobId: 'main-2', durationMs: 700 });
    bus.emit('job.failed', { queue: 'execute', vault: 'main', jobId: 'p1', reason: 'relay down', attemptsMade: 1, final: false, durationMs: 3000 });
    bus.emit('job.failed', { queue: 'execute', vault: 'main', jobId: 'p1', reason: 'relay down', attemptsMade: 5, final: true });
    const text = await registry.metrics();
    expect(sample(text, 'keeper_job_duration_seconds_count{queue="observe",outcome="completed"}')).toBe(2);
    expect(sample(text, 'keeper_job_duration_seconds_bucket{le="0.05",queue="observe",outcome="completed"}')).toBe(1);
    expect(sample(text, 'keeper_job_duration_seconds_bucket{le="1",queue="observe",outcome="completed"}')).toBe(2);
    expect(sample(text, 'keeper_job_duration_seconds_count{queue="execute",outcome="failed"}')).toBe(1);
    expect(sample(text, 'keeper_jobs_failed_total{queue="execute",final="false"}')).toBe(1);
    expect(sample(text, 'keeper_jobs_failed_total{queue="execute",final="true"}')).toBe(1);
    expect(text).not.toContain('jobId');
  });

  it('tracks breakers as an open gauge and a trip counter', async () => {
    const { registry, bus } = setup();
    bus.emit('breaker.tripped', { vault: 'main', breaker: 'DEPEG', reason: 'x' });
    let text = await registry.metrics();
    expect(sample(text, 'keeper_breaker_open{vault="main",breaker="DEPEG"}')).toBe(1);
    bus.emit('breaker.reset', { vault: 'main', breaker: 'DEPEG' });
    text = await registry.metrics();
    expect(sample(text, 'keeper_breaker_open{vault="main",breaker="DEPEG"}')).toBe(0);
    expect(sample(text, 'keeper_breaker_trips_total{vault="main",breaker="DEPEG"}')).toBe(1);
  });

  it('follows the shared open set, so a breaker that reset in another process drops to 0 here', async () => {
    const { registry, bus } = setup();
    // This process announced the trip; another process won the reset and announced it there.
    // Label values keep ':' so they read as the docs name breakers (CODE:positionId).
    bus.emit('breaker.tripped', { vault: 'main', breaker: 'DEPEG:ezETH', reason: 'x' });
    bus.emit('breaker.state', { vault: 'main', open: ['DEPEG:ezETH', 'SLASHED_OPERATOR:ezETH-restaked'] });
    let text = await registry.metrics();
    expect(sample(text, 'keeper_breaker_open{vault="main",breaker="SLASHED_OPERATOR:ezETH-restaked"}')).toBe(1);
    bus.emit('breaker.state', { vault: 'main', open: ['SLASHED_OPERATOR:ezETH-restaked'] });
    text = await registry.metrics();
    expect(sample(text, 'keeper_breaker_open{vault="main",breaker="DEPEG:ezETH"}')).toBe(0);
    expect(sample(text, 'keeper_breaker_open{vault="main",breaker="SLASHED_OPERATOR:ezETH-restaked"}')).toBe(1);
    expect(sample(text, 'keeper_breaker_trips_total{vault="main",breaker="DEPEG:ezETH"}')).toBe(1);
  });

  it('registers nothing on the global default registry', async () => {
    const { register } = await import('prom-client');
    const before = (await register.getMetricsAsJSON()).length;
    setup();
    expect((await register.getMetricsAsJSON()).length).toBe(before);
  });

  it('folds label values beyond the budget into "other"', async () => {
    const registry = new Registry();
    const metrics = createKeeperMetrics(registry, createLabelGuard({ vault: 10, reason: 2 }));
    metrics.planRefused('main', 'DEPEG');
    metrics.planRefused('main', 'STALE_DATA');
    metrics.planRefused('main', 'made up at runtime 1');
    metrics.planRefused('main', 'made up at runtime 2');
    const text = await registry.metrics();
    expect(sample(text, `keeper_plans_refused_total{vault="main",reason="${OVERFLOW_LABEL}"}`)).toBe(2);
    expect(text.match(/^keeper_plans_refused_total\{/gm)).toHaveLength(3);
  });
});

describe('label cleaning', () => {
  it('always yields a short value in the safe alphabet', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const v = cleanLabel(raw);
        expect(v).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
      }),
    );
  });

  it('keeps config-style names unchanged', () => {
    expect(cleanLabel('devnet-main')).toBe('devnet-main');
    expect(cleanLabel('rsETH-restaked')).toBe('rsETH-restaked');
    expect(cleanLabel(undefined)).toBe('unknown');
    expect(cleanLabel('DEPEG:ezETH')).toBe('DEPEG:ezETH');
    expect(cleanLabel('SLASHED_OPERATOR:ezETH-restaked')).toBe('SLASHED_OPERATOR:ezETH-restaked');
    expect(cleanLabel('MIN NET GAIN: 0.3%')).toBe('MIN_NET_GAIN:_0.3_');
  });
});

describe('weiToEther', () => {
  it('converts exactly representable amounts exactly', () => {
    expect(weiToEther(0n)).toBe(0);
    expect(weiToEther(ETH)).toBe(1);
    expect(weiToEther(1234n * ETH + ETH / 4n)).toBe(1234.25);
  });
});

describe('queue depth', () => {
  it('samples counts at scrape, and a failing queue does not fail the scrape', async () => {
    const registry = new Registry();
    let waiting = 3;
    const ok: QueueCountsSource = { name: 'observe', getJobCounts: async () => ({ waiting, active: 1, delayed: 2, failed: 0, completed: 9 }) };
    const broken: QueueCountsSource = { name: 'execute', getJobCounts: async () => Promise.reject(new Error('redis gone')) };
    const hung: QueueCountsSource = { name: 'confirm', getJobCounts: () => new Promise(() => undefined) };
    const errors: string[] = [];
    registerQueueDepth(registry, () => [ok, broken, hung], { timeoutMs: 50, onError: (_e, q) => errors.push(q) });
    let text = await registry.metrics();
    expect(sample(text, 'keeper_queue_jobs{queue="observe",state="waiting"}')).toBe(3);
    expect(sample(text, 'keeper_queue_jobs{queue="observe",state="active"}')).toBe(1);
    expect(sample(text, 'keeper_queue_jobs{queue="observe",state="prioritized"}')).toBe(0);
    expect(text).not.toContain('queue="execute",state=');
    expect(sample(text, 'keeper_queue_depth_errors_total{queue="execute"}')).toBe(1);
    expect(sample(text, 'keeper_queue_depth_errors_total{queue="confirm"}')).toBe(1);
    expect(errors.sort()).toEqual(['confirm', 'execute']);
    waiting = 7;
    text = await registry.metrics();
    expect(sample(text, 'keeper_queue_jobs{queue="observe",state="waiting"}')).toBe(7);
  });
});
