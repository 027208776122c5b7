/**
 * The devnet market: before every block it produces the transactions that move the world
 * (LRT rates accruing at their APYs, DEX pools arbitraged to the protocol rate or held at a
 * depeg, AVS rewards posted as cumulative merkle roots, Kelp's stored price refreshed now and
 * then) and applies injected events (depeg, slashing, reward changes, base-fee spikes,
 * drained instant-exit liquidity). It signs but never mines: the block producer (the relay
 * emulator) puts these transactions at the top of the next block.
 */
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { Logger } from '../../telemetry/logger.ts';
import { SECONDS_PER_YEAR } from '../../domain/units.ts';
import { rawRpc } from '../anvil.ts';
import { BlockTxSigner } from './tx-signer.ts';
import { alignPool, readPoolPrice } from './dex-arb.ts';
import { alignV3Pool, readV3PoolPrice } from './dex-arb-v3.ts';
import { describeEvent, LRT_SYMBOLS, type LrtSymbol, type MarketEvent } from './events.ts';
import type { Scenario } from './scenarios.ts';
import type { TxRequest } from '../../protocols/lrt-deposit.ts';


export interface MarketConfig {
  lrtApy: Record<LrtSymbol, number>;
  /** Reward APR per operator set, keyed `${avsName}:${operatorSetId}`. */
  rewardApr: Record<string, number>;
  baseFeeGwei: number;
  blockSeconds: number;
  /** Post a new cumulative rewards root every this many blocks. */
  rootIntervalBlocks: number;
  /** Kelp's oracle is refreshed by someone every this many blocks; between, it is stale. */
  kelpRefreshBlocks: number;
}

export const DEFAULT_MARKET: MarketConfig = {
  lrtApy: { weETH: 0.032, ezETH: 0.029, rsETH: 0.031, pufETH: 0.03, rswETH: 0.033 },
  rewardApr: {},
  baseFeeGwei: 8,
  blockSeconds: 12,
  rootIntervalBlocks: 25,
  kelpRefreshBlocks: 10,
};

/** What the simulator needs from the LRT stand-ins (implemented over src/devnet/lrt-controls.ts). */
export interface LrtMarketPort {
  /** The rate through the protocol's own rate function (what DEX arbitrage prices to). */
  readRate(symbol: LrtSymbol): Promise<bigint>;
  /** The transaction that moves the true rate by `growth` (e.g. 1e-8 for one block at ~3%). */
  accrue(symbol: LrtSymbol, growth: number): Promise<TxRequest | undefined>;
  refreshKelpPrice(): TxRequest;
  setInstantLiquidity(symbol: LrtSymbol, amountWei: bigint): TxRequest | undefined;
  token(symbol: LrtSymbol): string;
}

/** What the simulator needs from the EigenLayer stand-ins. */
export interface RewardsMarketPort {
  /** The AVSs' RewardsCoordinator submissions paying each set's APR over the calculation window holding `blockTimestamp` (the next block's time). */
  submitRewards(aprByOperatorSet: Readonly<Record<string, number>>, blockTimestamp: number): Promise<readonly SignedRequest[]>;
  /** The rewards updater's submitRoot of what the devnet Sidecar computed up to `blockTimestamp` (a mined block's time). */
  postRoot(blockTimestamp: number): Promise<readonly SignedRequest[]>;
  slash(event: Extract<MarketEvent, { kind: 'slash' }>): Promise<SignedRequest>;
  knownOperatorSets(): readonly string[];
}

export interface SignedRequest {
  wallet: Wallet;
  request: TxRequest;
  gasLimit: bigint;
}

export interface MarketDeps {
  provider: JsonRpcProvider;
  anvilUrl: string;
  chainId: number;
  weth: string;
  pairs: Readonly<Record<string, string>>;
  /** Uniswap V3 LRT/WETH pools (by LRT symbol), arbitraged through the router like the pairs. */
  v3?: { readonly router: string; readonly fee: number; readonly pools: Readonly<Record<string, string>> };
  market: Wallet;
  lrt: LrtMarketPort;
  rewards: RewardsMarketPort;
  logger: Logger;
}

interface ScheduledEvent {
  block: number;
  event: MarketEvent;
  scenario: string;
}

export interface MarketStatus {
  config: MarketConfig;
  depegBps: Partial<Record<LrtSymbol, number>>;
  lastBlock: number;
  scenario: { name: string; startBlock: number; endBlock: number } | undefined;
  pendingEvents: number;
  applied: { block: number; description: string }[];
}

