/**
 * AVS rewards and slashing on the devnet, through the mainnet paths: every block each rewarded
 * operator set's AVS submits its rewards for that block's calculation window through the
 * RewardsCoordinator's real submission functions (AVS-level, total-stake or unique-stake, by
 * set), paying `apr` of the ETH value of the stake it rewards; every root interval the devnet
 * Sidecar (src/devnet/sidecar) turns the submissions and the stake into a cumulative root that
 * the rewards updater posts. Splits and the protocol fee are set once through their real
 * setters (DEVNET_REWARD_TERMS), so the keeper's estimator has every override to honour.
 *
 * Units: the configured APR is gross (before the protocol fee and the operator split), in ETH
 * of rewards per ETH of stake per year. Strategy multipliers are each strategy's ETH value
 * per share (wad), so shares × multiplier weighs stake by value, as AVSs do with multipliers.
 */
import { Contract, Interface, MaxUint256, Wallet, getAddress, type JsonRpcProvider } from 'ethers';
import { InputError } from '../../domain/errors.ts';
import type { Logger } from '../../telemetry/logger.ts';
import { SECONDS_PER_YEAR } from '../../domain/units.ts';
import { devAccountKey, EIGEN_DEV_ACCOUNTS, REWARDS_CALCULATION_INTERVAL_SECONDS, type EigenLayerDeployment } from '../deploy-eigenlayer.ts';
import { encodeMintRewards, encodeSlash, wadFromFraction } from '../eigenlayer-controls.ts';
import type { SidecarLedger } from '../sidecar/ledger.ts';
import { ReadAnswers, ReadBatch } from '../../chain/read-batch.ts';
import { firstUint, read } from '../../chain/read.ts';
import { decodeAggregate3, encodeAggregate3 } from '../../chain/multicall.ts';
import { orientReserves, pairReserves, pairToken0 } from '../../protocols/uniswap/reads.ts';
import type { RewardsMarketPort, SignedRequest } from './simulator.ts';

const WAD = 10n ** 18n;
const MULTIPLIER_TTL_SECONDS = 300;
const AVS_TREASURY = 10n ** 36n;

/** How each devnet operator set is paid, and the overrides set at the first block. */
export const DEVNET_REWARD_TERMS = {
  /** Per operator set `${avsName}:${id}`: the submission function used. */
  kinds: { 'avs-a:0': 'totalStake', 'avs-a:1': 'uniqueStake', 'avs-b:0': 'avs' } as Record<string, 'avs' | 'totalStake' | 'uniqueStake'>,
  /** AVSs opted in to the 20 % protocol fee. */
  protocolFeeAvs: ['avs-b'],
  /** Operator AVS splits (bips): operator name → AVS name → bips. */
  avsSplits: { 'op-beta': { 'avs-b': 500 } } as Record<string, Record<string, number>>,
  /** Operator-set splits (bips): operator name → `${avsName}:${id}` → bips. Only op-beta gets overrides, so the seeded keeper (op-alpha) earns at the default split. */
  operatorSetSplits: { 'op-beta': { 'avs-a:0': 2500 } } as Record<string, Record<string, number>>,
};

const DELEGATION = new Interface(['function operatorShares(address operator, address strategy) view returns (uint256)']);
const STRATEGY_ABI = ['function sharesToUnderlyingView(uint256 shares) view returns (uint256)'];
const COORDINATOR = new Interface([
  'function createAVSRewardsSubmission(((address strategy, uint96 multiplier)[] strategiesAndMultipliers, address token, uint256 amount, uint32 startTimestamp, uint32 duration)[] rewardsSubmissions)',
  'function createTotalStakeRewardsSubmission((address avs, uint32 id) operatorSet, ((address strategy, uint96 multiplier)[] strategiesAndMultipliers, address token, uint256 amount, uint32 startTimestamp, uint32 duration)[] rewardsSubmissions)',
  'function createUniqueStakeRewardsSubmission((address avs, uint32 id) operatorSet, ((address strategy, uint96 multiplier)[] strategiesAndMultipliers, address token, uint256 amount, uint32 startTimestamp, uint32 duration)[] rewardsSubmissions)',
  'function setOptInForProtocolFee(address submitter, bool value)',
  'function setOperatorAVSSplit(address operator, address avs, uint16 split)',
  'function setOperatorSetSplit(address operator, (address avs, uint32 id) operatorSet, uint16 split)',
]);
const ERC20 = new Interface(['function approve(address spender, uint256 amount) returns (bool)']);

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
  sidecar: SidecarLedger;
  logger: Logger;
}

