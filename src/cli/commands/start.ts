/**
 * `keeper start` (what `npm start` runs): the devnet plus the keeper on it, with readable
 * logs, until Ctrl-C.
 */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { createLogger } from '../../telemetry/logger.ts';
import { startWorld } from '../../devnet/world.ts';
import { DEFAULT_DEPLOYMENT_PATH, writeDeployment } from '../../devnet/deployment.ts';
import { watchMarket } from '../../devnet/market-watch.ts';
import type { CliIo } from '../io.ts';
import { onShutdown } from '../shutdown.ts';

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Start the embedded devnet and run the keeper on it with readable logs; Ctrl-C stops both cleanly.')
    .option('--block-ms <ms>', 'milliseconds between devnet blocks', (v) => Number(v), 1000)
    .option('--scenario <name>', 'play a scripted market once the keeper runs (see `keeper devnet scenario --list`)')
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (opts: { blockMs: number; scenario?: string; logLevel: string }) => {
      const logger = createLogger({ level: opts.logLevel, pretty: true });
      const out = resolve(DEFAULT_DEPLOYMENT_PATH);
      const world = await startWorld({
        stateDir: dirname(out),
        projectRoot: resolve(new URL('../../..', import.meta.url).pathname),
        logger,
        blockIntervalMs: opts.blockMs,
        seedKeeper: true,
        onProgress: (step) => logger.info(step),
      });
      writeDeployment(out, world.deployment);
      io.stderr(`devnet up: rpc ${world.deployment.rpcUrl}  relay ${world.deployment.relayUrl}  deployment ${out}\n`);
      const stopWatch = watchMarket(world, logger.child({ component: 'keeper' }));
      await onShutdown(async () => {
        stopWatch();
        await world.stop();
        if (existsSync(out)) rmSync(out);
      }, logger);
    });
}
