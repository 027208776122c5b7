/**
 * `keeper start` (what `npm start` runs): the embedded devnet with its market simulator, and
 * the whole keeper daemon on it (observe, decide, execute through the relay, compound,
 * complete withdrawals), with readable logs, metrics and the queue dashboard, until Ctrl-C.
 */
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { InputError } from '../../domain/errors.ts';
import { createLogger } from '../../telemetry/logger.ts';
import type { KeeperConfig } from '../../config/schema.ts';
import { loadOpsConfig } from '../../ops/load-config.ts';
import { ensureLocalRedis, type LocalRedis } from '../../devnet/local-redis.ts';
import { chainScopedPrefix, deploymentInstance } from '../../state/chain-scope.ts';
import { startWorld } from '../../devnet/world.ts';
import { DEFAULT_DEPLOYMENT_PATH, writeDeployment } from '../../devnet/deployment.ts';
import { findScenario, SCENARIOS } from '../../devnet/market/scenarios.ts';
import { operationsRunHooks } from '../../ops/run-hooks.ts';
import type { CliIo } from '../io.ts';
import { runDaemon } from './run.ts';

interface StartOptions {
  blockMs: number;
  config: string;
  httpPort?: number;
  metricsPort?: number;
  prefix?: string;
  scenario?: string;
  dryRun?: boolean;
  logLevel: string;
}

const port = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InputError(`--${name} must be a port number (0-65535; 0 turns the listener off)`, { details: [`got: ${v}`] });
  return n;
};

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Start the embedded devnet and run the keeper daemon on it with readable logs; starts a private Redis when none answers; Ctrl-C stops everything cleanly.')
    .option('-c, --config <file>', 'keeper YAML config for the devnet (deployment: references resolve to the started world)', 'config/devnet.yaml')
    .option('--http-port <port>', 'port of /metrics, /healthz, /readyz and the dashboard (default: telemetry.healthPort)', port('http-port'))
    .option('--metrics-port <port>', 'port of the metrics-only listener (default: telemetry.metricsPort; 0: off)', port('metrics-port'))
    .option('--prefix <prefix>', 'Redis key prefix of this keeper (default: queue.prefix); its state is cleared at start')
    .option('--block-ms <ms>', 'milliseconds between devnet blocks', (v) => Number(v), 1000)
    .option('--scenario <name>', `play a scripted market once the keeper runs (${SCENARIOS.map((s) => s.name).join(', ')})`)
    .option('--dry-run', 'decide and simulate, never send')
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (opts: StartOptions) => {
      const scenario = opts.scenario === undefined ? undefined : findScenario(opts.scenario);
      if (opts.scenario !== undefined && !scenario) {
        throw new InputError(`Unknown scenario "${opts.scenario}"`, { details: [`known: ${SCENARIOS.map((s) => s.name).join(', ')}`] });
      }
      const projectRoot = resolve(new URL('../../..', import.meta.url).pathname);
      const configFile = resolve(opts.config);
      const adjustConfig = (config: KeeperConfig): KeeperConfig => ({
        ...config,
        // The loaded prefix is already scoped by the chain; a --prefix gets the same scope.
        queue: { ...config.queue, prefix: opts.prefix === undefined ? config.queue.prefix : chainScopedPrefix(opts.prefix, config.chain.chainId, deploymentInstance(world.deployment)) },
        telemetry: { ...config.telemetry, healthPort: opts.httpPort ?? config.telemetry.healthPort, metricsPort: opts.metricsPort ?? config.telemetry.metricsPort },
      });
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
      let redis: LocalRedis | undefined;
      try {
        writeDeployment(out, world.deployment);
        // The config names its deployment, so it is read once the world is up.
        const config = adjustConfig(await loadOpsConfig(configFile, io.env, out));
        redis = await ensureLocalRedis(config.queue.redisUrl, { env: io.env });
        if (redis.started) logger.info({ url: config.queue.redisUrl }, 'no Redis answered: started a private redis-server for this run (no persistence; stops with the keeper)');
        const token = readFileSync(join(dirname(out), 'dashboard.token'), 'utf8').trim();
        const banner = (urls: { ops?: string; metrics?: string; dashboard?: string; vaults?: string }): void => {
          io.stderr(
            [
              `devnet up: rpc ${world.deployment.rpcUrl}  relay ${world.deployment.relayUrl}  deployment ${out}`,
              `metrics:   ${urls.ops !== undefined ? `${urls.ops}/metrics` : urls.metrics ?? 'off'}`,
              `vaults:    ${urls.vaults !== undefined ? `${urls.vaults}?token=${token}` : 'off'}`,
              `dashboard: ${urls.dashboard !== undefined ? `${urls.dashboard}?token=${token}  (devnet token, new each start)` : 'off'}`,
              '',
            ].join('\n'),
          );
        };
        if (scenario) world.market.play(scenario);
        await runDaemon(
          { config: configFile, deployment: out, logLevel: opts.logLevel, pretty: true, dryRun: opts.dryRun === true, adjustConfig },
          io,
          operationsRunHooks(io, banner),
        );
      } finally {
        await world.stop();
        if (existsSync(out)) rmSync(out);
        await redis?.stop();
      }
    });
}
