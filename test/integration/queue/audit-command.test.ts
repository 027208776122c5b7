/**
 * `keeper audit <vault>` against a real Redis holding records the daemon would write: text
 * for people, one JSON object per line for scripts, newest first, limit and kind filters,
 * expected vs realised per plan (joined with the share-price history) in plain units with
 * raw wei only in --json, and clear errors for an unknown vault or a bad limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';
import { Redis } from 'ioredis';
import { runAudit } from '../../../src/cli/commands/audit.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { createAuditLog } from '../../../src/state/audit.ts';
import { createSharePriceStore } from '../../../src/state/share-prices.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const WAD = 10n ** 18n;
const prefix = `rk-test-audit-cmd-${randomUUID()}`;
const dir = mkdtempSync(join(tmpdir(), 'rk-audit-'));
const config = join(dir, 'keeper.yaml');
const deployment = join(PROJECT_ROOT, 'test', 'unit', 'config', 'fixtures', 'deployment.json');
let redis: Redis;

function io(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: () => undefined, version: 'test', env: {} };
}

beforeAll(async () => {
  writeFileSync(config, readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8').replace('prefix: rk-devnet', `prefix: ${prefix}`));
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  const audit = createAuditLog(redis, chainScopedPrefix(prefix, 31337));
  // The rebalance behind the outcome below (written first: the hold at block 100 stays the newest decision).
  await audit.append({
    kind: 'decision', vault: 'devnet-main', at: Date.UTC(2026, 0, 1), job: 'observe/devnet-main-101', source: 'observe', block: 101,
    snapshot: { block: 101, timestamp: 1, baseFeeWei: 8_000_000_000n, idleWei: 20n * WAD, pendingWei: 0n, totalWei: 200n * WAD, positions: [{ id: 'weETH', rateWad: 1_040_000_000_000_000_000n, valueWei: 80n * WAD }], claimableRewards: [], queuedWithdrawals: 0, slashingEvents: 0 },
    estimates: [{ positionId: 'weETH', lrtApy: 0.032, avsApr: 0, netApy: 0.032, samples: 12, stale: false }],
    plan: { id: 'devnet-main-101-abcd', kind: 'rebalance', reason: 'move 12.5000 ETH for 0.1600 ETH/year at a cost of 0.0040 ETH', actions: [{}], totals: { movedWei: 125n * 10n ** 17n }, expectedYearlyGainWei: 16n * 10n ** 16n, breakEvenDays: 9, resultingWeights: { weETH: 6_000 } },
    disposition: 'queued',
  });
  const prices = createSharePriceStore(redis, chainScopedPrefix(prefix, 31337));
  await prices.record('devnet-main', { block: 100, timestamp: 1_000, priceWad: WAD });
  await prices.record('devnet-main', { block: 103, timestamp: 1_036, priceWad: 999_980_000_000_000_000n });
  await prices.record('devnet-main', { block: 7_300, timestamp: 1_036 + 86_400, priceWad: 1_000_080_000_000_000_000n });
  await audit.append({
    kind: 'decision', vault: 'devnet-main', at: Date.UTC(2026, 0, 1), job: 'observe/devnet-main-100', source: 'observe', block: 100,
    snapshot: { block: 100, timestamp: 1, baseFeeWei: 8_000_000_000n, idleWei: 20n * WAD, pendingWei: 0n, totalWei: 100n * WAD, positions: [{ id: 'weETH', rateWad: WAD, valueWei: 80n * WAD, dexDeviationBps: -812 }], claimableRewards: [], queuedWithdrawals: 0, slashingEvents: 0 },
    estimates: [{ positionId: 'weETH', lrtApy: 0.032, avsApr: 0, netApy: 0.032, samples: 12, stale: false }],
    verdict: { refused: true, mandatory: false, turnoverBps: 0, findings: [{ code: 'DEPEG', positionId: 'weETH', action: 'refused', observed: 812, limit: 200, message: 'weETH trades 812 bps below its rate' }] },
    targetWeights: { weETH: 5000 },
    plan: { kind: 'hold', reason: 'rebalance refused: DEPEG', actions: [], totals: {}, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {} },
    disposition: 'hold',
  });
  await audit.append({
    kind: 'outcome', vault: 'devnet-main', at: Date.UTC(2026, 0, 1, 0, 1), planId: 'devnet-main-101-abcd', status: 'included', inclusionBlock: 102,
    receipts: [{ hash: '0xfeed', block: 102, status: 1, gasUsed: 510_774n, effectiveGasPriceWei: 9_000_000_000n }],
    expected: { yearlyGainWei: 16n * WAD, totalCostWei: 4n * 10n ** 15n, gasCostWei: 4n * 10n ** 15n }, realised: { gasCostWei: 4_596_966_000_000_000n, balanceChecks: [{ token: 'native', label: 'ETH', expected: -125n * 10n ** 17n, floor: -125n * 10n ** 17n, actual: -125n * 10n ** 17n, ok: true }], checksOk: true },
  });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper audit', () => {
  it('prints the records newest first, with the numbers behind each decision', async () => {
    const cli = io();
    await runAudit('devnet-main', { config, deployment, limit: 20 }, cli);
    const text = cli.out.join('');
    expect(text.indexOf('OUTCOME')).toBeLessThan(text.indexOf('DECISION'));
    expect(text).toContain('plan devnet-main-101-abcd: included in block 102');
    expect(text).toContain('tx 0xfeed: status 1, gas 510774');
    expect(text).toContain('block 100 (observe): HOLD → hold');
    expect(text).toContain('weETH: net 3.20% = LRT 3.20%, value 80.0000 ETH, DEX -812 bps, target 50.00%');
    expect(text).toContain('risk refused: DEPEG weETH: weETH trades 812 bps below its rate');
  });

  it('prints JSON lines with exact amounts, filtered by kind and limited', async () => {
    const cli = io();
    await runAudit('devnet-main', { config, deployment, limit: 1, json: true, kind: ['decision'] }, cli);
    const lines = cli.out.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as { kind: string; snapshot: { totalWei: string } };
    expect(record.kind).toBe('decision');
    expect(record.snapshot.totalWei).toBe('100000000000000000000');
  });

  it('leads with expected vs realised per plan, in ETH and %, never raw wei', async () => {
    const cli = io();
    await runAudit('devnet-main', { config, deployment, limit: 20 }, cli);
    const text = cli.out.join('');
    expect(text.indexOf('expected vs realised')).toBeLessThan(text.indexOf('OUTCOME'));
    expect(text).toContain('plan devnet-main-101-abcd  REBALANCE  included in block 102 (decided at block 101, 2026-01-01T00:00:00.000Z)');
    expect(text).toContain('  reason: move 12.5000 ETH for 0.1600 ETH/year at a cost of 0.0040 ETH');
    expect(text).toMatch(/gas\s+0\.0040 ETH\s+0\.0046 ETH/);
    expect(text).toMatch(/value moved\s+12\.5000 ETH\s+12\.5000 ETH/);
    // Expected: the cost without gas (the keeper's account pays gas) = 0; realised 200 ETH × (0.99998 − 1) = −0.0040 ETH.
    expect(text).toMatch(/net change \(gas aside\)\s+0\.0000 ETH\s+-0\.0040 ETH \(share price\)/);
    // Expected 60 % × 3.2 %; realised over the day the plan stood: (1.00008 / 0.99998)^365 − 1.
    expect(text).toMatch(/APY\s+1\.92%\s+3\.72% over 1\.0 days/);
    expect(text).not.toMatch(/\d{13,}/);
  });

  it('prints one plan per JSON line with wei as decimal strings under --plans --json', async () => {
    const cli = io();
    await runAudit('devnet-main', { config, deployment, limit: 5, plans: true, json: true }, cli);
    const lines = cli.out.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const row = JSON.parse(lines[0]!) as { planId: string; expected: { gasCostWei: string }; realised: { gasCostWei: string; netChangeWei: string; netChangeFrom: string } };
    expect(row.planId).toBe('devnet-main-101-abcd');
    expect(row.expected.gasCostWei).toBe('4000000000000000');
    expect(row.realised).toMatchObject({ gasCostWei: '4596966000000000', netChangeWei: '-4000000000000000', netChangeFrom: 'share-price' });
  });

  it('refuses an unknown vault, kind or a bad limit with a short message', async () => {
    await expect(runAudit('nope', { config, deployment, limit: 5 }, io())).rejects.toThrow(/No vault named nope[\s\S]*known: devnet-main, devnet-eoa/);
    await expect(runAudit('devnet-main', { config, deployment, limit: 0 }, io())).rejects.toThrow(/--limit must be a positive integer/);
    await expect(runAudit('devnet-main', { config, deployment, limit: 5, kind: ['bogus'] }, io())).rejects.toThrow(/unknown record kind bogus/);
    const empty = io();
    await runAudit('devnet-eoa', { config, deployment, limit: 5 }, empty);
    expect(empty.out.join('')).toMatch(/^vault devnet-eoa: no audit records yet/);
  });
});
