/**
 * Plugs the operations surface into `keeper run` through its hooks (src/cli/commands/run.ts
 * `RunHooks`): the event bus the pipeline emits on, the start of metrics/HTTP/alerts once the
 * daemon runs (its queues and workers exist then), and their stop at shutdown, after the
 * daemon's workers drained (so alerts about the drain are still sent).
 *
 * Structural types only (no import of the CLI), so this module stays below the CLI layer.
 *
 * @example
 *   registerRunCommand(program, io, operationsRunHooks(io));
 *   // run.ts must pass the loaded config: hooks.started?.(daemon, logger, config)
 */
import type { Queue, Worker } from 'bullmq';
import type { KeeperConfig } from '../config/schema.ts';
import { InputError } from '../domain/errors.ts';
import { createKeeperEventBus, type KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import { startOperations, type Operations } from './operations.ts';
import type { Redis } from 'ioredis';
import { connectRedis } from '../keeper/redis.ts';
import { buildVaultPage } from './vault-page-model.ts';
import { redisVaultPageSources } from './vault-page-sources.ts';
import { providerFor } from '../chain/provider-for.ts';

/** What the hooks need of the running daemon (src/queue/daemon.ts `Daemon` satisfies it). */
export interface RunningDaemon {
  readonly queues: Readonly<Record<string, Queue>>;
  readonly workers: readonly Worker[];
}

export interface OperationsRunHooks {
  readonly events: KeeperEventBus;
  /** With the config's `queue` and `vaults` the vault page is served too. */
  started(daemon: RunningDaemon, logger: Logger, config?: Pick<KeeperConfig, 'telemetry' | 'secrets' | 'chain'> & Partial<Pick<KeeperConfig, 'queue' | 'vaults'>>): Promise<void>;
  stopping(): Promise<void>;
}

/** Where the operations endpoints really listen, once they do (`keeper start` prints them). */
export type OnListening = (urls: Operations['urls']) => void;

/**
 * @param io where the environment comes from (dashboard token, KEEPER_HTTP_HOST)
 * @param onListening told the bound URLs once the endpoints listen
 */
export function operationsRunHooks(io: { env: Readonly<Record<string, string | undefined>> }, onListening?: OnListening): OperationsRunHooks {
  // The logger exists only once `run` has loaded the config; until then listener errors are dropped.
  let log: Logger | undefined;
  const events = createKeeperEventBus((err, event) => log?.warn({ err, event }, 'operations listener failed'));
  let ops: Operations | undefined;
  let provider: ReturnType<typeof providerFor> | undefined;
  let pageRedis: Redis | undefined;
  return {
    events,
    async started(daemon, logger, config) {
      if (config === undefined) {
        throw new InputError('operations need the loaded config', { details: ['keeper run must call hooks.started(daemon, logger, config)'] });
      }
      log = logger;
      const rpc = providerFor(config);
      provider = rpc;
      const { queue, vaults } = config;
      if (queue !== undefined && vaults !== undefined) pageRedis = await connectRedis(queue.redisUrl);
      const pageSources = pageRedis && queue && vaults ? redisVaultPageSources(pageRedis, rpc, { queue, vaults, chain: config.chain }) : undefined;
      const queues = Object.values(daemon.queues);
      const first = queues[0];
      ops = await startOperations({
        config,
        events,
        // Readiness asks the Redis the queues use, through BullMQ's own connection.
        redis: {
          ping: async () => {
            if (first === undefined) return 'no queues';
            await first.getJobCounts('waiting');
            return 'PONG';
          },
        },
        queues: () => queues,
        workers: () => daemon.workers.map((w) => ({ name: w.name, isRunning: () => w.isRunning() })),
        rpcProbe: () => rpc.getBlockNumber(),
        logger,
        env: io.env,
        ...(pageSources ? { vaultPage: () => buildVaultPage(pageSources) } : {}),
      });
      onListening?.(ops.urls);
      if (ops.urls.dashboard) logger.info({ url: ops.urls.dashboard }, 'queue dashboard (send Authorization: Bearer <token>, or open once with ?token=<token>)');
    },
    async stopping() {
      await ops?.stop();
      provider?.destroy();
      pageRedis?.disconnect();
    },
  };
}
