/**
 * `keeper backtest --scenario <file> --config <file> [--json] [--report <out.html>]`: replays
 * a scenario through the keeper's own estimate → strategy → risk → plan code, with the
 * baselines and the perfect-foresight bound, and prints the comparison.
 *
 * Exit code 1 on bad input; the acceptance result is printed, not turned into an exit code,
 * unless `--check` asks for it (for CI).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { formatTable, toJson } from '../../backtest/format.ts';
import { loadBacktestPolicy } from '../../backtest/policy.ts';
import { renderReport } from '../../backtest/report-html.ts';
import { runBacktest } from '../../backtest/run.ts';
import { loadScenario } from '../../backtest/scenario-load.ts';
import type { CliIo } from '../io.ts';

interface BacktestOptions {
  scenario: string;
  config: string;
  vault?: string;
  json?: boolean;
  report?: string;
  check?: boolean;
}

const FORMAT_HELP = `
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
Shipped scenarios: scenarios/*.json. A config without a chain: config/backtest.yaml.
`;

/** Adds `backtest` to the CLI. @example registerBacktestCommand(program, io) */
export function registerBacktestCommand(program: Command, io: CliIo): Command {
  return program
    .command('backtest')
    .description('replay a market scenario through the keeper\'s decision code against baselines (hold, equal-weight, threshold) and a perfect-foresight upper bound')
    .requiredOption('--scenario <file>', 'scenario JSON, e.g. scenarios/steady.json')
    .requiredOption('--config <file>', 'keeper config (strategy and risk sections are used), e.g. config/backtest.yaml')
    .option('--vault <name>', 'vault whose strategy and limits to use (default: the first)')
    .option('--json', 'print one JSON object instead of the table')
    .option('--report <out.html>', 'also write a self-contained HTML report with charts')
    .option('--check', 'exit with code 2 when the acceptance target is missed')
    .addHelpText('after', FORMAT_HELP)
    .action(async (opts: BacktestOptions) => {
      try {
        const registry = await loadStrategyRegistry();
        const policy = await loadBacktestPolicy(opts.config, { env: io.env, registry, ...(opts.vault === undefined ? {} : { vault: opts.vault }) });
        const scenario = await loadScenario(opts.scenario);
        const result = runBacktest(scenario, policy, registry);
        if (opts.report !== undefined) {
          try {
            await writeFile(opts.report, renderReport(result), 'utf8');
          } catch (cause) {
            throw new InputError(`cannot write report ${opts.report}`, { details: [`file: ${opts.report}`], cause });
          }
        }
        io.stdout(opts.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatTable(result) + (opts.report ? `report: ${opts.report}\n` : ''));
        if (opts.check && !result.acceptance.passed) process.exitCode = 2;
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr(`${err.message}\n`);
        process.exitCode = 1;
      }
    });
}
