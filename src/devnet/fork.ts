/**
 * The fork rehearsal: Anvil as a fork of a live chain with the bundle relay emulator on top
 * and nothing else (no stand-ins, no market simulator). An operator points a mainnet config
 * at its RPC and relay URLs and runs `keeper plan` / `keeper run` against the real contracts
 * and their real state before risking anything.
 *
 * The fork keeps the upstream chain id, so a mainnet config's chain check still applies.
 * Anvil's dev accounts are funded on the fork; an operator's own signer can be funded with
 * `anvil_setBalance` on `anvilUrl`.
 *
 * @example
 *   const fork = await startFork({ forkUrl: process.env.MAINNET_RPC!, blockIntervalMs: 12_000, logger });
 *   // keeper plan -c my-mainnet-config.yaml   (rpcUrls: [fork.info.rpcUrl], relays: [fork.info.relayUrl])
 *   await fork.stop();
 */
import { InputError } from '../domain/errors.ts';
import type { Logger } from '../telemetry/logger.ts';
import { rawRpc, startAnvil } from './anvil.ts';
import { startRelayEmulator, type RelayEmulator } from './relay/emulator.ts';

export interface ForkOptions {
  /** Upstream JSON-RPC URL (it may carry a token: never logged or written as given). */
  readonly forkUrl: string;
  /** Upstream block to fork at; default the upstream head. */
  readonly forkBlock?: number;
  /** Produce a block every this many ms; omit to mine only through `mine()`. */
  readonly blockIntervalMs?: number;
  readonly logger: Logger;
}

/** What `keeper devnet up --fork-url` prints and writes (no deployment: the config names real addresses). */
export interface ForkInfo {
  readonly mode: 'fork';
  readonly chainId: number;
  /** Upstream URL with any credentials stripped. */
  readonly forkUrl: string;
  readonly forkBlock: number;
  /** The public node: reads pass through to the fork, transactions wait in the emulator's mempool. */
  readonly rpcUrl: string;
  /** Where bundles go (Flashbots semantics). */
  readonly relayUrl: string;
  /** Anvil itself, for anvil_* methods (funding a signer, impersonation). */
  readonly anvilUrl: string;
}

export interface ForkWorld {
  readonly info: ForkInfo;
  readonly relay: RelayEmulator;
  mine(blocks?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startFork(options: ForkOptions): Promise<ForkWorld> {
  const shown = redactUrl(options.forkUrl);
  let upstreamChainId: number;
  let head: number;
  try {
    upstreamChainId = Number(BigInt((await rawRpc(options.forkUrl, 'eth_chainId', [])) as string));
    head = Number(BigInt((await rawRpc(options.forkUrl, 'eth_blockNumber', [])) as string));
  } catch (cause) {
    throw new InputError('The fork URL does not answer JSON-RPC', { details: [`--fork-url: ${shown}`], cause, code: 'FORK_UPSTREAM' });
  }
  const forkBlock = options.forkBlock ?? head;
  if (forkBlock > head) throw new InputError('--fork-block is past the upstream head', { details: [`--fork-block: ${forkBlock}`, `upstream head: ${head}`] });

  const anvil = await startAnvil({
    chainId: upstreamChainId,
    noMining: true,
    blockTimeSeconds: 12,
    extraArgs: ['--fork-url', options.forkUrl, '--fork-block-number', String(forkBlock)],
  });
  try {
    const relay = await startRelayEmulator({
      anvilUrl: anvil.rpcUrl,
      logger: options.logger,
      ...(options.blockIntervalMs !== undefined ? { blockIntervalMs: options.blockIntervalMs } : {}),
    });
    const info: ForkInfo = { mode: 'fork', chainId: upstreamChainId, forkUrl: shown, forkBlock, rpcUrl: relay.rpcUrl, relayUrl: relay.relayUrl, anvilUrl: anvil.rpcUrl };
    options.logger.info({ chainId: upstreamChainId, forkBlock, forkUrl: shown }, 'fork ready');
    return {
      info,
      relay,
      async mine(blocks = 1) {
        let last = 0;
        for (let i = 0; i < blocks; i++) last = await relay.mineBlock();
        return last;
      },
      async stop() {
        await relay.stop().catch(() => undefined);
        await anvil.stop();
      },
    };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

/** Drops user info, query and path tokens from a URL: only scheme, host and port remain. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' || u.pathname === '' ? '' : '/…'}`;
  } catch {
    return '(unparseable URL)';
  }
}
