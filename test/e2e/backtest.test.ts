/**
 * `keeper backtest` end to end: the command as the CLI registers it, on a shipped scenario and
 * the shipped backtest config, with output captured.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerBacktestCommand } from '../../src/cli/commands/backtest.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

async function run(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  const program = new Command('keeper').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerBacktestCommand(program, { stdout: (s) => (out += s), stderr: (s) => (err += s), version: '0', env: {} });
  try {
    await program.parseAsync(['node', 'keeper', 'backtest', ...args]);
  } catch {
    // commander's exitOverride throws after printing help
  }
  const code = process.exitCode === undefined ? undefined : Number(process.exitCode);
  return { out, err, code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('keeper backtest', () => {
  it('prints one JSON object with every run, the bound and the acceptance', async () => {
    const { out, code } = await run(['--scenario', join(ROOT, 'scenarios/avs-rewards-stop.json'), '--config', join(ROOT, 'config/backtest.yaml'), '--json']);
    expect(code).toBeUndefined();
    const json = JSON.parse(out) as { runs: { label: string; netApy: number; breaches: number; gasEth: number; maxDrawdown: number; turnover: number; regret: number }[]; bound: { netApy: number; discretisation: { gridStepBps: number } }; acceptance: { passed: boolean } };
    expect(json.runs.map((r) => r.label)).toEqual(['strategy', 'hold', 'equal-weight', 'threshold']);
    for (const r of json.runs) for (const k of ['netApy', 'regret', 'turnover', 'gasEth', 'maxDrawdown', 'breaches'] as const) expect(typeof r[k]).toBe('number');
    expect(json.bound.discretisation.gridStepBps).toBeGreaterThan(0);
    expect(json.acceptance.passed).toBe(true);
  });

  it('writes a self-contained HTML report with the charts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    try {
      const report = join(dir, 'r.html');
      const { out } = await run(['--scenario', join(ROOT, 'scenarios/ezeth-depeg.json'), '--config', join(ROOT, 'config/backtest.yaml'), '--report', report]);
      expect(out).toContain('upper bound');
      expect(out).toContain(`report: ${report}`);
      const html = readFileSync(report, 'utf8');
      for (const id of ['value', 'allocation', 'yields', 'market']) expect(html).toContain(`<svg id="${id}"`);
      expect(html).toContain('class="event"');
      expect(html).toMatch(/<table class="summary"[^>]*>.*<td>upper bound<\/td>/s);
      expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/(?!www\.w3\.org)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains the scenario format in --help', async () => {
    const { out } = await run(['--help']);
    expect(out).toContain('docs/backtest.md');
    expect(out).toContain('<SYM>.dexDiscountBps');
  });

  it('names the bad field of a broken scenario and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    try {
      const raw = JSON.parse(readFileSync(join(ROOT, 'scenarios/steady.json'), 'utf8')) as { events: unknown[] };
      raw.events = [{ step: 5, kind: 'slashing', operator: 'nobody', avs: 'eigenda', fractionBps: 10 }];
      writeFileSync(join(dir, 's.json'), JSON.stringify(raw));
      const { err, code } = await run(['--scenario', join(dir, 's.json'), '--config', join(ROOT, 'config/backtest.yaml')]);
      expect(code).toBe(1);
      expect(err).toContain('events.0.operator: no operator "nobody"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a devnet config without its deployment file, using only its policy sections', async () => {
    const { out, code } = await run(['--scenario', join(ROOT, 'scenarios/avs-rewards-stop.json'), '--config', join(ROOT, 'config/devnet.yaml')]);
    expect(code).toBeUndefined();
    expect(out).toContain('used only the strategy and risk sections');
  });

  it('prints one acceptance table for a directory of scenarios, with progress on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    try {
      for (const name of ['high-gas', 'depeg-high-gas-50']) writeFileSync(join(dir, `${name}.json`), readFileSync(join(ROOT, `scenarios/${name}.json`)));
      writeFileSync(join(dir, 'notes.txt'), 'not a scenario');
      const { out, err, code } = await run(['--scenario', dir]);
      expect(code).toBeUndefined();
      expect(err).toMatch(/^\[1\/2\] depeg-high-gas-50: (PASS|FAIL) in \d+\.\d s\n\[2\/2\] high-gas: (PASS|FAIL) in \d+\.\d s\n$/);
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^scenario\s+strategy\s+hold\s+equal-wt\s+threshold\s+bound\s+regret\s+gap pp\s+breaches\s+rebal\.\s+gas ETH\s+result$/);
      expect(lines[2]).toMatch(/^depeg-high-gas-50\s+-?\d+\.\d{3}%/);
      expect(lines[3]).toMatch(/^high-gas\s+.*\s(PASS|FAIL.*)$/);
      expect(out).toMatch(/\d of 2 PASS/);

      const json = JSON.parse((await run(['--scenario', join(dir, 'high-gas.json'), '--scenario', join(dir, 'depeg-high-gas-50.json'), '--json'])).out) as { total: number; rows: { scenario: string; netApy: number; passed: boolean; gasWei: string }[] };
      expect(json.total).toBe(2);
      expect(json.rows.map((r) => r.scenario)).toEqual(['high-gas', 'depeg-high-gas-50']);
      for (const r of json.rows) expect(r.gasWei).toMatch(/^\d+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares configs side by side on one scenario and exits 2 with --check when one fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    try {
      const cautious = join(dir, 'cautious.yaml');
      writeFileSync(cautious, readFileSync(join(ROOT, 'config/backtest.yaml'), 'utf8').replace('minIdleBps: 200', 'minIdleBps: 1500'));
      const { out, code } = await run(['--scenario', join(ROOT, 'scenarios/high-gas.json'), '-c', join(ROOT, 'config/backtest.yaml'), '-c', cautious, '--check']);
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^scenario\s+policy\s+strategy/);
      expect(lines[2]).toMatch(/^high-gas\s+backtest\s/);
      expect(lines[3]).toMatch(/^high-gas\s+cautious\s/);
      expect(lines[2]).not.toBe(lines[3]);
      expect(code).toBe(out.includes('FAIL') ? 2 : undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --report for several runs, and a missing scenario path, naming the option', async () => {
    const many = await run(['--scenario', join(ROOT, 'scenarios'), '--report', join(tmpdir(), 'never.html')]);
    expect(many.code).toBe(1);
    expect(many.err).toContain('--report needs exactly one scenario file and one config');
    process.exitCode = undefined;
    const missing = await run(['--scenario', join(ROOT, 'scenarios/nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Scenario not found');
    expect(missing.err).toContain('option: --scenario');
    process.exitCode = undefined;
    const noParams = await run(['--scenario', join(ROOT, 'scenarios/steady.json'), '--strategy', 'risk-adjusted-yield', '--strategy', 'threshold']);
    expect(noParams.code).toBe(1);
    expect(noParams.err).toContain('strategy threshold needs params');
    expect(noParams.err).toContain('params.targets');
  });
});
