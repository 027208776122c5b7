/**
 * Where market-wide AVS reward rates come from: per operator set, what it pays a year per
 * unit of stake, valued in the vault asset. The estimator uses them when the vault has no
 * accrual of its own for a set (it never restaked, or holds nothing there) and to see a
 * reward stop at once instead of after the accrual window (src/yield/published-rates.ts).
 *
 * The devnet market simulator writes `<rewardsDir>/operator-sets.json` (next to the rewards
 * trees); `directoryRewardRatesSource` reads it. On mainnet the same interface would be
 * implemented from EigenLayer's published rewards submissions (per AVS and operator set: the
 * token amount, duration and strategies, valued through the token's price against the stake
 * in those strategies); that source is not built.
 *
 * File format (version 1):
 *   { "version": 1, "asset": "0x…",
 *     "operatorSets": [{ "avs": "0x…", "operatorSetId": 0, "rewardToken": "0x…",
 *                        "apr": 0.012, "publishedAt": 1717200000, "strategies": ["0x…"] }] }
 * `apr` is a fraction per year (0.012 = 1.2 %); `strategies` is optional (absent: every
 * strategy of the set); other keys (names, symbols for people reading the file) are ignored.
 */

import { join } from 'node:path';
import { z } from 'zod';
import { InputError, KeeperError } from '../domain/errors.ts';
import type { Address } from '../domain/types.ts';
import type { PublishedRatesInput, PublishedRewardRates } from '../yield/published-rates.ts';
import { readPublishedJson } from './published-json.ts';

export type { PublishedRewardRates } from '../yield/published-rates.ts';

/** File name of the published rates inside a rewards directory. */
export const REWARD_RATES_FILE = 'operator-sets.json';

export interface RewardRatesSource {
  /** The latest published rates; undefined when nothing is published (yet). Throws InputError on a malformed publication. */
  rates(): Promise<PublishedRewardRates | undefined>;
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte hex address');

const rateFileSchema = z.object({
  version: z.literal(1),
  asset: address,
  operatorSets: z.array(
    z.object({
      avs: address,
      operatorSetId: z.number().int().min(0),
      rewardToken: address,
      apr: z.number().min(0).max(100),
      publishedAt: z.number().int().min(0),
      strategies: z.array(address).optional(),
    }),
  ),
});

/**
 * Checks a parsed publication and turns it into the estimator's plain data.
 * @example parseRewardRates(JSON.parse(text), 'operator-sets.json').rates[0]?.apr // 0.012
 */
export function parseRewardRates(json: unknown, file: string): PublishedRewardRates {
  const parsed = rateFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError('Invalid published reward rates', {
      details: [`file: ${file}`, ...parsed.error.issues.map((i) => `field ${i.path.join('.') || '(root)'}: ${i.message}`)],
    });
  }
  const d = parsed.data;
  return {
    asset: d.asset as Address,
    rates: d.operatorSets.map((s) => ({
      avs: s.avs as Address,
      operatorSetId: s.operatorSetId,
      rewardToken: s.rewardToken as Address,
      apr: s.apr,
      publishedAt: s.publishedAt,
      ...(s.strategies === undefined ? {} : { strategies: s.strategies as Address[] }),
    })),
  };
}

/**
 * Reads `<dir>/operator-sets.json` on every call (the publisher rewrites it; one small read a tick).
 * @example const source = directoryRewardRatesSource(deployment.rewardsDir);
 */
export function directoryRewardRatesSource(dir: string): RewardRatesSource {
  const file = join(dir, REWARD_RATES_FILE);
  return {
    async rates() {
      const json = await readPublishedJson(file, 'published reward rates file');
      return json === undefined ? undefined : parseRewardRates(json, file);
    },
  };
}

/** A source that never has rates: accrual only. */
export const NO_REWARD_RATES: RewardRatesSource = { rates: async () => undefined };

/**
 * The estimator's input from a source, for a vault whose asset is `asset`. Never throws for
 * bad data: a malformed or unreadable publication, or one valued in another asset, becomes a
 * reason and the estimator falls back to accrual. Undefined when there is no source or nothing
 * is published.
 * @example estimateYields({ …, publishedRewardRates: await publishedRatesInput(deps.rewardRates, config.universe.weth) })
 */
export async function publishedRatesInput(source: RewardRatesSource | undefined, asset: string): Promise<PublishedRatesInput | undefined> {
  if (source === undefined) return undefined;
  let published: PublishedRewardRates | undefined;
  try {
    published = await source.rates();
  } catch (err) {
    // Rates only refine the estimate: whatever went wrong, the tick goes on with accrual.
    const reason = err instanceof KeeperError ? [err.shortMessage, ...err.details].join('; ') : err instanceof Error ? err.message : String(err);
    return { ok: false, reason };
  }
  if (published === undefined) return undefined;
  if (published.asset.toLowerCase() !== asset.toLowerCase()) {
    return { ok: false, reason: `rates are valued in ${published.asset}, not the vault asset ${asset}` };
  }
  return { ok: true, published };
}
