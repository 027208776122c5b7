/**
 * AVS rewards and slashing on the devnet, the way EigenLayer's off-chain rewards pipeline
 * works: earnings accrue per staker from the value they have delegated to operators in
 * rewarded operator sets; every interval the CUMULATIVE totals become a merkle root that the
 * rewards updater submits, the tree is published (a JSON file per root) for claimers, and
 * the RewardsCoordinator is funded with exactly the newly earned tokens.
 *
 * It also publishes what each operator set pays (`operator-sets.json`, read by
 * src/observe/reward-rates-source.ts), so a keeper that has not restaked yet can see it.
 * Units: the simulator's APR is ETH of rewards per ETH of delegated value per year (earned
 * ETH is turned into tokens at the token's pool price when a root is posted), so the
 * published `apr` is that APR as is, in WETH terms; a set whose token has no pool pays
 * nothing and is published as 0.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, type JsonRpcProvider, type Wallet } from 'ethers';
import { InputError } from '../../domain/errors.ts';
import type { Logger } from '../../telemetry/logger.ts';
import { SECONDS_PER_YEAR } from '../../domain/units.ts';
import type { EigenLayerDeployment } from '../deploy-eigenlayer.ts';
import { encodeMintRewards, encodeSlash, encodeSubmitRoot, publishRewards, wadFromFraction } from '../eigenlayer-controls.ts';
import { REWARD_RATES_FILE } from '../../observe/reward-rates-source.ts';
import { readPoolPrice } from './dex-arb.ts';
import type { RewardsMarketPort, SignedRequest } from './simulator.ts';

const WAD = 10n ** 18n;

const DELEGATION_ABI = [
  'function delegatedTo(address staker) view returns (address)',
  'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
];
const STRATEGY_ABI = ['function sharesToUnderlyingView(uint256 shares) view returns (uint256)'];
const COORDINATOR_ABI = ['function getDistributionRootsLength() view returns (uint256)'];

export interface RewardsMarketDeps {
  provider: JsonRpcProvider;
  eigenlayer: EigenLayerDeployment;
  weth: string;
  /** reward token symbol -> its /WETH pair, to price rewards in ETH. */
  rewardPairs: Readonly<Record<string, string>>;
  /** LRT rate by strategy address, in ETH wad per LRT. */
  rateOfStrategy: (strategy: string) => Promise<bigint>;
  /** Owner of the reward tokens and the rewards updater. */
  market: Wallet;
  avsWallets: ReadonlyMap<string, Wallet>;
  /** Stakers that earn (the keeper's holders); more can be added at run time. */
  earners: Set<string>;
  rewardsDir: string;
  logger: Logger;
}

