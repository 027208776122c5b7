/**
 * The record of one devnet world: where to reach it and every contract address. Written to
 * JSON by `keeper devnet up` so other processes (the keeper, `keeper plan`, scenarios) and
 * configs (`deployment:` references in config/devnet.yaml) can find the world.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../domain/errors.ts';
import type { LrtDeployments } from './deploy-lrts.ts';
import type { EigenLayerDeployment } from './deploy-eigenlayer.ts';
import type { VaultDeployment } from './deploy-vault.ts';
import type { SafeDeployment } from './deploy-safe.ts';

export interface DevnetDeployment {
  chainId: number;
  /** A random id per started devnet: keeper state in Redis is scoped by it (src/state/chain-scope.ts). */
  instanceId?: string;
  startBlock: number;
  /** Public JSON-RPC (the relay emulator's proxy: reads pass through, sends join its mempool). */
  rpcUrl: string;
  /** Bundle relay (eth_sendBundle / eth_callBundle / eth_cancelBundle). */
  relayUrl: string;
  /** The devnet's control endpoint (scenarios, events, status). */
  controlUrl: string;
  /** Anvil itself; only the devnet's own tooling talks to it directly. */
  anvilUrl: string;
  weth: string;
  multicall3: string;
  uniswap: { factory: string; router: string; pairs: Record<string, string> };
  /** Uniswap V3 (factory, QuoterV2, SwapRouter, position manager) and LRT symbol -> LRT/WETH pool. */
  uniswapV3: { factory: string; quoter: string; router: string; positionManager: string; pools: Record<string, string> };
  lrts: LrtDeployments;
  eigenlayer: EigenLayerDeployment;
  /** Managed vaults (RestakingVault contracts) operated by the devnet keeper. */
  vaults: { main: VaultDeployment };
  /** Safe 1.4.1 singleton, factory, MultiSendCallOnly, fallback handler and the 2-of-3 DAO treasury Safe. */
  safe: SafeDeployment;
  /** Well-known devnet accounts (addresses only; their keys are Anvil's public dev keys). */
  accounts: { deployer: string; keeper: string; user: string };
  /** The devnet Sidecar's rewards API (distribution roots, their rows, claim proofs). */
  sidecarUrl: string;
  /** LRT reward streams paid outside the LRTs' rates, by LRT symbol: stream token, distributor, the token's WETH pair, proof server. */
  streams?: Record<string, { token: string; distributor: string; pair: string; proofUrl: string }>;
}

export const DEFAULT_DEPLOYMENT_PATH = '.devnet/deployment.json';

export function writeDeployment(path: string, deployment: DevnetDeployment): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(tmp, path);
}

export function readDeployment(path: string): DevnetDeployment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InputError('Devnet deployment file not found', {
      details: [`file: ${path}`, 'start a devnet first: npx keeper devnet up'],
      cause,
    });
  }
  try {
    return JSON.parse(text) as DevnetDeployment;
  } catch (cause) {
    throw new InputError('Devnet deployment file is not valid JSON', { details: [`file: ${path}`], cause });
  }
}
