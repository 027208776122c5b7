/**
 * `keeper start` (what `npm start` runs): the embedded devnet with its market simulator, and
 * the whole keeper daemon on it (observe, decide, execute through the relay, compound,
 * complete withdrawals), with readable logs, metrics and the queue dashboard, until Ctrl-C.
 */
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { InputError } from '../../domain/errors.ts';
import { createLogger, type Logger } from '../../telemetry/logger.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import { startWorld } from '../../devnet/world.ts';
import { DEFAULT_DEPLOYMENT_PATH, writeDeployment } from '../../devnet/deployment.ts';
import { findScenario, SCENARIOS } from '../../devnet/market/scenarios.ts';
import { operationsRunHooks } from '../../ops/run-hooks.ts';
import type { CliIo } from '../io.ts';
import { runDaemon } from './run.ts';

/** The devnet config's telemetry port (config/devnet.yaml `telemetry.healthPort`). */
const DEVNET_HTTP_PORT = 8080;

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Start the embedded devnet and run the keeper daemon on it (config/devnet.yaml) with readable logs; Ctrl-C stops both cleanly.')
    .option('--block-ms <ms>', 'milliseconds between devnet blocks', (v) => Number(v), 1000)
    .option('--scenario <name>', `play a scripted market once the keeper runs (${SCENARIOS.map((s) => s.name).join(', ')})`)
    .option('--dry-run', 'decide and simulate, never send')
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (opts: { blockMs: number; scenario?: string; dryRun?: boolean; logLevel: string }) => {
      const scenario = opts.scenario === undefined ? undefined : findScenario(opts.scenario);
      if (opts.scenario !== undefined && !scenario) {
        throw new InputError(`Unknown scenario "${opts.scenario}"`, { details: [`known: ${SCENARIOS.map((s) => s.name).join(', ')}`] });
      }
      const projectRoot = resolve(new URL('../../..', import.meta.url).pathname);
      const logger = createLogger({ level: opts.logLevel, pretty: true });
      const out = resolve(DEFAULT_DEPLOYMENT_PATH);
      const world = await startWorld({
        stateDir: dirname(out),
        projectRoot,
        logger,
        blockIntervalMs: opts.blockMs,
        seedKeeper: true,
        onProgress: (step) => logger.info(step),
      });
      try {
        writeDeployment(out, world.deployment);
        const configFile = join(projectRoot, 'config', 'devnet.yaml');
        const token = readFileSync(join(dirname(out), 'dashboard.token'), 'utf8').trim();
        io.stderr(
          [
            `devnet up: rpc ${world.deployment.rpcUrl}  relay ${world.deployment.relayUrl}  deployment ${out}`,
            `metrics:   http://127.0.0.1:${DEVNET_HTTP_PORT}/metrics`,
            `dashboard: http://127.0.0.1:${DEVNET_HTTP_PORT}/dashboard?token=${token}  (devnet token, new each start)`,
            '',
          ].join('\n'),
        );
        if (scenario) world.market.play(scenario);
        await runDaemon(
          { config: configFile, deployment: out, logLevel: opts.logLevel, pretty: true, dryRun: opts.dryRun === true },
          io,
          operationsRunHooks(io),
        );
      } finally {
        await world.stop();
        if (existsSync(out)) rmSync(out);
      }
    });
}
