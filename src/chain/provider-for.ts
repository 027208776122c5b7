/**
 * The provider every command and the daemon use for a config's chain: all `chain.rpcUrls`
 * endpoints in order, chain id checked per endpoint, heads that went back too far refused
 * (failover-provider.ts).
 */
import type { KeeperConfig } from '../config/schema.ts';
import { FailoverProvider, type EndpointHealth } from './failover-provider.ts';

/** @example const provider = providerFor(config); … provider.destroy(); */
export function providerFor(config: Pick<KeeperConfig, 'chain'>, onHealth?: (health: EndpointHealth) => void): FailoverProvider {
  return new FailoverProvider({
    urls: config.chain.rpcUrls,
    chainId: config.chain.chainId,
    timeoutMs: config.chain.requestTimeoutMs,
    pollingIntervalMs: config.chain.pollIntervalMs,
    maxReorgDepth: config.chain.maxReorgDepth,
    ...(onHealth ? { onHealth } : {}),
  });
}
