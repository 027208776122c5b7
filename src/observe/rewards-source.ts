/**
 * Where published EigenLayer rewards trees come from. On chain there is only each tree's
 * root; the leaves (cumulative earnings per earner and token) are published off chain. The
 * keeper needs them to know what is claimable and how fast rewards accrue.
 *
 * The devnet writes one JSON file per root (`<rootIndex>.json`) into deployment.rewardsDir;
 * `directoryRewardsSource` reads those. A mainnet source (EigenLayer's published
 * distributions) implements the same two methods.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../domain/errors.ts';
import { parsePublishedRewardsTree, type PublishedRewardsTree } from '../protocols/eigenlayer/rewards-merkle.ts';
import { readPublishedJson } from './published-json.ts';

export interface RewardsTreeFile {
  readonly rootIndex: number;
  /** Rewards calculated until this unix time (the accrual sample's timestamp). */
  readonly calculatedUntil: number;
  readonly tree: PublishedRewardsTree;
}

export interface RewardsSource {
  /** Root indices that have a published tree, ascending. */
  indices(): Promise<number[]>;
  /** The tree posted at `rootIndex`, checked against its own root; undefined when not published. */
  tree(rootIndex: number): Promise<RewardsTreeFile | undefined>;
}

/**
 * Reads `<dir>/<rootIndex>.json`. Trees never change once posted, so parsed ones are cached:
 * a keeper that runs for days reads each file once.
 * @example const source = directoryRewardsSource(deployment.rewardsDir);
 */
export function directoryRewardsSource(dir: string): RewardsSource {
  const cache = new Map<number, RewardsTreeFile>();
  return {
    async indices() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (cause) {
        if ((cause as { code?: unknown }).code === 'ENOENT') return [];
        throw new InputError('cannot read the rewards directory', { details: [`dir: ${dir}`], cause });
      }
      return names
        .flatMap((n) => (/^\d+\.json$/.test(n) ? [Number(n.slice(0, -5))] : []))
        .sort((a, b) => a - b);
    },
    async tree(rootIndex) {
      const cached = cache.get(rootIndex);
      if (cached) return cached;
      const file = join(dir, `${rootIndex}.json`);
      const json = await readPublishedJson(file, 'rewards tree file');
      if (json === undefined) return undefined;
      const calculatedUntil = Number((json as { calculatedUntil?: unknown }).calculatedUntil);
      if (!Number.isSafeInteger(calculatedUntil) || calculatedUntil < 0) {
        throw new InputError('rewards tree file has no calculatedUntil', { details: [`file: ${file}`] });
      }
      const entry: RewardsTreeFile = { rootIndex, calculatedUntil, tree: parsePublishedRewardsTree(json) };
      cache.set(rootIndex, entry);
      return entry;
    },
  };
}

/** A source with no trees, for vaults without EigenLayer rewards or without a publisher. */
export const NO_REWARDS: RewardsSource = { indices: async () => [], tree: async () => undefined };
