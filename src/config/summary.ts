/**
 * A short, secret-free description of a loaded config: what `config validate` prints and what
 * the keeper logs at start, so an operator can see at a glance which vaults, positions and
 * relays a file really configures. URLs are left out on purpose (they may carry tokens).
 */
import type { KeeperConfig } from './schema.ts';
import { resolveVaultSettings } from './vault-settings.ts';

export interface ConfigSummary {
  chainId: number;
  rpcUrlCount: number;
  vaults: { name: string; backend: string; strategy: string }[];
  positions: { symbol: string; protocol: string; riskTier: number; exits: string[]; restaked: boolean }[];
  operators: number;
  operatorSets: number;
  rewardTokens: string[];
  relays: string[];
}

export function summariseConfig(config: KeeperConfig): ConfigSummary {
  return {
    chainId: config.chain.chainId,
    rpcUrlCount: config.chain.rpcUrls.length,
    vaults: config.vaults.map((vault) => ({
      name: vault.name,
      backend: vault.backend,
      strategy: resolveVaultSettings(config, vault).strategy.name,
    })),
    positions: config.lrts.map((lrt) => ({
      symbol: lrt.symbol,
      protocol: lrt.protocol,
      riskTier: lrt.riskTier,
      exits: (['dex', 'dexV3', 'instant', 'queued'] as const).filter((kind) => lrt.exits[kind] !== undefined),
      restaked: config.eigenlayer.strategies[lrt.symbol] !== undefined,
    })),
    operators: config.eigenlayer.operators.length,
    operatorSets: config.eigenlayer.operators.reduce((n, op) => n + op.operatorSets.length, 0),
    rewardTokens: config.eigenlayer.rewardTokens.map((t) => t.symbol),
    relays: config.execution.relays.map((r) => r.name),
  };
}

/**
 * Human-readable lines of a summary.
 *
 * @example formatSummary(s) // ['chain 1, 2 RPC URLs', 'vaults (1): main [vault, risk-adjusted-yield]', …]
 */
export function formatSummary(summary: ConfigSummary): string[] {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const vaults = summary.vaults.map((v) => `${v.name} [${v.backend}, ${v.strategy}]`).join(', ');
  const positions = summary.positions
    .map((p) => `${p.symbol} [${p.protocol}, tier ${p.riskTier}, exits ${p.exits.join('/')}${p.restaked ? ', restaked' : ''}]`)
    .join(', ');
  return [
    `chain ${summary.chainId}, ${plural(summary.rpcUrlCount, 'RPC URL')}`,
    `vaults (${summary.vaults.length}): ${vaults}`,
    `positions (${summary.positions.length}): ${positions}`,
    `eigenlayer: ${plural(summary.operators, 'operator')}, ${plural(summary.operatorSets, 'operator set')}, reward tokens: ${summary.rewardTokens.join(', ') || 'none'}`,
    `relays: ${summary.relays.join(', ') || 'none (public mempool only)'}`,
  ];
}
