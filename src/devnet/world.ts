/**
 * The whole local restaking world in one call: Anvil, the compiled stand-ins deployed and
 * seeded, Uniswap V2 pools, the market simulator, the bundle relay emulator (which produces
 * the blocks) and the control endpoint. `keeper devnet up`, `npm start` and the
 * integration tests all start the world through here, so they see the same world.
 */
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { JsonRpcProvider, Wallet } from 'ethers';
import type { Logger } from '../telemetry/logger.ts';
import { startAnvil, rawRpc, type AnvilInstance } from './anvil.ts';
import { compileContracts } from '../solidity/compile.ts';
import { Deployer } from './deployer.ts';
import { DEV_KEYS } from './accounts.ts';
import type { LrtSymbol } from './deploy-lrts.ts';
import { createLrtControls } from './lrt-controls.ts';
import { devAccountKey, EIGEN_DEV_ACCOUNTS } from './deploy-eigenlayer.ts';
import { deployWorldCore, type WorldCore } from './deploy-world.ts';
import { readCachedWorld, worldCacheKey, writeAnvilStateFile, writeCachedWorld, type CachedWorld } from './world-cache.ts';
import { startRelayEmulator, type RelayEmulator } from './relay/emulator.ts';
import { MarketSimulator, type MarketConfig } from './market/simulator.ts';
import { LRT_POOL_FEE } from './dex/uniswap-v3.ts';
import { createLrtMarket } from './market/lrt-market.ts';
import { createRewardsMarket } from './market/rewards-market.ts';
import { createSidecarLedger } from './sidecar/ledger.ts';
import { startSidecarServer, type SidecarServer } from './sidecar/http-server.ts';
import { startDevnetStream } from './streams/devnet-stream.ts';
import { startControlServer, type ControlServer } from './control-server.ts';
import { devnetControlHandlers } from './control-handlers.ts';
import type { DevnetDeployment } from './deployment.ts';
import { seedKeeperPosition } from './seed-keeper.ts';
import { SAFE_OWNER_ACCOUNTS } from './deploy-safe.ts';


/** Chain time per devnet block, as on Ethereum. */
const BLOCK_SECONDS = 12;
export interface WorldOptions {
  projectRoot: string;
  logger: Logger;
  /** Produce a block every this many ms; omit to mine only through `mine()`. */
  blockIntervalMs?: number;
  market?: Partial<MarketConfig>;
  relay?: { inclusionProbability?: number; inclusionDelayBlocks?: number; nullResultMode?: boolean; seed?: number };
  /** Give the keeper account a starting book (WETH, weETH, restaked ezETH); default false. */
  seedKeeper?: boolean;
  /** Load a cached deployment when one matches (default true); false always deploys. */
  useCache?: boolean;
  /** EigenLayer's strict withdrawal delay, in blocks (mainnet 100800). */
  minWithdrawalDelayBlocks?: number;
  /** Where devnet key files are written; default a fresh temporary folder, so parallel worlds never share files. */
  stateDir?: string;
  onProgress?: (step: string) => void;
}

export interface WorldTimings {
  compileMs: number;
  compileCacheHit: boolean;
  /** The deployed world came from the state cache instead of ~150 transactions. */
  deployCacheHit: boolean;
  deployMs: number;
  totalMs: number;
}

export interface DevnetWorld {
  deployment: DevnetDeployment;
  market: MarketSimulator;
  relay: RelayEmulator;
  /** The devnet Sidecar's HTTP API (its `faults` let tests make it fail or lie). */
  sidecar: SidecarServer;
  /** A provider on Anvil directly, for the devnet's own tooling and tests. */
  anvilProvider: JsonRpcProvider;
  timings: WorldTimings;
  /** Produces `blocks` blocks now (market moves, bundles, public txs); returns the last number. */
  mine(blocks?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startWorld(options: WorldOptions): Promise<DevnetWorld> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const logger = options.logger.child({ component: 'devnet' });
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'rk-devnet-'));
  mkdirSync(stateDir, { recursive: true });

  progress('compiling contracts (cached by source hash)');
  const compiled = compileContracts({ projectRoot: options.projectRoot, sourceDirs: ['contracts'] });
  const compileMs = Date.now() - started;

  const cacheKey = worldCacheKey(options.projectRoot, compiled.cacheKey, { minWithdrawalDelayBlocks: options.minWithdrawalDelayBlocks ?? null });
  let cached = options.useCache === false ? undefined : readCachedWorld(options.projectRoot, cacheKey);
  // A cached world is handed to Anvil as a state file at start: anvil_loadState would send
  // it as one JSON-RPC request, and the world's state outgrew Anvil's 2 MB request limit.
  let loadState: string[] = [];
  try {
    if (cached) loadState = ['--load-state', writeAnvilStateFile(cached, stateDir)];
  } catch {
    // A damaged cache entry is not an error: the world is simply deployed again.
    cached = undefined;
  }

  progress(cached ? 'starting anvil on the deployed world from the cache' : 'starting anvil');
  const anvil = await startAnvil({ blockTimeSeconds: BLOCK_SECONDS, extraArgs: loadState });
  const stack: (() => Promise<void>)[] = [() => anvil.stop()];
  try {
    const provider = new JsonRpcProvider(anvil.rpcUrl, anvil.chainId, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
    stack.unshift(async () => provider.destroy());
    const world = await buildWorld(options, compiled.artifacts, { key: cacheKey, hit: cached }, anvil, provider, stateDir, stack, progress, logger);
    const timings: WorldTimings = { compileMs, compileCacheHit: compiled.cacheHit, deployCacheHit: world.deployCacheHit, deployMs: Date.now() - started - compileMs, totalMs: Date.now() - started };
    logger.info(timings, 'devnet ready');
    return { ...world, timings };
  } catch (err) {
    for (const stop of stack) await stop().catch(() => undefined);
    throw err;
  }
}

