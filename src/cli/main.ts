/**
 * The `keeper` command line. Each command lives in its own file under `commands/` and is
 * registered here; this file only builds the program and turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { KeeperError } from '../domain/errors.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerDevnetCommands } from './commands/devnet.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerExecuteCommand } from './commands/execute.ts';
import { registerBacktestCommand } from './commands/backtest.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerPauseCommands } from './commands/pause.ts';
import { registerCompoundCommand } from './commands/compound.ts';
import { registerSafeCommands } from './commands/safe.ts';
import { registerVaultCommands } from './commands/vault.ts';
import { operationsRunHooks } from '../ops/run-hooks.ts';
import { loadStrategyRegistry } from '../../strategies/registry.ts';
import type { CliIo } from './io.ts';
import { processIo } from './io.ts';

/** Builds the full command tree; tests call this with captured output. */
export async function buildProgram(io: CliIo): Promise<Command> {
  const program = new Command('keeper')
    .description('Restaking vault keeper: compares LRT and EigenLayer AVS yields, rebalances and compounds through simulated private bundles inside risk limits.')
    .version(io.version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerConfigCommands(program, {
    loadStrategies: async () => {
      const strategies = await loadStrategyRegistry();
      return { names: strategies.names(), paramsSchema: (name) => strategies.paramsSchema(name) };
    },
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
  });
  registerRunCommand(program, io, operationsRunHooks(io));
  registerStatusCommand(program, io);
  registerPauseCommands(program, io);
  registerCompoundCommand(program, io);
  registerAuditCommand(program, io);
  registerPlanCommand(program, io);
  registerExecuteCommand(program, io);
  registerSafeCommands(program, io);
  registerVaultCommands(program, io);
  registerBacktestCommand(program, io);
  registerDevnetCommands(program, io);
  registerStartCommand(program, io);
  return program;
}

/** Runs the CLI; never throws: errors are printed with their context and set the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<void> {
  try {
    const program = await buildProgram(io);
    program.exitOverride();
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed help or the usage error
      if (err.exitCode !== 0) process.exitCode = err.exitCode;
      return;
    }
    io.stderr(`error: ${err instanceof KeeperError ? err.message : String(err instanceof Error ? err.stack : err)}\n`);
    process.exitCode = 1;
  }
}
