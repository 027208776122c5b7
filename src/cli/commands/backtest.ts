/**
 * `keeper backtest --scenario <file|dir>... [--config <file>]... [--json] [--report <out.html>]`:
 * replays scenarios through the keeper's own estimate → strategy → risk → plan code, with the
 * baselines and the perfect-foresight bound.
 *
 * One scenario file and one config print that run's full comparison (and `--report` writes
 * its HTML). A directory, several scenarios or several configs print the acceptance table:
 * one row per scenario × config with PASS/FAIL by the issue's rule, progress on stderr (a run
 * takes seconds; a directory of them a minute or more). A run still going after 10 s says what
 * it is doing, every 10 s (backtest-progress.ts).
 *
 * Exit code 1 on bad input; the acceptance result is printed, not turned into an exit code,
 * unless `--check` asks for it (for CI).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { loadStrategyRegistry, type StrategyRegistry } from '../../../strategies/registry.ts';
import { acceptanceJson, acceptanceRow, formatAcceptanceTable, type AcceptanceRow } from '../../backtest/acceptance-table.ts';
import { formatTable, toJson } from '../../backtest/format.ts';
import { MAX_REGRET } from '../../backtest/metrics.ts';
import { loadBacktestPolicy, type BacktestPolicy } from '../../backtest/policy.ts';
import { renderReport } from '../../backtest/report-html.ts';
import { runBacktest } from '../../backtest/run.ts';
import { loadScenario } from '../../backtest/scenario-load.ts';
import type { CliIo } from '../io.ts';
import { configLabels, defaultBacktestConfig, scenarioFiles } from './backtest-inputs.ts';
import { backtestProgress } from './backtest-progress.ts';

interface BacktestOptions {
  scenario: string[];
  config: string[];
  strategy?: string[];
  vault?: string;
  json?: boolean;
  report?: string;
  check?: boolean;
}

const FORMAT_HELP = `
Several runs: give a directory (every *.json in it), several --scenario or several --config;
then one acceptance table is printed, a row per scenario and config, e.g.
  keeper backtest --scenario scenarios
  keeper backtest --scenario scenarios/steady.json -c config/backtest.yaml -c my.yaml
  keeper backtest --scenario scenarios --strategy risk-adjusted-yield --strategy equal-weight
Acceptance: net APY >= hold, equal-weight and threshold; regret to the bound <= ${MAX_REGRET * 100}% of the
bound's net APY; 0 limit breaches; no reverted bundle.

Scenario format (JSON; full description and an example in docs/backtest.md):
  positions      id, symbol (weETH|ezETH|rsETH|pufETH|rswETH), riskTier, exits {dex, instant,
                 queued}, restaked {operator} for an EigenLayer position
  operators/avs/rewardTokens   who a restaked position earns from, by name
  initial        { totalEth, weights: { <position id>: bps } }, the rest idle
  start, stepSeconds, steps, warmupSteps (history only, before the book starts)
  series         { rows: [...] } or { csv: "file.csv" }: keyframes by step, interpolated;
                 columns baseFeeGwei, <SYM>.rate | <SYM>.apyBps, <SYM>.dexDiscountBps,
                 <SYM>.dexLiquidityEth, <AVS>.aprBps, <TOKEN>.priceEth, <TOKEN>.liquidityEth
  events         depeg, slashing, reward-stop, gas-spike at a step
  sources        the public facts the numbers come from
Shipped scenarios: scenarios/*.json (sources per scenario in scenarios/SOURCES.md).
A config without a chain: config/backtest.yaml (the default).
`;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds `backtest` to the CLI. @example registerBacktestCommand(program, io) */
export function registerBacktestCommand(program: Command, io: CliIo): Command {
  return program
    .command('backtest')
    .description('replay market scenarios through the keeper\'s decision code against baselines (hold, equal-weight, threshold) and a perfect-foresight upper bound')
    .option('-s, --scenario <file|dir>', 'scenario JSON or a directory of them, e.g. scenarios/steady.json or scenarios; repeatable', collect)
    .option('-c, --config <file>', 'keeper config (strategy and risk sections are used); repeatable to compare configs (default: the shipped config/backtest.yaml)', collect)
    .option('--strategy <name>', 'run this strategy (default params) instead of the config\'s; repeatable to compare strategies under the same limits', collect)
    .option('--vault <name>', 'vault whose strategy and limits to use (default: the first)')
    .option('--json', 'print one JSON object instead of the table')
    .option('--report <out.html>', 'also write a self-contained HTML report with charts (one scenario and one config)')
    .option('--check', 'exit with code 2 when the acceptance target is missed')
    .addHelpText('after', FORMAT_HELP)
    .action(async (opts: BacktestOptions) => {
      try {
        if (opts.scenario === undefined || opts.scenario.length === 0) throw new InputError('give at least one --scenario (a file or a directory)', { details: ['option: --scenario'] });
        const files = await scenarioFiles(opts.scenario);
        const configs = opts.config ?? [defaultBacktestConfig()];
        const strategies = opts.strategy ?? [];
        const single = files.length === 1 && configs.length === 1 && strategies.length <= 1 && !files[0]?.fromDirectory;
        if (opts.report !== undefined && !single) throw new InputError('--report needs exactly one scenario file and one config', { details: ['option: --report', `scenarios: ${files.length}`, `configs: ${configs.length}`] });
        const registry = await loadStrategyRegistry();
        const policies: { label: string; policy: BacktestPolicy }[] = [];
        const labels = configLabels(configs);
        for (const [i, path] of configs.entries()) {
          const policy = await loadBacktestPolicy(path, { env: io.env, registry, ...(opts.vault === undefined ? {} : { vault: opts.vault }) });
          const label = labels[i] ?? path;
          if (strategies.length === 0) policies.push({ label, policy });
          for (const name of strategies) policies.push({ label: configs.length > 1 ? `${label}:${name}` : name, policy: withStrategy(policy, name, registry) });
        }
        if (single) {
          const scenario = await loadScenario(files[0]?.path ?? '');
          const result = runBacktest(scenario, (policies[0] as { policy: BacktestPolicy }).policy, registry, { onProgress: backtestProgress(io.stderr, scenario.doc.name) });
          if (opts.report !== undefined) await writeReport(opts.report, renderReport(result));
          io.stdout(opts.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatTable(result) + (opts.report ? `report: ${opts.report}\n` : ''));
          if (opts.check && !result.acceptance.passed) process.exitCode = 2;
          return;
        }
        const rows: AcceptanceRow[] = [];
        const total = files.length * policies.length;
        for (const file of files) {
          const scenario = await loadScenario(file.path);
          for (const { label, policy } of policies) {
            const t0 = performance.now();
            const row = acceptanceRow(runBacktest(scenario, policy, registry, { onProgress: backtestProgress(io.stderr, scenario.doc.name) }), label);
            rows.push(row);
            io.stderr(`[${rows.length}/${total}] ${row.scenario}${policies.length > 1 ? ` (${label})` : ''}: ${row.passed ? 'PASS' : 'FAIL'} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
          }
        }
        io.stdout(opts.json ? `${JSON.stringify(acceptanceJson(rows), null, 2)}\n` : formatAcceptanceTable(rows));
        if (opts.check && rows.some((r) => !r.passed)) process.exitCode = 2;
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr(`${err.message}\n`);
        process.exitCode = 1;
      }
    });
}

/** The policy with another strategy at its default params (the limits stay the config's). */
function withStrategy(policy: BacktestPolicy, name: string, registry: StrategyRegistry): BacktestPolicy {
  const parsed = registry.get(name).paramsSchema.safeParse({});
  if (!parsed.success) {
    throw new InputError(`strategy ${name} needs params, which --strategy cannot give: put it in a config and pass that with --config`, { details: ['option: --strategy', ...parsed.error.issues.map((i) => `params.${i.path.join('.')}: ${i.message}`)] });
  }
  return { ...policy, strategy: { name, params: parsed.data } };
}

async function writeReport(path: string, html: string): Promise<void> {
  try {
    await writeFile(path, html, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot write report ${path}`, { details: [`file: ${path}`], cause });
  }
}
