/**
 * A loopback stand-in for a Flashbots relay that also produces the devnet's blocks.
 *
 * No real relay is reachable from the devnet, so the keeper sends its bundles here. The
 * emulator serves `eth_sendBundle`, `eth_callBundle` and `eth_cancelBundle` with Flashbots
 * semantics at `relayUrl`, a public node with its own mempool at `rpcUrl`, and builds each
 * block from market moves, bundles and public transactions (see producer.ts). Knobs make
 * inclusion unreliable on purpose, so the keeper's retry and confirmation paths get tested.
 *
 * @example
 *   const anvil = await startAnvil({ noMining: true });
 *   const relay = await startRelayEmulator({ anvilUrl: anvil.rpcUrl });
 *   const fb = await FlashbotsBundleProvider.create(new JsonRpcProvider(relay.rpcUrl), authSigner, relay.relayUrl, 31337);
 *   // ... fb.sendRawBundle(signedTxs, head + 1) ...
 *   await relay.mineBlock();
 *   await relay.stop();
 */
import { InputError } from '../../domain/errors.ts';
import { createLogger } from '../../telemetry/logger.ts';
import { AnvilClient } from './anvil-client.ts';
import { listenLoopback, RELAY_PATH, RPC_PATH } from './http-server.ts';
import { PublicMempool } from './mempool.ts';
import { BundlePool } from './pool.ts';
import { BlockProducer } from './producer.ts';
import { handleRelayMethod } from './relay-methods.ts';
import { seededRandom } from './rng.ts';
import { handlePublicRpc } from './rpc-proxy.ts';
import { StatsRecorder } from './stats.ts';
import { ChainGate } from './sync.ts';
import type { RelayEmulatorOptions, RelayKnobs, RelayStats } from './types.ts';

export interface RelayEmulator {
  /** Where bundles go, e.g. http://127.0.0.1:PORT/relay. */
  relayUrl: string;
  /** The public node (reads pass through to Anvil; transactions wait in the emulator's mempool). */
  rpcUrl: string;
  /** Produces the next block now; resolves with its number. */
  mineBlock(): Promise<number>;
  setKnobs(partial: Partial<RelayKnobs>): void;
  knobs(): RelayKnobs;
  stats(): RelayStats;
  /** Stops the block timer, waits for a block in progress and closes the server. */
  stop(): Promise<void>;
}

/** Starts the emulator in front of an Anvil started with `noMining: true`. */
export async function startRelayEmulator(options: RelayEmulatorOptions): Promise<RelayEmulator> {
  const logger = (options.logger ?? createLogger({ level: 'silent' })).child({ component: 'relay-emulator' });
  let knobs = checkKnobs({
    inclusionProbability: options.inclusionProbability ?? 1,
    inclusionDelayBlocks: options.inclusionDelayBlocks ?? 0,
    nullResultMode: options.nullResultMode ?? false,
    blockIntervalMs: options.blockIntervalMs ?? null,
  });
  const blockTimeSeconds = options.blockTimeSeconds ?? 12;
  if (!Number.isSafeInteger(blockTimeSeconds) || blockTimeSeconds < 1) {
    throw new InputError('Invalid relay emulator option', { details: [`blockTimeSeconds: expected a positive integer, got ${blockTimeSeconds}`] });
  }
  const anvil = new AnvilClient(options.anvilUrl);
  const chainId = BigInt(await anvil.call<string>('eth_chainId'));
  const gate = new ChainGate();
  const pool = new BundlePool();
  const mempool = new PublicMempool();
  const stats = new StatsRecorder();
  const producer = new BlockProducer({
    anvil, gate, pool, mempool, stats, logger, chainId, blockTimeSeconds,
    knobs: () => knobs,
    random: seededRandom(options.seed ?? 1),
    ...(options.beforeBlock ? { beforeBlock: options.beforeBlock } : {}),
  });
  const methodDeps = { anvil, gate, pool, stats, logger, chainId, blockTimeSeconds, knobs: () => knobs };
  const server = await listenLoopback(
    {
      relay: (request, signer) => handleRelayMethod(methodDeps, request, signer),
      publicRpc: (body) => handlePublicRpc({ anvil, gate, mempool, stats, chainId }, body),
      refused: (kind) => stats.refusedRequest(kind),
    },
    logger,
  );

  let stopped = false;
  let ticking = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped || ticking || knobs.blockIntervalMs === null) return;
    timer = setTimeout(() => void tick(), knobs.blockIntervalMs);
  };
  const tick = async (): Promise<void> => {
    ticking = true;
    try {
      await producer.produce();
    } catch (err) {
      logger.error({ err }, 'relay: block production failed');
    } finally {
      ticking = false;
      schedule();
    }
  };
  schedule();

  const base = `http://127.0.0.1:${server.port}`;
  logger.info({ relayUrl: `${base}${RELAY_PATH}`, rpcUrl: `${base}${RPC_PATH}`, ...knobs }, 'relay: emulator listening');
  return {
    relayUrl: `${base}${RELAY_PATH}`,
    rpcUrl: `${base}${RPC_PATH}`,
    mineBlock: () => {
      if (stopped) return Promise.reject(new InputError('Relay emulator is stopped'));
      return producer.produce();
    },
    setKnobs: (partial) => {
      knobs = checkKnobs({ ...knobs, ...partial });
      schedule();
    },
    knobs: () => ({ ...knobs }),
    stats: () => stats.snapshot({ bundles: pool.size, publicTxs: mempool.size }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      schedule();
      await producer.idle();
      await server.close();
    },
  };
}

function checkKnobs(knobs: RelayKnobs): RelayKnobs {
  const details: string[] = [];
  if (!(knobs.inclusionProbability >= 0 && knobs.inclusionProbability <= 1)) {
    details.push(`inclusionProbability: expected 0..1, got ${knobs.inclusionProbability}`);
  }
  if (!Number.isSafeInteger(knobs.inclusionDelayBlocks) || knobs.inclusionDelayBlocks < 0) {
    details.push(`inclusionDelayBlocks: expected a non-negative integer, got ${knobs.inclusionDelayBlocks}`);
  }
  if (knobs.blockIntervalMs !== null && !(Number.isSafeInteger(knobs.blockIntervalMs) && knobs.blockIntervalMs > 0)) {
    details.push(`blockIntervalMs: expected a positive integer of milliseconds, got ${knobs.blockIntervalMs}`);
  }
  if (details.length > 0) throw new InputError('Invalid relay emulator knobs', { details });
  return knobs;
}
