/**
 * One tick's observation of a devnet holder, as the keeper makes it (one multicall, V3 quote
 * ladders included), for the execution tests that plan from what the keeper sees.
 */
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { Address } from '../../../src/domain/types.ts';
import type { PositionObservation, Snapshot } from '../../../src/domain/snapshot.ts';
import { observeTargets } from '../../../src/keeper/targets.ts';
import { positionSpecs } from '../../../src/keeper/universe.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { observeVault } from '../../../src/observe/observer.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import type { ExecHarness } from './harness.ts';

/**
 * The snapshot of config vault `vaultName`, or of `holder` read as that vault reads its own
 * (a Safe observed with the eoa vault's reads: no share price, idle = WETH).
 */
export async function observeHolder(h: ExecHarness, config: KeeperConfig, vaultName: string, holder?: string): Promise<Snapshot> {
  const vault = config.vaults.find((v) => v.name === vaultName);
  if (vault === undefined) throw new Error(`no vault ${vaultName} in the devnet config`);
  const targets = observeTargets(config, vault, positionSpecs(config));
  const rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 });
  const deps = { rpc, logger: createLogger({ level: 'silent' }), rewards: devnetRewardsSource(h.world.deployment), lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000) };
  const outcome = await observeVault(deps, holder === undefined ? targets : { ...targets, holder: holder as Address }, { lastRate: async () => undefined, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 });
  if (!outcome.ok) throw new Error(`observation rejected: ${outcome.reasons.join('; ')}`);
  return outcome.observation.snapshot;
}

/** The position `positionId` of a snapshot (throws when it was not observed). */
export function positionOf(snapshot: Snapshot, positionId: string): PositionObservation {
  const obs = snapshot.positions.find((p) => p.positionId === positionId);
  if (obs === undefined) throw new Error(`no ${positionId} position observed`);
  return obs;
}
