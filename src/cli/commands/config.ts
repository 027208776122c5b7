/**
 * `keeper config validate <file>` and `keeper config schema`: check a config file before
 * starting a keeper with it (in CI, or after an edit), and give editors its JSON Schema.
 *
 * Output goes through the injected `stdout`/`stderr`, and failure sets `process.exitCode`
 * instead of exiting, so the commands are testable and the process ends cleanly.
 */
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import type { StrategyRegistryView } from '../../config/context.ts';
import { configJsonSchema } from '../../config/json-schema.ts';
import { ConfigInvalidError, type ConfigProblem } from '../../config/issues.ts';
import { loadConfig } from '../../config/load.ts';
import { assertConfigOnChain } from '../../config/chain-check.ts';
import { formatSummary, summariseConfig } from '../../config/summary.ts';
import { configWarnings } from '../../config/warnings.ts';

export interface ConfigCommandDeps {
  /**
   * Imports the strategy files when a command needs them, not when the program is built:
   * a broken strategy file must not break `keeper --help` or the commands that never decide.
   */
  loadStrategies: () => Promise<StrategyRegistryView>;
  /** Fills `${NAME}` placeholders; main.ts passes process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** Base for a relative deployment path; defaults to the working directory. */
  cwd?: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface ValidateOptions {
  json?: boolean;
  deployment?: string;
  /** true: the config's first RPC URL; a string: that URL. */
  rpc?: boolean | string;
}

/**
 * Adds the `config` command group to the CLI.
 *
 * @example registerConfigCommands(program, { loadStrategies, env: process.env, stdout, stderr });
 */
export function registerConfigCommands(program: Command, deps: ConfigCommandDeps): Command {
  const group = program.command('config').description('check keeper config files and print their JSON Schema');

  group
    .command('validate')
    .description('validate a config file (placeholders, deployment references, strategy params) and summarise it; exit code 1 on any problem, 0 with warnings on stderr for settings that are ignored')
    .argument('<file>', 'YAML config file, e.g. config/devnet.yaml')
    .option('--json', 'print the result as JSON on stdout')
    .option('--deployment <file>', 'deployment JSON for deployment: references (overrides the one the config names)')
    .option('--rpc [url]', 'also check every address on the chain (code, tokens, strategies, pairs, operators, views the keeper calls) through the config\'s first RPC URL or this one')
    .action(async (file: string, options: ValidateOptions) => {
      await validateCommand(file, options, deps);
    });

  group
    .command('schema')
    .description('print the JSON Schema of the config file, for editor completion and checks')
    .action(async () => {
      const registry = await deps.loadStrategies();
      deps.stdout(`${JSON.stringify(configJsonSchema(registry), null, 2)}\n`);
    });

  return group;
}

async function validateCommand(file: string, options: ValidateOptions, deps: ConfigCommandDeps): Promise<void> {
  try {
    const strategies = await deps.loadStrategies();
    const config = await loadConfig(file, {
      env: deps.env,
      strategyParamsSchema: strategies.paramsSchema,
      strategyNames: strategies.names,
      ...(deps.cwd !== undefined ? { cwd: deps.cwd } : {}),
      ...(options.deployment !== undefined ? { deploymentFile: options.deployment } : {}),
    });
    if (options.rpc !== undefined && options.rpc !== false) {
      await assertConfigOnChain(config, file, typeof options.rpc === 'string' ? options.rpc : undefined);
    }
    const summary = summariseConfig(config);
    const warnings = configWarnings(config);
    if (options.json) {
      deps.stdout(`${JSON.stringify({ ok: true, file, summary, warnings }, null, 2)}\n`);
    } else {
      deps.stdout([`ok: ${file}`, ...formatSummary(summary).map((l) => `  ${l}`)].join('\n') + '\n');
      if (warnings.length > 0) deps.stderr(warnings.map((w) => `warning: ${w.message}\n`).join(''));
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.exitCode = 1;
    const problems = problemsOf(err, file);
    if (options.json) {
      deps.stdout(`${JSON.stringify({ ok: false, file, errors: problems }, null, 2)}\n`);
      return;
    }
    const lines = err instanceof ConfigInvalidError ? [err.shortMessage, ...problems.map((p) => `  ${p.path}: ${p.message}`)] : [err.message];
    deps.stderr(`${lines.join('\n')}\n`);
  }
}

function problemsOf(err: InputError, file: string): ConfigProblem[] {
  if (err instanceof ConfigInvalidError) return [...err.problems];
  // File, YAML and deployment errors are about the file as a whole.
  return [{ path: file, message: [err.shortMessage, ...err.details].join('; ') }];
}
