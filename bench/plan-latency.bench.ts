/**
 * Latency of the pure decision (strategy → risk → plan → review) on synthetic snapshots of
 * 10 positions: per vault, and for a tick of 1,000 vaults decided one after another.
 */
import { performance } from 'node:perf_hooks';
import { decide } from '../src/plan/decide.ts';
import { quantile, type BenchRun, type Figure } from './figure.ts';
import { syntheticVault } from './synthetic.ts';

export const run: BenchRun = async () => {
  const one = syntheticVault(7);
  for (let i = 0; i < 50; i++) decide(one); // warm the JIT
  const single: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    decide(one);
    single.push(performance.now() - t);
  }

  const vaults = Array.from({ length: 1_000 }, (_, i) => syntheticVault(i));
  const ticks: number[] = [];
  for (let round = 0; round < 12; round++) {
    const t = performance.now();
    for (const v of vaults) decide(v);
    if (round >= 2) ticks.push(performance.now() - t);
  }
  const figures: Figure[] = [
    { name: 'plan_latency_1_vault_10_positions_p50', value: round3(quantile(single, 0.5)), unit: 'ms' },
    { name: 'plan_latency_1_vault_10_positions_p99', value: round3(quantile(single, 0.99)), unit: 'ms' },
    { name: 'plan_latency_1000_vaults_10_positions_p50', value: round3(quantile(ticks, 0.5)), unit: 'ms' },
    { name: 'plan_latency_1000_vaults_10_positions_p99', value: round3(quantile(ticks, 0.99)), unit: 'ms' },
  ];
  return figures;
};

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