export function createRewardsMarket(deps: RewardsMarketDeps): RewardsMarketPort {
  const cumulative = new Map<string, Map<string, bigint>>();
  let lastTimestamp: number | undefined;
  const delegation = new Contract(deps.eigenlayer.delegationManager, DELEGATION_ABI, deps.provider);
  const coordinator = new Contract(deps.eigenlayer.rewardsCoordinator, COORDINATOR_ABI, deps.provider);
  mkdirSync(deps.rewardsDir, { recursive: true });

  /** ETH value (wei) a staker has delegated in the given strategies. */
  async function delegatedValue(staker: string, strategies: readonly string[]): Promise<bigint> {
    const [withdrawable] = (await delegation.getFunction('getWithdrawableShares')(staker, strategies)) as [bigint[], bigint[]];
    let total = 0n;
    for (const [i, strategy] of strategies.entries()) {
      const shares = withdrawable[i] ?? 0n;
      if (shares === 0n) continue;
      const underlying = (await new Contract(strategy, STRATEGY_ABI, deps.provider).getFunction('sharesToUnderlyingView')(shares)) as bigint;
      total += (underlying * (await deps.rateOfStrategy(strategy))) / WAD;
    }
    return total;
  }

  async function tokenPriceWei(symbol: string): Promise<bigint> {
    const pair = deps.rewardPairs[symbol];
    if (!pair) return 0n;
    return (await readPoolPrice(deps.provider, pair, deps.weth)).priceWad;
  }

  return {
    knownOperatorSets: () => deps.eigenlayer.avs.flatMap((avs) => avs.operatorSets.map((set) => `${avs.name}:${set.id}`)),

    async postRoot(aprByOperatorSet, blockTimestamp) {
      const elapsed = lastTimestamp === undefined ? 0 : blockTimestamp - lastTimestamp;
      lastTimestamp = blockTimestamp;
      if (elapsed <= 0) return [];
      const minted = new Map<string, bigint>();
      for (const earner of deps.earners) {
        const operator = ((await delegation.getFunction('delegatedTo')(earner)) as string).toLowerCase();
        for (const avs of deps.eigenlayer.avs) {
          for (const set of avs.operatorSets) {
            const apr = aprByOperatorSet[`${avs.name}:${set.id}`] ?? 0;
            if (apr <= 0 || !set.operators.some((o) => o.toLowerCase() === operator)) continue;
            const value = await delegatedValue(earner, set.strategies);
            const price = await tokenPriceWei(set.rewardToken.symbol);
            if (value === 0n || price === 0n) continue;
            // value * apr * elapsed / year, in ETH wei, then into reward token wei.
            const earnedWei = (value * BigInt(Math.round(apr * 1e9)) * BigInt(elapsed)) / (BigInt(SECONDS_PER_YEAR) * 10n ** 9n);
            const tokens = (earnedWei * WAD) / price;
            if (tokens === 0n) continue;
            const byToken = cumulative.get(earner) ?? new Map<string, bigint>();
            byToken.set(set.rewardToken.address, (byToken.get(set.rewardToken.address) ?? 0n) + tokens);
            cumulative.set(earner, byToken);
            minted.set(set.rewardToken.address, (minted.get(set.rewardToken.address) ?? 0n) + tokens);
          }
        }
      }
      if (minted.size === 0) return [];
      const earnings = Object.fromEntries([...cumulative].map(([earner, tokens]) => [earner, Object.fromEntries(tokens)]));
      const { root, tree } = publishRewards(earnings);
      const rootIndex = Number((await coordinator.getFunction('getDistributionRootsLength')()) as bigint);
      writeFileSync(join(deps.rewardsDir, `${rootIndex}.json`), JSON.stringify({ rootIndex, calculatedUntil: blockTimestamp, ...tree }, null, 2));
      deps.logger.info({ rootIndex, root, earners: cumulative.size }, 'rewards root posted');
      const txs: SignedRequest[] = [...minted].map(([token, amount]) => ({
        wallet: deps.market,
        request: encodeMintRewards(token, deps.eigenlayer.rewardsCoordinator, amount),
        gasLimit: 120_000n,
      }));
      txs.push({ wallet: deps.market, request: encodeSubmitRoot(deps.eigenlayer.rewardsCoordinator, root, blockTimestamp), gasLimit: 200_000n });
      return txs;
    },

    async publishRates(aprByOperatorSet, blockTimestamp) {
      const operatorSets = [];
      for (const avs of deps.eigenlayer.avs) {
        for (const set of avs.operatorSets) {
          const key = `${avs.name}:${set.id}`;
          const paid = (await tokenPriceWei(set.rewardToken.symbol)) > 0n;
          operatorSets.push({
            name: key,
            avs: avs.address,
            operatorSetId: set.id,
            rewardToken: set.rewardToken.address,
            rewardTokenSymbol: set.rewardToken.symbol,
            apr: paid ? Math.max(0, aprByOperatorSet[key] ?? 0) : 0,
            publishedAt: blockTimestamp,
            strategies: set.strategies,
          });
        }
      }
      const file = join(deps.rewardsDir, REWARD_RATES_FILE);
      // Write then rename: a keeper reading at the same moment sees the old file or the new one, never half.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, asset: deps.weth, operatorSets }, null, 2));
      renameSync(tmp, file);
    },

    async slash(event) {
      const avs = deps.eigenlayer.avs.find((a) => a.name === event.avs);
      const set = avs?.operatorSets.find((s) => s.id === event.operatorSetId);
      const operator = deps.eigenlayer.operators.find((o) => o.name === event.operator || o.address.toLowerCase() === event.operator.toLowerCase());
      const wallet = avs ? deps.avsWallets.get(avs.name) : undefined;
      if (!avs || !set || !operator || !wallet) {
        throw new InputError('Unknown slashing target', {
          details: [
            `avs: ${event.avs} (known: ${deps.eigenlayer.avs.map((a) => a.name).join(', ')})`,
            `operator set: ${event.operatorSetId}`,
            `operator: ${event.operator} (known: ${deps.eigenlayer.operators.map((o) => o.name).join(', ')})`,
          ],
        });
      }
      const request = encodeSlash({
        allocationManager: deps.eigenlayer.allocationManager,
        avs: avs.address,
        operator: operator.address,
        operatorSetId: set.id,
        strategies: set.strategies,
        wad: wadFromFraction(event.fraction),
        description: `devnet: ${avs.name} slashes ${operator.name}`,
      });
      // Slashing burns shares in every strategy of the set and rescales the operator's stakers:
      // its gas grows with the stakers and queued withdrawals (600k ran out in a busy world).
      return { wallet, request, gasLimit: 3_000_000n };
    },
  };
}
