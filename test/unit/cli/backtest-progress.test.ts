/** Progress of a long backtest: silent for 10 s, then one line per 10 s at most, saying what the run is doing. */
import { describe, expect, it } from 'vitest';
import { backtestProgress } from '../../../src/cli/commands/backtest-progress.ts';

describe('backtestProgress', () => {
  it('prints nothing in the first 10 s, then at most one line per 10 s with the stage and the time so far', () => {
    let clock = 1_000;
    const lines: string[] = [];
    const progress = backtestProgress((l) => lines.push(l), 'fuzz-6-positions', () => clock);
    progress('replaying strategy');
    clock += 9_999;
    progress('replaying hold');
    expect(lines).toEqual([]);
    clock += 1;
    progress('upper bound: day 3 of 111');
    clock += 4_000;
    progress('upper bound: day 4 of 111');
    clock += 6_000;
    progress('upper bound: day 9 of 111');
    expect(lines).toEqual(['  fuzz-6-positions: upper bound: day 3 of 111 (10 s)\n', '  fuzz-6-positions: upper bound: day 9 of 111 (20 s)\n']);
  });
});
