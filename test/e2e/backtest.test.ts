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
});
