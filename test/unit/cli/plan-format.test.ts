import { describe, expect, it } from 'vitest';
import { formatBps, formatEth, renderTable } from '../../../src/cli/format/table.ts';
import { describeAction, formatReport } from '../../../src/cli/format/plan-text.ts';
import { toJson } from '../../../src/cli/format/json.ts';
import type { PlanReport } from '../../../src/cli/format/report-model.ts';

const E = 10n ** 18n;

const REPORT: PlanReport = {
  ok: true,
  vault: { name: 'devnet-eoa', address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', backend: 'eoa' },
  chainId: 31337,
  block: 121,
  timestamp: 1_700_000_000,
  baseFeeWei: 8_000_000_000n,
  totalWei: 100n * E,
  idleWei: 30n * E,
  idleBps: 3000,
  pendingBps: 0,
  delegatedTo: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  operator: { name: 'op-alpha', address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', source: 'delegated' },
  strategy: 'risk-adjusted-yield',
  positions: [
    { id: 'weETH', symbol: 'weETH', restaked: false, riskTier: 1, valueWei: 40n * E, currentBps: 4000, targetBps: 5000, approvedBps: 4500, afterBps: 4482, netApy: 0.0321, lrtApy: 0.0321, avsApr: 0, streamApr: 0, feesApy: 0, slashingApy: 0, riskPenalty: 0, stale: false, samples: 25, windowSeconds: 604_800 },
    { id: 'ezETH-restaked', symbol: 'ezETH', restaked: true, riskTier: 3, valueWei: 30n * E, currentBps: 3000, targetBps: 0, approvedBps: 3000, afterBps: 3000, netApy: 0.041, lrtApy: 0.029, avsApr: 0.015, streamApr: 0, feesApy: 0, slashingApy: 0.003, riskPenalty: null, stale: true, samples: 1, windowSeconds: 0 },
  ],
  findings: [{ code: 'DEPEG', positionId: 'ezETH-restaked', observed: -800.12, limit: 200, action: 'exit', message: 'ezETH-restaked: DEX price -800.12 bps from the protocol rate (limit ±200), exiting' }],
  actions: [
    { kind: 'deposit-lrt', positionId: 'weETH', amountWei: 5n * E, expectedLrt: 4_672_897_196_261_682_242n, minLrt: 4_644_859_813_084_112_149n, gas: 200_000, why: 'weETH: mint weETH at the protocol rate' },
    { kind: 'withdraw', positionId: 'weETH', route: 'dex', amountLrt: 2n * E, fairValueWei: 2_140_000_000_000_000_000n, expectedOutWei: 2_130_000_000_000_000_000n, minOutWei: 2_127_160_000_000_000_000n, costWei: 10_000_000_000_000_000n, slippageBps: 46.7, delaySeconds: 0, gas: 220_000, why: 'sell' },
  ],
  totals: { gasUnits: 200_000, gasCostWei: 1_600_000_000_000_000n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 1_600_000_000_000_000n, movedWei: 5n * E },
  expectedYearlyGainWei: 60_000_000_000_000_000n,
  breakEvenDays: 9.733,
  decision: { kind: 'rebalance', act: true, reason: 'move 5 ETH' },
  rationale: ['weETH: net 3.21% − risk 0.00% = 3.21%'],
  compounding: { rewardWeiPerDay: 2_000_000_000_000_000n, compoundCostWei: 4_000_000_000_000_000n, optimalIntervalDays: 12.34 },
  notes: ['rate history: 24 samples bootstrapped from past blocks'],
};

describe('plan output', () => {
  it('pads table columns and right-aligns numbers', () => {
    expect(renderTable([{ header: 'id' }, { header: 'bps', align: 'right' }], [['weETH', '4000'], ['ezETH-restaked', '5']])).toBe(
      ['id               bps', 'weETH           4000', 'ezETH-restaked     5'].join('\n'),
    );
  });

  it('says what the DEX entries buy over a mint, when they do', () => {
    const text = formatReport({ ...REPORT, totals: { ...REPORT.totals, entryGainWei: 12_000_000_000_000_000n } });
    expect(text).toContain('queue delay 0.000000), less 0.012000 ETH the DEX entries buy over a mint · break-even 9.7 days');
  });

  it('formats wei and bps exactly', () => {
    expect(formatEth(1_234_567_890_000_000_000n)).toBe('1.2345');
    expect(formatEth(-5n * 10n ** 14n, 6)).toBe('-0.000500');
    expect(formatEth(0n, 0)).toBe('0');
    expect(formatBps(4567)).toBe('45.67%');
  });

  it('prints positions, findings, actions with min-outs, gain vs cost and the decision', () => {
    const text = formatReport(REPORT);
    const lines = text.split('\n');
    expect(lines[0]).toBe('vault devnet-eoa (0x70997970C51812dc3A010C7d01b50e0d17dc79C8, eoa) · chain 31337 · block 121 · 2023-11-14T22:13:20.000Z · base fee 8.00 gwei');
    expect(lines[1]).toBe('total 100.0000 ETH · idle 30.0000 ETH (30.00%) · in withdrawal queues 0.00% · operator op-alpha 0x9965…A4dc (delegated on chain) · strategy risk-adjusted-yield');
    expect(lines[3]).toBe('position        tier  value ETH     now  target  approved   after  net APY  LRT APY  AVS APR  streams   fees  slashing  risk pen.  data');
    expect(lines[4]).toBe('weETH              1    40.0000  40.00%  50.00%    45.00%  44.82%    3.21%    3.21%    0.00%    0.00%  0.00%     0.00%      0.00%  7d window, 25 samples');
    expect(lines[5]).toBe('ezETH-restaked     3    30.0000  30.00%   0.00%    30.00%  30.00%    4.10%    2.90%    1.50%    0.00%  0.00%     0.30%          -  STALE (1 samples)');
    expect(text).toContain('\n\nstrategy risk-adjusted-yield:\n  weETH: net 3.21% − risk 0.00% = 3.21%\n\nrisk findings:\n');
    expect(text).toContain('  DEPEG              exit    ezETH-restaked   observed -800.12 · limit 200 · ezETH-restaked: DEX price -800.12 bps from the protocol rate (limit ±200), exiting');
    expect(text).toContain('  1. deposit 5.0000 ETH into weETH: expect 4.6728 LRT, min 4.6448 LRT\n     why: weETH: mint weETH at the protocol rate');
    expect(text).toContain('  2. sell 2.0000 weETH via dex: fair 2.1400 ETH, expected 2.1300 ETH, min out 2.1271 ETH, cost 0.010000 ETH (46.7 bps)');
    expect(text).toContain('expected gain 0.0600 ETH/year vs total cost 0.001600 ETH (gas 0.001600 for 200000 units, slippage 0.000000, fees 0.000000, queue delay 0.000000) · break-even 9.7 days');
    expect(text).toContain('decision: ACT (rebalance): move 5 ETH');
    expect(text).toContain('compounding: rewards accrue 0.002000 ETH/day; one compound costs 0.004000 ETH at this base fee; gas-optimal interval 12.3 days');
    expect(text.endsWith('data notes:\n  - rate history: 24 samples bootstrapped from past blocks')).toBe(true);
  });

  it('says HOLD and never-breaks-even for a plan without gain', () => {
    const text = formatReport({ ...REPORT, findings: [], actions: [], breakEvenDays: null, decision: { kind: 'hold', act: false, reason: 'rebalance refused: MIN_NET_GAIN (x)' }, rationale: [], notes: [] });
    expect(text).not.toContain('strategy risk-adjusted-yield:');
    expect(text).toContain('risk findings:\n  none');
    expect(text).toContain('actions (in order):\n  none');
    expect(text).toContain('· break-even never (no gain)');
    expect(text.endsWith('decision: HOLD: rebalance refused: MIN_NET_GAIN (x)')).toBe(true);
  });

  it('explains a rejected observation instead of a plan', () => {
    expect(formatReport({ ok: false, vault: REPORT.vault, block: 99, reasons: ['block 99 is older than the last seen block 100'] })).toBe(
      'vault devnet-eoa (0x70997970C51812dc3A010C7d01b50e0d17dc79C8) · block 99\nobservation REJECTED: nothing was decided\n  - block 99 is older than the last seen block 100',
    );
  });

  it('describes a queued EigenLayer exit with its delay and cost', () => {
    expect(
      describeAction({ kind: 'eigen-queue-withdrawal', positionId: 'ezETH-restaked', strategy: '0x809d550fca64d94Bd9F66E60752A544199cfAC3D', depositShares: 10n * E, underlyingLrt: 8n * E, valueWei: 8_320_000_000_000_000_000n, delaySeconds: 600, costWei: 5_800_030_428_678n, gas: 250_000, why: '' }),
    ).toBe('queue EigenLayer withdrawal from ezETH-restaked: 10.0000 deposit shares ≈ 8.0000 LRT ≈ 8.3200 ETH, 600 s delay, delay cost 0.000005 ETH');
  });

  it('names the venue of a DEX buy on a quoted pool', () => {
    expect(describeAction({ kind: 'deposit-lrt', route: 'dex', venue: 'uniswap-v3', positionId: 'weETH', amountWei: 20n * E, expectedLrt: 18_782_916_000_000_000_000n, minLrt: 18_691_588_000_000_000_000n, gas: 200_000, why: '' })).toBe(
      'buy on the DEX (uniswap-v3) 20.0000 ETH into weETH: expect 18.7829 LRT, min 18.6915 LRT',
    );
  });

  it('writes bigints as decimal strings in JSON', () => {
    expect(toJson({ wei: 10n ** 30n, n: 1 })).toBe('{"wei":"1000000000000000000000000000000","n":1}');
  });
});
