/**
 * scenarios/holdout.mjs, the markets the strategy is checked on but never shipped: the same seed
 * writes the same bytes, another seed other noise, every file loads with the scenario loader,
 * and it refuses to write without an output directory or into scenarios/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { SCENARIO_DIR, scenarioGenerator } from '../../helpers/scenario-generator.ts';

const { script: GENERATOR, root, generate } = scenarioGenerator('holdout.mjs');

describe('scenarios/holdout.mjs', () => {
  const first = generate('a');
  const again = generate('b');
  const otherSeed = generate('c', '--seed', '3');

  it('writes eleven markets at 50 and 50,000 ETH, the same bytes for the same seed', () => {
    const jsons = [...first.keys()].filter((f) => f.endsWith('.json'));
    expect(jsons).toHaveLength(22);
    expect(jsons.filter((f) => f.endsWith('-50k.json'))).toHaveLength(11);
    expect([...again.entries()]).toEqual([...first.entries()]);
  });

  it('draws other noise for another seed, on the same files', () => {
    expect([...otherSeed.keys()]).toEqual([...first.keys()]);
    const changed = [...first.keys()].filter((f) => first.get(f) !== otherSeed.get(f));
    expect(changed).toEqual(expect.arrayContaining(['slow-yield-decline.csv', 'double-crossover.csv', 'gas-regime.csv', 'long-paused-discount.csv', 'avs-launch-ramp.csv']));
  });

  it('writes only files the scenario loader accepts, named after their file', async () => {
    const dir = join(root, 'a');
    for (const f of [...first.keys()].filter((name) => name.endsWith('.json'))) {
      const { doc } = await loadScenario(join(dir, f));
      expect(doc.name).toBe(f.slice(0, -'.json'.length));
    }
  });

  it('refuses to run without an output directory or into scenarios/', () => {
    expect(spawnSync(process.execPath, [GENERATOR]).status).toBe(2);
    expect(spawnSync(process.execPath, [GENERATOR, SCENARIO_DIR]).status).toBe(2);
    expect(spawnSync(process.execPath, [GENERATOR, join(root, 'd'), '--sizes', '0,50']).status).toBe(2);
  });

  it('prints its usage and options on --help and writes nothing', () => {
    for (const flag of ['--help', '-h']) {
      const run = spawnSync(process.execPath, [GENERATOR, join(root, 'e'), flag], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('usage: node scenarios/holdout.mjs <out-dir>');
      expect(run.stdout).toContain('--seed n');
    }
    expect(readdirSync(root)).not.toContain('e');
  });
});
