/** runBacktest says what it is doing: each replay step by step, then the bound day by day (the CLI prints it on long runs). */
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

describe('runBacktest progress', () => {
  it('reports the four replays step by step, then each of the 5 decision days of a 6-day market', async () => {
    const registry = await loadStrategyRegistry();
    const policy = { vault: 'v', strategy: { name: 'equal-weight', params: registry.get('equal-weight').paramsSchema.parse({}) }, limits: TINY_LIMITS, compounding: { enabled: true, minValueToCostMultiple: 3 } };
    const stages: string[] = [];
    runBacktest(await parseScenario(tinyScenario()), policy, registry, { bound: { gridStepBps: 5000 }, onProgress: (s) => stages.push(s) });
    const replaying = (label: string): string[] => [`replaying ${label}`, ...[1, 2, 3, 4, 5, 6].map((step) => `replaying ${label}: step ${step} of 6`)];
    expect(stages).toEqual([
      ...replaying('strategy'),
      ...replaying('hold'),
      ...replaying('equal-weight'),
      ...replaying('threshold'),
      'upper bound: day 1 of 5',
      'upper bound: day 2 of 5',
      'upper bound: day 3 of 5',
      'upper bound: day 4 of 5',
      'upper bound: day 5 of 5',
    ]);
  });
});