export class MarketSimulator {
  private readonly config: MarketConfig;
  private readonly depegBps: Partial<Record<LrtSymbol, number>> = {};
  private readonly scheduled: ScheduledEvent[] = [];
  private readonly immediate: MarketEvent[] = [];
  private readonly applied: { block: number; description: string }[] = [];
  private scenario: MarketStatus['scenario'];
  private lastBlock = 0;
  /** Event transactions of the last block, checked for a revert once it is mined. */
  private eventTxs: { hash: string; block: number; event: MarketEvent['kind'] }[] = [];

  constructor(
    private readonly deps: MarketDeps,
    config: Partial<MarketConfig> = {},
  ) {
    this.config = { ...DEFAULT_MARKET, ...config, lrtApy: { ...DEFAULT_MARKET.lrtApy, ...config.lrtApy } };
    const apr: Record<string, number> = {};
    deps.rewards.knownOperatorSets().forEach((key, i) => {
      apr[key] = config.rewardApr?.[key] ?? [0.012, 0.008, 0.015, 0.01][i % 4] ?? 0.01;
    });
    this.config.rewardApr = apr;
  }

  /** Queues an event for the next block. */
  inject(event: MarketEvent): void {
    this.immediate.push(event);
  }

  /** Schedules a scenario's steps relative to the next block. */
  play(scenario: Scenario): { startBlock: number; endBlock: number } {
    const startBlock = this.lastBlock + 1;
    for (const step of scenario.steps) this.scheduled.push({ block: startBlock + step.atBlock, event: step.event, scenario: scenario.name });
    this.scenario = { name: scenario.name, startBlock, endBlock: startBlock + scenario.blocks };
    this.deps.logger.info({ scenario: scenario.name, startBlock, endBlock: this.scenario.endBlock }, 'scenario scheduled');
    return { startBlock, endBlock: this.scenario.endBlock };
  }

  status(): MarketStatus {
    return {
      config: this.config,
      depegBps: { ...this.depegBps },
      lastBlock: this.lastBlock,
      scenario: this.scenario,
      pendingEvents: this.scheduled.length + this.immediate.length,
      applied: this.applied.slice(-50),
    };
  }

  /** Builds the signed transactions that open block `nextBlock`. */
  async beforeBlock(nextBlock: number): Promise<string[]> {
    this.lastBlock = nextBlock;
    await this.reportRevertedEvents();
    const signer = new BlockTxSigner(this.deps.provider, this.deps.chainId);
    const due = [...this.immediate.splice(0), ...this.takeScheduled(nextBlock)];
    for (const event of due) {
      // A bad event must not stop the chain: log it and keep producing blocks.
      try {
        await this.apply(event, nextBlock, signer);
      } catch (err) {
        this.deps.logger.error({ err, block: nextBlock, event: event.kind }, 'market event failed');
      }
    }

    // Reads run in parallel; transactions are added in a fixed order so blocks are reproducible.
    // One LRT's failed accrual skips that LRT for this block; it must not stop the chain.
    const accruals = await Promise.all(
      LRT_SYMBOLS.map((symbol) =>
        this.deps.lrt.accrue(symbol, (1 + this.config.lrtApy[symbol]) ** (this.config.blockSeconds / SECONDS_PER_YEAR) - 1).catch((err: unknown) => {
          this.deps.logger.error({ err, block: nextBlock, lrt: symbol }, 'LRT accrual failed; skipped this block');
          return undefined;
        }),
      ),
    );
    for (const accrual of accruals) if (accrual) await signer.add(this.deps.market, accrual, 300_000n);
    if (nextBlock % this.config.kelpRefreshBlocks === 0) await signer.add(this.deps.market, this.deps.lrt.refreshKelpPrice(), 200_000n);
    await this.arbitragePools(signer);
    await this.rewards(nextBlock, signer);
    await rawRpc(this.deps.anvilUrl, 'anvil_setNextBlockBaseFeePerGas', [`0x${(BigInt(Math.round(this.config.baseFeeGwei * 1e9))).toString(16)}`]);
    return signer.drain();
  }

  /**
   * A market event whose transaction reverted (a slash out of gas) changes nothing on chain,
   * and a scenario built on it silently tests nothing: say so loudly.
   */
  private async reportRevertedEvents(): Promise<void> {
    const checks = this.eventTxs.splice(0);
    for (const check of checks) {
      try {
        const receipt = await this.deps.provider.getTransactionReceipt(check.hash);
        if (receipt === null) this.deps.logger.error(check, 'market event transaction was not mined');
        else if (receipt.status !== 1) this.deps.logger.error({ ...check, gasUsed: receipt.gasUsed.toString() }, 'market event transaction reverted');
      } catch (err) {
        this.deps.logger.warn({ err, ...check }, 'could not read a market event receipt');
      }
    }
  }

