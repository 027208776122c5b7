/**
 * scenarios/random-markets.mjs: `--count` markets at every size, the same bytes for the same seed,
 * files the scenario loader accepts, and usage errors for a bad count or scenarios/ itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { SCENARIO_DIR, scenarioGenerator } from '../../helpers/scenario-generator.ts';

const { script: GENERATOR, root, generate } = scenarioGenerator('random-markets.mjs');

describe('scenarios/random-markets.mjs', () => {
  const first = generate('a', '--count', '2', '--seed', '5');

  it('writes --count markets at each size, the same bytes for the same seed', () => {
    expect([...first.keys()]).toEqual(['random-5-0-50.json', 'random-5-0-50k.json', 'random-5-0.csv', 'random-5-1-50.json', 'random-5-1-50k.json', 'random-5-1.csv']);
    expect([...generate('b', '--seed', '5', '--count', '2').entries()]).toEqual([...first.entries()]);
  });

  it('writes only files the scenario loader accepts', async () => {
    for (const f of [...first.keys()].filter((name) => name.endsWith('.json'))) {
      const { doc } = await loadScenario(join(root, 'a', f));
      expect(doc.name).toBe(f.slice(0, -'.json'.length));
    }
  });

  it('refuses a count outside 1-1000 and scenarios/, and prints its options on --help', () => {
    for (const count of ['0', '1001', '2.5', 'many']) {
      const run = spawnSync(process.execPath, [GENERATOR, join(root, 'c'), '--count', count], { encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--count needs a whole number from 1 to 1000 (got ${count})`);
    }
    expect(spawnSync(process.execPath, [GENERATOR, SCENARIO_DIR, '--count', '1']).status).toBe(2);
    const help = spawnSync(process.execPath, [GENERATOR, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--count n');
    expect(readdirSync(root)).not.toContain('c');
  });
});
