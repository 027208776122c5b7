/**
 * The vault page in Debian's headless Chromium: served by the ops app from literal keeper
 * state, it draws the share-price chart, shows every number exactly as `keeper status --json`
 * gives it (in ETH and %), fees taken with their split and blocks, lists findings, breakers,
 * withdrawals and decisions with their reasons, sits behind the dashboard token, and redraws
 * by itself when the state changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createOpsApp, listen, type ListeningServer } from '../../src/telemetry/ops-server.ts';
import { Registry } from 'prom-client';
import { createLogger } from '../../src/telemetry/logger.ts';
import { startLivenessMonitor } from '../../src/telemetry/liveness.ts';
import { buildVaultPage, type VaultPageSources } from '../../src/ops/vault-page-model.ts';
import { collectStatus, type KeeperStatus, type StatusSources } from '../../src/ops/status.ts';
import { formatEth } from '../../src/cli/format/table.ts';
import { toJson } from '../../src/cli/format/json.ts';
import type { DecisionRecord } from '../../src/state/audit.ts';
import type { SharePriceSample } from '../../src/perf/realised-apy.ts';
import { launchChromium, type TestBrowser } from '../helpers/chromium.ts';

const TOKEN = 'vault-page-test-token-0123456789';
const WAD = 10n ** 18n;
const DAY = 86_400;
const T0 = 1_800_000_000;
const VAULTS = [{ name: 'devnet-main', address: '0x00000000000000000000000000000000000000aa', backend: 'vault' as const }];

let samples: SharePriceSample[] = Array.from({ length: 31 }, (_, d) => ({ block: 1_000 + d * 7_200, timestamp: T0 + d * DAY, priceWad: WAD + BigInt(d) * 90_000_000_000_000n }));
let reason = 'move 27.9700 ETH to weETH-eigen for 1.3130 ETH/year at a cost of 0.0102 ETH';

const decision = (): DecisionRecord =>
  ({
    kind: 'decision',
    at: (T0 + 30 * DAY) * 1000,
    vault: 'devnet-main',
    source: 'observe',
    block: samples.at(-1)!.block,
    snapshot: {
      block: samples.at(-1)!.block,
      timestamp: T0 + 30 * DAY,
      baseFeeWei: 10n ** 9n,
      idleWei: 20n * WAD,
      pendingWei: 0n,
      totalWei: 1_002_700_000_000_000_000_000n,
      positions: [
        { id: 'weETH', rateWad: WAD, valueWei: 400n * WAD },
        { id: 'ezETH-eigen', rateWad: WAD, valueWei: 582_700_000_000_000_000_000n },
      ],
      claimableRewards: [],
      queuedWithdrawals: 1,
    },
    estimates: [
      { positionId: 'weETH', lrtApy: 0.03, avsApr: 0, netApy: 0.03, samples: 20, stale: false },
      { positionId: 'ezETH-eigen', lrtApy: 0.031, avsApr: 0.012, netApy: 0.041, samples: 20, stale: false },
    ],
    verdict: { refused: false, mandatory: false, turnoverBps: 280, findings: [{ code: 'DEPEG', positionId: 'ezETH-eigen', action: 'freeze', observed: 310, limit: 200, message: 'ezETH trades 3.10% under its rate (limit 2.00%): deposits frozen' }] },
    targetWeights: { weETH: 4000, 'ezETH-eigen': 5800 },
    plan: { kind: 'rebalance', reason, actions: [], totals: {}, expectedYearlyGainWei: 0n, breakEvenDays: 3, resultingWeights: { weETH: 4000, 'ezETH-eigen': 5800 } },
    disposition: 'queued',
  }) as unknown as DecisionRecord;

const statusSources: StatusSources = {
  pausedVaults: async () => new Map(),
  lastDecision: async () => decision(),
  openIntents: async () => [],
  pendingWithdrawals: async () => [{ id: 'w1', kind: 'eigen', positionId: 'ezETH-eigen', expectedWei: 12_345_600_000_000_000_000n, queuedBlock: 900, completableAt: T0 + 31 * DAY } as never],
  onChainPaused: async () => false,
  blockNumber: async () => samples.at(-1)!.block,
  performance: async () => ({
    history: samples,
    gasSpentWei: 71_000_000_000_000_000n,
    feesTaken: { managementWei: 2_000_000_000_000_000_000n, performanceWei: 199_900_000_000_000_000n, fromBlock: 400, toBlock: samples.at(-1)!.block, since: 'deployment', firstSampleBlock: 1_000, beforeFirstSampleWei: 500_000_000_000_000_000n },
  }),
};
const now = () => T0 + 30 * DAY;
const pageSources: VaultPageSources = {
  status: () => collectStatus(VAULTS, 31337, statusSources, now),
  recentDecisions: async () => [decision()],
  openBreakers: async () => new Map([['DEPEG:ezETH-eigen', 1_200]]),
  sharePrices: async () => samples,
};

let server: ListeningServer;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const liveness = startLivenessMonitor();
  const { app } = createOpsApp({ registry: new Registry(), liveness, readiness: [], logger: createLogger({ level: 'silent' }), dashboard: { token: TOKEN, queues: [] }, vaultPage: () => buildVaultPage(pageSources) });
  liveness.stop();
  server = await listen(app, 0);
  browser = await launchChromium(process.env);
  page = await browser.context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const kpi = async (key: string): Promise<string> => (await page.locator(`[data-kpi="${key}"]`).first().textContent()) ?? '';

describe('vault page', () => {
  it('refuses a request without the dashboard token', async () => {
    expect((await fetch(`${server.url}/vaults`)).status).toBe(401);
    expect((await fetch(`${server.url}/vaults/data.json`)).status).toBe(401);
  });

  it('shows the numbers of keeper status --json, in ETH and %', async () => {
    await page.goto(`${server.url}/vaults?token=${TOKEN}&refresh=1000`);
    await page.locator('[data-vault="devnet-main"]').waitFor();
    const status = JSON.parse(toJson(await collectStatus(VAULTS, 31337, statusSources, now))) as KeeperStatus & { vaults: { performance: { realisedApy: Record<string, number | null>; gasSpentWei: string; expectedApy: number; sharePriceWad: string } }[] };
    const perf = status.vaults[0]!.performance;
    const pct = (x: number | null | undefined) => (x == null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
    expect(await kpi('apy1d')).toBe(pct(perf.realisedApy['1d']));
    expect(await kpi('apy7d')).toBe(pct(perf.realisedApy['7d']));
    expect(await kpi('apy30d')).toBe(pct(perf.realisedApy['30d']));
    expect(await kpi('apyInception')).toBe(pct(perf.realisedApy.inception));
    expect(await kpi('expectedApy')).toBe(pct(perf.expectedApy));
    expect(await kpi('gasPaid')).toBe(`${formatEth(BigInt(perf.gasSpentWei))} ETH`);
    expect(await kpi('sharePrice')).toBe(`${formatEth(BigInt(perf.sharePriceWad))} ETH`);
    expect(await kpi('totalAssets')).toBe('1002.7000 ETH');
    expect(await kpi('idle')).toBe('20.0000 ETH');
    // Realised 30-day APY of a price growing 0.009% a day, and 40% at 3% + 58% at 4.1%.
    expect(await kpi('apy30d')).toBe('3.33%');
    expect(await kpi('expectedApy')).toBe('3.58%');
    const text = (await page.locator('[data-vault="devnet-main"]').textContent()) ?? '';
    for (const expected of ['39.89%', '40.00%', '58.11%', '58.00%', 'DEPEG', 'deposits frozen', 'DEPEG:ezETH-eigen', '12.3456', reason]) expect(text).toContain(expected);
    // Fees as keeper status prints them: in ETH, split, with the blocks and where the count starts.
    expect(await kpi('feesTaken')).toBe('2.1999 ETH');
    const fees = (await page.locator('[data-vault="devnet-main"] [data-fees]').textContent()) ?? '';
    expect(fees).toContain("fees: management 2.0000 ETH, performance 0.1999 ETH; blocks 400-217000, since the vault's deployment");
    expect(fees).toContain('0.5000 ETH of it minted before the first share-price sample (block 1000), priced at the first recorded share price');
    expect(pageErrors).toEqual([]);
  });

  it('draws the share price history', async () => {
    // The page draws after its first data fetch: wait for the chart rather than read it at once
    // (a loaded machine showed the chart not yet drawn).
    const chart = page.locator('svg.chart[data-points="31"]').first();
    await chart.waitFor({ timeout: 10_000 });
    expect(await chart.getAttribute('data-points')).toBe('31');
    const points = ((await chart.locator('polyline').getAttribute('points')) ?? '').split(' ');
    expect(points).toHaveLength(31);
    // The page redraws itself on a timer; a chart caught mid-redraw has no box yet.
    await expect.poll(async () => (await chart.boundingBox())?.width ?? 0, { timeout: 10_000 }).toBeGreaterThan(600);
    // Rising price: the last point is drawn higher (smaller y) than the first.
    const y = (p: string) => Number(p.split(',')[1]);
    expect(y(points.at(-1)!)).toBeLessThan(y(points[0]!));
  });

  it('redraws by itself when the keeper state changes', async () => {
    samples = [...samples, { block: samples.at(-1)!.block + 7_200, timestamp: T0 + 31 * DAY, priceWad: samples.at(-1)!.priceWad + 90_000_000_000_000n }];
    reason = 'hold: no move pays its cost (best gain 0.0004 ETH/year against 0.0090 ETH of gas)';
    await page.locator('svg.chart[data-points="32"]').waitFor({ timeout: 10_000 });
    expect((await page.locator('[data-vault="devnet-main"]').textContent()) ?? '').toContain('no move pays its cost');
  });
});