export function createRewardsMarket(deps: RewardsMarketDeps): RewardsMarketPort {
  const coordinator = deps.eigenlayer.rewardsCoordinator;
  let setUp = false;
  let multipliers: { at: number; values: Map<string, bigint> } | undefined;

  /**
   * One block's reads, in parallel: every operator's shares, every reward token's price, and
   * each strategy's ETH value per share (wad; the multiplier), refreshed every MULTIPLIER_TTL
   * seconds of chain time (it moves by the LRT's yield only, ~0.003 % a day).
   */
  async function blockReads(timestamp: number) {
    const strategies = [...new Set(deps.eigenlayer.avs.flatMap((a) => a.operatorSets.flatMap((s) => s.strategies)))].map((s) => s.toLowerCase());
    const operators = deps.eigenlayer.operators.map((o) => o.address.toLowerCase());
    const symbols = [...new Set(deps.eigenlayer.avs.flatMap((a) => a.operatorSets.map((s) => s.rewardToken.symbol)))];
    const fresh = multipliers !== undefined && timestamp - multipliers.at < MULTIPLIER_TTL_SECONDS;
    const batch = new ReadBatch();
    const shareSlots = operators.flatMap((o) => strategies.map((s) => [`${o}:${s}`, batch.add(read(deps.eigenlayer.delegationManager, DELEGATION, 'operatorShares', [o, s], `operatorShares(${o},${s})`, firstUint))] as const));
    const pairSlots = symbols.flatMap((symbol) => {
      const pair = deps.rewardPairs[symbol];
      return pair ? [{ symbol, reserves: batch.add(pairReserves(pair, symbol)), token0: batch.add(pairToken0(pair, symbol)) }] : [];
    });
    // Shares and prices in one aggregate3: the simulator runs before every block.
    const [mults, raw] = await Promise.all([
      fresh ? Promise.resolve([...(multipliers?.values ?? [])]) : Promise.all(strategies.map(async (s) => {
        const [underlying, rate] = await Promise.all([new Contract(s, STRATEGY_ABI, deps.provider).getFunction('sharesToUnderlyingView')(WAD) as Promise<bigint>, deps.rateOfStrategy(s)]);
        return [s, (underlying * rate) / WAD] as const;
      })),
      deps.provider.call({ to: deps.eigenlayer.multicall3, data: encodeAggregate3(batch.calls) }),
    ]);
    const answers = new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, raw));
    const shares = shareSlots.map(([key, slot]) => [key, answers.get(slot)] as const);
    const prices = pairSlots.map(({ symbol, reserves, token0 }) => {
      const r = orientReserves(answers.get(reserves), answers.get(token0), deps.weth);
      return [symbol, r.token === 0n ? 0n : (r.weth * WAD) / r.token] as const;
    });
    if (!fresh) multipliers = { at: timestamp, values: new Map(mults) };
    return { mults: new Map(mults), shares: new Map(shares), prices: new Map(prices) };
  }

  /** The one-time setters: approvals, protocol-fee opt-ins and operator splits. */
  function setupTxs(): SignedRequest[] {
    const txs: SignedRequest[] = [];
    for (const avs of deps.eigenlayer.avs) {
      const wallet = deps.avsWallets.get(avs.name);
      if (!wallet) continue;
      // The AVS's treasury: minted once, far more than a devnet run pays out.
      for (const token of new Set(avs.operatorSets.map((s) => s.rewardToken.address))) {
        txs.push({ wallet: deps.market, request: encodeMintRewards(token, wallet.address, AVS_TREASURY), gasLimit: 120_000n });
        txs.push({ wallet, request: { to: token, data: ERC20.encodeFunctionData('approve', [coordinator, MaxUint256]), value: 0n }, gasLimit: 80_000n });
      }
      if (DEVNET_REWARD_TERMS.protocolFeeAvs.includes(avs.name)) {
        txs.push({ wallet, request: { to: coordinator, data: COORDINATOR.encodeFunctionData('setOptInForProtocolFee', [avs.address, true]), value: 0n }, gasLimit: 80_000n });
      }
    }
    for (const [i, operator] of deps.eigenlayer.operators.entries()) {
      const key = EIGEN_DEV_ACCOUNTS.operators[i];
      if (key === undefined) continue;
      const wallet = new Wallet(devAccountKey(key), deps.provider);
      for (const [avsName, bips] of Object.entries(DEVNET_REWARD_TERMS.avsSplits[operator.name] ?? {})) {
        const avs = deps.eigenlayer.avs.find((a) => a.name === avsName);
        if (avs) txs.push({ wallet, request: { to: coordinator, data: COORDINATOR.encodeFunctionData('setOperatorAVSSplit', [operator.address, avs.address, bips]), value: 0n }, gasLimit: 100_000n });
      }
      for (const [setKey, bips] of Object.entries(DEVNET_REWARD_TERMS.operatorSetSplits[operator.name] ?? {})) {
        const [avsName, id] = setKey.split(':');
        const avs = deps.eigenlayer.avs.find((a) => a.name === avsName);
        if (avs) txs.push({ wallet, request: { to: coordinator, data: COORDINATOR.encodeFunctionData('setOperatorSetSplit', [operator.address, { avs: avs.address, id: Number(id) }, bips]), value: 0n }, gasLimit: 100_000n });
      }
    }
    return txs;
  }

  return {
    knownOperatorSets: () => deps.eigenlayer.avs.flatMap((avs) => avs.operatorSets.map((set) => `${avs.name}:${set.id}`)),

    async submitRewards(aprByOperatorSet, blockTimestamp) {
      const txs = setUp ? [] : setupTxs();
      setUp = true;
      const interval = REWARDS_CALCULATION_INTERVAL_SECONDS;
      const start = Math.floor(blockTimestamp / interval) * interval;
      const reads = await blockReads(blockTimestamp);
      for (const avs of deps.eigenlayer.avs) {
        const wallet = deps.avsWallets.get(avs.name);
        if (!wallet) continue;
        for (const set of avs.operatorSets) {
          const name = `${avs.name}:${set.id}`;
          const apr = aprByOperatorSet[name] ?? 0;
          const kind = DEVNET_REWARD_TERMS.kinds[name] ?? 'totalStake';
          const price = reads.prices.get(set.rewardToken.symbol) ?? 0n;
          if (apr <= 0 || price === 0n) continue;
          const strategies = [...set.strategies].map((s) => getAddress(s.toLowerCase())).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
          // AVS-level rewards pay every operator of the AVS; set-level ones the set's members.
          const operators = kind === 'avs' ? [...new Set(avs.operatorSets.flatMap((s) => s.operators))] : set.operators;
          let valueWei = 0n;
          for (const operator of operators) {
            for (const s of strategies) valueWei += ((reads.shares.get(`${operator.toLowerCase()}:${s.toLowerCase()}`) ?? 0n) * (reads.mults.get(s.toLowerCase()) ?? 0n)) / WAD;
          }
          if (valueWei === 0n) continue;
          const earnedWei = (valueWei * BigInt(Math.round(apr * 1e12)) * BigInt(interval)) / (BigInt(SECONDS_PER_YEAR) * 10n ** 12n);
          const amount = (earnedWei * WAD) / price;
          if (amount === 0n) continue;
          const submission = {
            strategiesAndMultipliers: strategies.map((s) => ({ strategy: s, multiplier: reads.mults.get(s.toLowerCase()) ?? 0n })),
            token: set.rewardToken.address,
            amount,
            startTimestamp: start,
            duration: interval,
          };
          const data =
            kind === 'avs'
              ? COORDINATOR.encodeFunctionData('createAVSRewardsSubmission', [[submission]])
              : COORDINATOR.encodeFunctionData(kind === 'totalStake' ? 'createTotalStakeRewardsSubmission' : 'createUniqueStakeRewardsSubmission', [{ avs: avs.address, id: set.id }, [submission]]);
          txs.push({ wallet, request: { to: coordinator, data, value: 0n }, gasLimit: 400_000n });
        }
      }
      return txs;
    },

    async postRoot(blockTimestamp) {
      const request = await deps.sidecar.prepareRoot(blockTimestamp);
      return request ? [{ wallet: deps.market, request, gasLimit: 200_000n }] : [];
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