  /**
   * Every block the AVSs pay for that block's window (so a reward stop shows in the next
   * block); every root interval the Sidecar's root is posted. A failure skips rewards for this
   * block only: it must not stop the chain.
   */
  private async rewards(nextBlock: number, signer: BlockTxSigner): Promise<void> {
    try {
      const timestamp = (await this.deps.provider.getBlock('latest'))?.timestamp ?? 0;
      const txs = [...(await this.deps.rewards.submitRewards(this.config.rewardApr, timestamp + this.config.blockSeconds))];
      if (nextBlock % this.config.rootIntervalBlocks === 0) txs.push(...(await this.deps.rewards.postRoot(timestamp)));
      for (const tx of txs) await signer.add(tx.wallet, tx.request, tx.gasLimit);
    } catch (err) {
      this.deps.logger.error({ err, block: nextBlock }, 'rewards submissions or root failed; skipped this block');
    }
  }

  private takeScheduled(block: number): MarketEvent[] {
    const due = this.scheduled.filter((s) => s.block <= block);
    for (const s of due) this.scheduled.splice(this.scheduled.indexOf(s), 1);
    if (this.scenario && block === this.scenario.endBlock) {
      this.deps.logger.info({ scenario: this.scenario.name, block }, 'scenario finished');
    }
    return due.map((s) => s.event);
  }

  private async apply(event: MarketEvent, block: number, signer: BlockTxSigner): Promise<void> {
    const description = describeEvent(event);
    this.applied.push({ block, description });
    this.deps.logger.info({ block, event: event.kind }, description);
    switch (event.kind) {
      case 'setApy':
        this.config.lrtApy[event.lrt] = event.apy;
        return;
      case 'depeg':
        this.depegBps[event.lrt] = event.bps;
        return;
      case 'recover':
        delete this.depegBps[event.lrt];
        return;
      case 'rewardRate':
        this.config.rewardApr[`${event.avs}:${event.operatorSetId}`] = event.apr;
        return;
      case 'baseFee':
        this.config.baseFeeGwei = event.gwei;
        return;
      case 'instantLiquidity': {
        const tx = this.deps.lrt.setInstantLiquidity(event.lrt, BigInt(Math.round(event.amountEth * 1e6)) * 10n ** 12n);
        if (tx) await signer.add(this.deps.market, tx, 200_000n);
        return;
      }
      case 'slash': {
        const tx = await this.deps.rewards.slash(event);
        const hash = await signer.add(tx.wallet, tx.request, tx.gasLimit);
        this.eventTxs.push({ hash, block, event: event.kind });
        return;
      }
    }
  }

  private async arbitragePools(signer: BlockTxSigner): Promise<void> {
    const v3 = this.deps.v3;
    const moves = await Promise.all(
      LRT_SYMBOLS.map(async (symbol) => {
        const pair = this.deps.pairs[symbol];
        const pool = v3?.pools[symbol];
        if (!pair && !pool) return { v2: [], v3: [] };
        const token = this.deps.lrt.token(symbol);
        const rate = await this.deps.lrt.readRate(symbol);
        const depeg = BigInt(this.depegBps[symbol] ?? 0);
        const target = (rate * (10_000n - depeg)) / 10_000n;
        const [v2Moves, v3Moves] = await Promise.all([
          pair ? readPoolPrice(this.deps.provider, pair, this.deps.weth).then((p) => alignPool(p, target, { pair, token, weth: this.deps.weth })) : [],
          pool && v3
            ? readV3PoolPrice(this.deps.provider, pool, token, this.deps.weth).then((p) =>
                alignV3Pool(p, target, { router: v3.router, token, weth: this.deps.weth, fee: v3.fee, recipient: this.deps.market.address }),
              )
            : [],
        ]);
        return { v2: v2Moves, v3: v3Moves };
      }),
    );
    for (const move of moves.flatMap((m) => m.v2)) await signer.add(this.deps.market, move, 150_000n);
    // A V3 swap crosses a few initialized ticks at most on the devnet's two bands.
    for (const move of moves.flatMap((m) => m.v3)) await signer.add(this.deps.market, move, 600_000n);
  }
}