async function buildWorld(
  options: WorldOptions,
  artifacts: ReturnType<typeof compileContracts>['artifacts'],
  cache: { key: string; hit: CachedWorld | undefined },
  anvil: AnvilInstance,
  provider: JsonRpcProvider,
  stateDir: string,
  stack: (() => Promise<void>)[],
  progress: (step: string) => void,
  logger: Logger,
): Promise<Omit<DevnetWorld, 'timings'> & { deployCacheHit: boolean }> {
  const market = new Wallet(DEV_KEYS.deployer, provider);

  const controls = createLrtControls(artifacts);
  const cached = cache.hit;
  let core: WorldCore;
  if (cached) {
    // Anvil's clock keeps the wall time of the dump's era; once the wall clock has passed the
    // cached head, blocks timestamped from the head would be refused. Restart time at the head.
    const head = (await rawRpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
    await rawRpc(anvil.rpcUrl, 'evm_setTime', [Number(head.timestamp)]);
    // A cache dumped a while ago leaves chain time behind the wall clock, and the keeper would
    // judge every snapshot stale (by minutes or days). One empty block brings the chain to now.
    const now = Math.floor(Date.now() / 1000);
    if (now > Number(head.timestamp) + BLOCK_SECONDS) await rawRpc(anvil.rpcUrl, 'evm_mine', [now]);
    core = cached.core;
  } else {
    core = await deployWorldCore(new Deployer(provider, market, artifacts), {
      anvilUrl: anvil.rpcUrl,
      keeper: new Wallet(DEV_KEYS.keeper).address,
      depositor: new Wallet(DEV_KEYS.user, provider),
      provider,
      market,
      controls,
      progress,
      ...(options.minWithdrawalDelayBlocks !== undefined ? { minWithdrawalDelayBlocks: options.minWithdrawalDelayBlocks } : {}),
    });
    if (options.useCache !== false) {
      writeCachedWorld(options.projectRoot, cache.key, { core, state: (await rawRpc(anvil.rpcUrl, 'anvil_dumpState', [])) as string });
    }
  }
  const { lrts, eigenlayer } = core;
  const wethAddress = core.weth;
  const lrtPairs = Object.fromEntries(Object.keys(lrts).map((symbol) => [symbol, core.pairs[symbol] ?? '']));

  const keeper = new Wallet(DEV_KEYS.keeper);
  const lrtMarket = createLrtMarket(provider, lrts, controls);
  const strategyToSymbol = new Map(Object.entries(eigenlayer.strategies).map(([symbol, s]) => [s.toLowerCase(), symbol as LrtSymbol]));
  const avsWallets = new Map(
    EIGEN_DEV_ACCOUNTS.avs.map((index) => new Wallet(devAccountKey(index), provider)).flatMap((wallet) => {
      const avs = eigenlayer.avs.find((a) => a.address.toLowerCase() === wallet.address.toLowerCase());
      return avs ? [[avs.name, wallet] as const] : [];
    }),
  );
  // The devnet Sidecar: every delegated staker earns, as on mainnet; its API serves the keeper.
  const sidecarLedger = createSidecarLedger(provider, eigenlayer, logger.child({ component: 'sidecar' }));
  const sidecar = await startSidecarServer(provider, eigenlayer.rewardsCoordinator, sidecarLedger);
  stack.unshift(() => sidecar.stop());
  const rewardsMarket = createRewardsMarket({
    provider,
    eigenlayer,
    weth: wethAddress,
    rewardPairs: Object.fromEntries(eigenlayer.rewardTokens.map((t) => [t.symbol, core.pairs[t.symbol] ?? ''])),
    rateOfStrategy: async (strategy) => {
      const symbol = strategyToSymbol.get(strategy.toLowerCase());
      return symbol ? lrtMarket.readRate(symbol) : 0n;
    },
    market,
    avsWallets,
    sidecar: sidecarLedger,
    logger: logger.child({ component: 'rewards' }),
  });
  // weETH's reward stream paid outside its rate, to the keeper's books (EOA, vault, treasury Safe).
  const stream = await startDevnetStream({
    provider,
    contracts: core.streams.weETH,
    owner: market,
    lrtToken: lrts.weETH.token,
    lrtRate: () => lrtMarket.readRate('weETH'),
    accounts: [keeper.address, core.vaults.main.address, core.safe.treasury.address],
  });
  stack.unshift(() => stream.server.stop());
  const simulator = new MarketSimulator(
    { provider, anvilUrl: anvil.rpcUrl, chainId: anvil.chainId, weth: wethAddress, pairs: lrtPairs, v3: { router: core.uniswapV3.router, fee: LRT_POOL_FEE, pools: core.uniswapV3.pools }, market, lrt: lrtMarket, rewards: rewardsMarket, streams: stream.market, logger: logger.child({ component: 'market' }) },
    options.market ?? {},
  );

  progress('starting the bundle relay emulator (it produces the blocks from now on)');
  await rawRpc(anvil.rpcUrl, 'evm_setAutomine', [false]);
  const startBlock = await provider.getBlockNumber();
  const relay = await startRelayEmulator({
    anvilUrl: anvil.rpcUrl,
    logger,
    ...(options.blockIntervalMs !== undefined ? { blockIntervalMs: options.blockIntervalMs } : {}),
    ...options.relay,
    beforeBlock: (next) => simulator.beforeBlock(next),
  });
  stack.unshift(() => relay.stop());

  const mine = async (blocks = 1): Promise<number> => {
    let last = 0;
    for (let i = 0; i < blocks; i++) last = await relay.mineBlock();
    return last;
  };
  // Deployment ran on Anvil's automined blocks, whose base fee has decayed to a few wei; the
  // market sets its own (8 gwei by default) from the next block on, a jump EIP-1559 never makes.
  // A keeper pricing a bundle from such a head (at most 9/8 of it) failed simulation whenever
  // the market's block was being prepared meanwhile ("max fee per gas less than block base
  // fee": safe-propose's first execution, under load). One market block heads the chain first.
  if (options.blockIntervalMs === undefined) await mine(1);
  const control: ControlServer = await startControlServer(
    devnetControlHandlers({ simulator, mine, manualMining: options.blockIntervalMs === undefined }),
  );
  stack.unshift(() => control.stop());

  // Key files for config/devnet.yaml's secrets: Anvil's public dev keys, never real ones.
  writeFileSync(join(stateDir, 'keeper.key'), `${DEV_KEYS.keeper}\n`, { mode: 0o600 });
  writeFileSync(join(stateDir, 'relay-auth.key'), `${DEV_KEYS.relayAuth}\n`, { mode: 0o600 });
  // The treasury Safe's owners (Anvil accounts 10-12), for `keeper safe sign --key-file`.
  SAFE_OWNER_ACCOUNTS.forEach((index, i) => writeFileSync(join(stateDir, `safe-owner-${i + 1}.key`), `${devAccountKey(index)}\n`, { mode: 0o600 }));
  // A fresh token per world for the queue dashboard (config/devnet.yaml reads it from here).
  writeFileSync(join(stateDir, 'dashboard.token'), `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });

  const deployment: DevnetDeployment = {
    chainId: anvil.chainId,
    instanceId: randomBytes(6).toString('hex'),
    startBlock,
    rpcUrl: relay.rpcUrl,
    relayUrl: relay.relayUrl,
    controlUrl: control.url,
    anvilUrl: anvil.rpcUrl,
    weth: wethAddress,
    multicall3: eigenlayer.multicall3,
    uniswap: { ...core.uniswap, pairs: core.pairs },
    uniswapV3: core.uniswapV3,
    lrts,
    eigenlayer,
    accounts: { deployer: market.address, keeper: keeper.address, user: new Wallet(DEV_KEYS.user).address },
    vaults: core.vaults,
    safe: core.safe,
    sidecarUrl: sidecar.url,
    streams: { weETH: stream.record },
  };
  if (options.seedKeeper) {
    progress('giving the keeper account a starting book');
    await seedKeeperPosition({ deployment, ...(options.blockIntervalMs === undefined ? { mine } : {}) });
  }
  return {
    deployCacheHit: cached !== undefined,
    deployment,
    market: simulator,
    relay,
    anvilProvider: provider,
    sidecar,
    mine,
    async stop() {
      for (const stop of stack) await stop().catch((err: unknown) => logger.warn({ err }, 'devnet stop step failed'));
    },
  };
}
