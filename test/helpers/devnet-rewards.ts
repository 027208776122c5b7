/**
 * The devnet's rewards trees through the keeper's real path: the Sidecar client and source
 * against the devnet Sidecar, every root checked against the RewardsCoordinator.
 */
import { RpcClient } from '../../src/chain/rpc-client.ts';
import type { DevnetDeployment } from '../../src/devnet/deployment.ts';
import { createSidecarClient } from '../../src/rewards/sidecar-client.ts';
import { sidecarRewardsSource, type SidecarRewardsSource } from '../../src/rewards/sidecar-source.ts';
import { createLogger } from '../../src/telemetry/logger.ts';

export function devnetRewardsSource(d: DevnetDeployment, options: { listTtlMs?: number } = {}): SidecarRewardsSource {
  const rpc = new RpcClient({ urls: [d.rpcUrl], chainId: d.chainId, timeoutMs: 10_000 });
  return sidecarRewardsSource({
    client: createSidecarClient({ baseUrl: d.sidecarUrl, timeoutMs: 5_000, retries: 1 }),
    rpc,
    rewardsCoordinator: d.eigenlayer.rewardsCoordinator,
    logger: createLogger({ level: 'silent' }),
    listTtlMs: options.listTtlMs ?? 0,
  });
}
