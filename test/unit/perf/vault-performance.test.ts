import { describe, expect, it } from 'vitest';
import { expectedApy, vaultPerformance } from '../../../src/perf/vault-performance.ts';
import type { DecisionRecord } from '../../../src/state/audit.ts';
import { formatStatus } from '../../../src/ops/status-format.ts';
import type { KeeperStatus } from '../../../src/ops/status.ts';

const WAD = 10n ** 18n;
const DAY = 86_400;

function decision(weights: Record<string, number>, apys: Record<string, number>): DecisionRecord {
  return {
    kind: 'decision',
    at: 0,
    vault: 'main',
    source: 'observe',
    block: 100,
    estimates: Object.entries(apys).map(([positionId, netApy]) => ({ positionId, lrtApy: netApy, avsApr: 0, netApy, samples: 10, stale: false })),
    plan: { kind: 'hold', reason: 'no gain', actions: [], totals: {}, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: weights },
    disposition: 'hold',
  } as unknown as DecisionRecord;
}

describe('expectedApy', () => {
  it('weighs each position net APY by its resulting weight; idle earns nothing', () => {
    // 40% at 3%, 30% at 4%, 28% at 2.5%, 2% idle: 1.2 + 1.2 + 0.7 = 3.1%
    expect(expectedApy(decision({ weETH: 4000, ezETH: 3000, rsETH: 2800 }, { weETH: 0.03, ezETH: 0.04, rsETH: 0.025 }))).toBeCloseTo(0.031, 12);
  });
});

describe('vault performance in keeper status', () => {
  it('prints the share price, realised APY per window, the expected APY and gas in plain units', () => {
    const history = [
      { block: 1, timestamp: 0, priceWad: WAD },
      { block: 50_400, timestamp: 7 * DAY, priceWad: 1_000_600_000_000_000_000n },
    ];
    const perf = vaultPerformance(history, 12_345_000_000_000_000n, decision({ weETH: 9800 }, { weETH: 0.032 }));
    expect(perf.realisedApy['7d']).toBeCloseTo(Math.pow(1.0006, 365 / 7) - 1, 9);
    expect(perf.realisedApy['1d']).toBeNull();
    const status: KeeperStatus = {
      generatedAt: 0,
      chainId: 1,
      block: 50_400,
      vaults: [{ name: 'main', address: '0xabc', backend: 'vault', onChain: { state: 'active' }, openIntents: [], pendingWithdrawals: [], performance: perf }],
    };
    const text = formatStatus(status, 0);
    expect(text).toContain('share price:    1.0006 ETH per share (block 50400)');
    expect(text).toContain('realised APY:   1d n/a, 7d 3.18%, 30d n/a, since inception 3.18%; expected at last decision 3.14%');
    expect(text).toContain('gas paid:       0.0123 ETH');
    expect(text).not.toContain('fees taken');
  });

  it('prints the fees taken, management and performance apart, in ETH, counted since the deployment', () => {
    const perf = vaultPerformance([{ block: 1_200, timestamp: 0, priceWad: WAD }], 0n, undefined, {
      managementWei: 2_000_000_000_000_000_000n,
      performanceWei: 199_900_000_000_000_000n,
      fromBlock: 100,
      toBlock: 9_000,
      since: 'deployment',
      firstSampleBlock: 1_200,
      beforeFirstSampleWei: 500_000_000_000_000_000n,
    });
    const status: KeeperStatus = { generatedAt: 0, chainId: 1, block: 9_000, vaults: [{ name: 'main', address: '0xabc', backend: 'vault', onChain: { state: 'active' }, openIntents: [], pendingWithdrawals: [], performance: perf }] };
    const text = formatStatus(status, 0);
    expect(text).toContain("fees taken:     2.1999 ETH (management 2.0000 ETH, performance 0.1999 ETH; blocks 100-9000, since the vault's deployment)\n");
    expect(text).toContain('                  0.5000 ETH of it minted before the first share-price sample (block 1200), priced at the first recorded share price\n');
  });

  it('says when fees are counted from the first sample because the deployment block is not configured', () => {
    const perf = vaultPerformance([{ block: 1_200, timestamp: 0, priceWad: WAD }], 0n, undefined, {
      managementWei: 2_000_000_000_000_000_000n,
      performanceWei: 0n,
      fromBlock: 1_200,
      toBlock: 9_000,
      since: 'first-sample',
      firstSampleBlock: 1_200,
      beforeFirstSampleWei: 0n,
    });
    const status: KeeperStatus = { generatedAt: 0, chainId: 1, block: 9_000, vaults: [{ name: 'main', address: '0xabc', backend: 'vault', onChain: { state: 'active' }, openIntents: [], pendingWithdrawals: [], performance: perf }] };
    const text = formatStatus(status, 0);
    expect(text).toContain("fees taken:     2.0000 ETH (management 2.0000 ETH, performance 0.0000 ETH; blocks 1200-9000, since the keeper's first share-price sample (vaults[].deployedAtBlock not set))\n");
    expect(text).not.toContain('priced at the first recorded share price');
  });
});
