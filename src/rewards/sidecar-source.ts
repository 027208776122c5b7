/**
 * A RewardsSource backed by the EigenLayer Sidecar, that believes nothing the chain does not
 * confirm: a root is used only when the RewardsCoordinator holds the same hash at the same
 * index, and a tree only when its rows hash to that root (zero rows kept, as the real trees
 * have them). A root that fails either check is refused with a logged error and never used;
 * an unreachable Sidecar leaves the tick without trees (claimable counted as 0), never failed.
 */
import { Interface } from 'ethers';
import { KeeperError } from '../domain/errors.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { buildRewardsTree } from '../protocols/eigenlayer/rewards-merkle.ts';
import type { RewardsSource, RewardsTreeFile } from '../observe/rewards-source.ts';
import type { SidecarClient, SidecarProof, SidecarRewardRow, SidecarRoot } from './sidecar-client.ts';

const COORDINATOR = new Interface([
  'function getDistributionRootAtIndex(uint256 index) view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
]);

export interface ChainRoot {
  readonly root: string;
  readonly rewardsCalculationEndTimestamp: number;
  readonly activatedAt: number;
  readonly disabled: boolean;
}

/** Reads root `index` from the RewardsCoordinator (one eth_call). */
export async function chainRootAt(rpc: RpcTransport, coordinator: string, index: number): Promise<ChainRoot> {
  const data = COORDINATOR.encodeFunctionData('getDistributionRootAtIndex', [index]);
  const raw = (await rpc.call('eth_call', [{ to: coordinator, data }, 'latest'])) as string;
  const [r] = COORDINATOR.decodeFunctionResult('getDistributionRootAtIndex', raw) as unknown as [{ root: string; rewardsCalculationEndTimestamp: bigint; activatedAt: bigint; disabled: boolean }];
  return { root: r.root.toLowerCase(), rewardsCalculationEndTimestamp: Number(r.rewardsCalculationEndTimestamp), activatedAt: Number(r.activatedAt), disabled: r.disabled };
}

/** Rows → the tree they describe, zero rows kept. A repeated (earner, token) row is an error. */
export function treeFromRows(rows: readonly SidecarRewardRow[]): ReturnType<typeof buildRewardsTree> {
  const earnings: Record<string, Record<string, bigint>> = {};
  for (const row of rows) {
    const byToken = (earnings[row.earner] ??= {});
    if (row.token in byToken) throw new KeeperError('Sidecar rewards list the same earner and token twice', { details: [`earner: ${row.earner}`, `token: ${row.token}`] });
    byToken[row.token] = row.amount;
  }
  return buildRewardsTree(earnings, { keepZero: true });
}

export interface SidecarSourceOptions {
  readonly client: SidecarClient;
  readonly rpc: RpcTransport;
  readonly rewardsCoordinator: string;
  readonly logger: Logger;
  /** How long the list of roots is reused, ms (new roots arrive weekly on mainnet). */
  readonly listTtlMs: number;
  readonly clock?: () => number;
}

export interface SidecarRewardsSource extends RewardsSource {
  /** A claim proof from the Sidecar (unchecked: src/rewards/verified-claim.ts checks it). */
  claimProof(earner: string, tokens: readonly string[], rootIndex: number): Promise<SidecarProof>;
}

/**
 * @example const rewards = sidecarRewardsSource({ client, rpc, rewardsCoordinator, logger, listTtlMs: 60_000 });
 */
export function sidecarRewardsSource(options: SidecarSourceOptions): SidecarRewardsSource {
  const clock = options.clock ?? Date.now;
  const verified = new Map<number, RewardsTreeFile>();
  const refused = new Set<string>();
  let list: { at: number; roots: Map<number, SidecarRoot> } | undefined;

  async function roots(): Promise<Map<number, SidecarRoot> | undefined> {
    if (list && clock() - list.at < options.listTtlMs) return list.roots;
    try {
      list = { at: clock(), roots: new Map((await options.client.distributionRoots()).map((r) => [r.rootIndex, r])) };
    } catch (err) {
      options.logger.warn({ err: describe(err) }, 'Sidecar distribution roots unavailable: rewards trees skipped this tick');
      return list?.roots;
    }
    return list.roots;
  }

  function refuse(key: string, reason: string, details: Record<string, unknown>): undefined {
    if (!refused.has(key)) options.logger.error({ alert: 'rewards-root-refused', ...details }, `rewards root refused: ${reason}`);
    refused.add(key);
    return undefined;
  }

  return {
    async indices() {
      return [...((await roots())?.keys() ?? [])].sort((a, b) => a - b);
    },
    async tree(rootIndex) {
      const cached = verified.get(rootIndex);
      if (cached) return cached;
      const listed = (await roots())?.get(rootIndex);
      if (!listed) return undefined;
      try {
        const onChain = await chainRootAt(options.rpc, options.rewardsCoordinator, rootIndex);
        if (onChain.root !== listed.root) {
          return refuse(`${rootIndex}:${listed.root}`, 'the chain holds another root at this index', { rootIndex, sidecarRoot: listed.root, chainRoot: onChain.root });
        }
        const tree = treeFromRows(await options.client.rewardsForRoot(rootIndex));
        if (tree.root.toLowerCase() !== onChain.root) {
          return refuse(`${rootIndex}:rows`, 'the Sidecar rows do not hash to the on-chain root', { rootIndex, rebuiltRoot: tree.root, chainRoot: onChain.root });
        }
        const entry: RewardsTreeFile = { rootIndex, calculatedUntil: onChain.rewardsCalculationEndTimestamp, tree };
        verified.set(rootIndex, entry);
        return entry;
      } catch (err) {
        options.logger.warn({ err: describe(err), rootIndex }, 'rewards tree unavailable this tick');
        return undefined;
      }
    },
    claimProof: (earner, tokens, rootIndex) => options.client.claimProof(earner, tokens, rootIndex),
  };
}

function describe(err: unknown): string {
  return err instanceof KeeperError ? [err.shortMessage, ...err.details].join('; ') : err instanceof Error ? err.message : String(err);
}
