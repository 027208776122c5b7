/**
 * The shipped scenarios as data: each one loads (schema and cross-field checks), names its
 * public sources and is described in scenarios/SOURCES.md; the issue-10 scenarios come in
 * pairs on one market at 50 ETH and 50,000 ETH, and are exactly what scenarios/generate.mjs
 * writes (so no file was edited by hand after the fact). Their backtest runs are checked in
 * scenario-runs-*.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { SCENARIO_DIR, shippedScenarios } from './scenario-runs.ts';

const NAMES = shippedScenarios();
const SOURCES_MD = readFileSync(`${SCENARIO_DIR}SOURCES.md`, 'utf8');
const PAIRED = NAMES.filter((n) => n.endsWith('-50')).map((n) => n.slice(0, -3));

describe('shipped scenarios as data', () => {
  it('ships the issue-10 behaviours at both vault sizes next to the earlier scenarios', () => {
    expect(PAIRED.length).toBeGreaterThanOrEqual(10);
    for (const base of PAIRED) expect(NAMES, base).toContain(`${base}-50k`);
    expect(NAMES).toEqual(expect.arrayContaining(['avs-rewards-stop', 'ezeth-depeg', 'high-gas', 'operator-slashing', 'steady', 'yield-crossover']));
  });

  for (const name of NAMES) {
    it(`${name}: loads, is named after its file and cites its sources`, async () => {
      const { doc } = await loadScenario(`${SCENARIO_DIR}${name}.json`);
      expect(doc.name).toBe(name);
      expect(doc.sources.length).toBeGreaterThan(0);
      for (const s of doc.sources) expect(s.length, s).toBeGreaterThan(20);
      expect(SOURCES_MD, `SOURCES.md names ${name}`).toMatch(new RegExp(`\\b${name.replace(/-/g, '\\-')}\\b`));
    });
  }

  for (const base of PAIRED) {
    it(`${base}: the 50 ETH and 50,000 ETH files replay the same market`, async () => {
      const small = (await loadScenario(`${SCENARIO_DIR}${base}-50.json`)).doc;
      const large = (await loadScenario(`${SCENARIO_DIR}${base}-50k.json`)).doc;
      expect(small.initial.totalEth).toBe(50);
      expect(large.initial.totalEth).toBe(50_000);
      const market = (d: typeof small): unknown => ({ ...d, name: undefined, description: undefined, initial: d.initial.weights });
      expect(market(large)).toEqual(market(small));
    });
  }

  it('every issue-10 scenario file is what scenarios/generate.mjs writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'scenarios-'));
    try {
      execFileSync(process.execPath, [`${SCENARIO_DIR}generate.mjs`, out]);
      const written = readdirSync(out).sort();
      expect(written.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5))).toEqual(PAIRED.flatMap((b) => [`${b}-50`, `${b}-50k`]).sort());
      for (const f of written) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(`${SCENARIO_DIR}${f}`, 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
