/**
 * What `keeper config validate --rpc` asks the chain about each configured address: that code
 * sits there, and that the contract answers the views the keeper will call with answers that
 * fit the rest of the config (a token's symbol and decimals, a strategy's underlying token, a
 * pair's two tokens, an operator's registration). Each probe carries the config path it
 * checks, so a failure names the line to fix.
 *
 * Pure: builds the list; `chain-check.ts` runs it.
 */
import { getAddress, type Result } from 'ethers';
import type { KeeperConfig, LrtConfig } from './schema.ts';

/** A view call and the test of its answer (a problem message, or undefined when right). */
export interface ProbeCall {
  readonly signature: string;
  readonly args?: readonly unknown[];
  readonly check?: (value: Result) => string | undefined;
}

export interface AddressProbe {
  /** Dotted config path of the address. */
  readonly path: string;
  readonly address: string;
  /** What the address should be, for messages ("weETH token"). */
  readonly what: string;
  readonly calls: readonly ProbeCall[];
}

const ETH_MARKER = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
const ONE = 10n ** 18n;

const same = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** A call whose answer must equal an address. */
export function answersAddress(signature: string, expected: string, name: string, args: readonly unknown[] = []): ProbeCall {
  return { signature, args, check: (v) => (same(v[0], expected) ? undefined : `${fnName(signature)}() is ${String(v[0])}, expected ${name} ${getAddress(expected)}`) };
}

/** ERC-20 symbol and decimals. */
export function tokenCalls(symbol: string, decimals = 18): ProbeCall[] {
  return [
    { signature: 'function symbol() view returns (string)', check: (v) => (v[0] === symbol ? undefined : `symbol() is "${String(v[0])}", expected "${symbol}"`) },
    { signature: 'function decimals() view returns (uint8)', check: (v) => (Number(v[0]) === decimals ? undefined : `decimals() is ${String(v[0])}, expected ${decimals}`) },
  ];
}

/** A Uniswap V2 pair of `token` against WETH, made by the configured factory. */
export function pairCalls(token: string, tokenName: string, weth: string, factory: string): ProbeCall[] {
  const pairOf = (v: Result, other: string): string | undefined =>
    same(v[0], token) || same(v[0], weth) ? undefined : `${String(v[0])} is neither ${tokenName} nor WETH (${other})`;
  return [
    { signature: 'function token0() view returns (address)', check: (v) => pairOf(v, 'token0') },
    { signature: 'function token1() view returns (address)', check: (v) => pairOf(v, 'token1') },
    answersAddress('function factory() view returns (address)', factory, 'universe.uniswap.factory'),
    { signature: 'function getReserves() view returns (uint112, uint112, uint32)' },
  ];
}

export const view = (signature: string, args: readonly unknown[] = []): ProbeCall => ({ signature, args });

const SECONDS_PER_BLOCK = 12;

/**
 * The configured queue delay must not be shorter than the protocol's own (the exit-cost model
 * would price a queued exit as quicker than it can be).
 */
function delayAtLeast(configured: number | undefined, chainSeconds: (v: Result) => number, what: string): (v: Result) => string | undefined {
  return (v) => {
    const onChain = chainSeconds(v);
    if (configured === undefined || configured >= onChain) return undefined;
    return `${what} is ${onChain} s, longer than exits.queued.delaySeconds ${configured}: raise the configured delay`;
  };
}

/** The configured instant fee must not be lower than the protocol's (it would under-price the exit). */
function feeAtLeast(configured: number | undefined, onChainBps: number, what: string): string | undefined {
  if (configured === undefined || configured >= onChainBps) return undefined;
  return `${what} is ${onChainBps} bps, above exits.instant.feeBps ${configured}: raise the configured fee`;
}

export function fnName(signature: string): string {
  return signature.replace(/^function\s+/, '').split('(')[0] ?? signature;
}

/** Every probe for a config, in config order. */
export function probesForConfig(config: KeeperConfig): AddressProbe[] {
  const { universe, eigenlayer } = config;
  const weth = universe.weth;
  const probes: AddressProbe[] = [
    { path: 'universe.weth', address: weth, what: 'WETH', calls: tokenCalls('WETH') },
    { path: 'universe.multicall3', address: universe.multicall3, what: 'Multicall3', calls: [view('function aggregate3((address,bool,bytes)[]) payable returns ((bool,bytes)[])', [[]])] },
    { path: 'universe.uniswap.factory', address: universe.uniswap.factory, what: 'Uniswap V2 factory', calls: [view('function allPairsLength() view returns (uint256)')] },
    {
      path: 'universe.uniswap.router', address: universe.uniswap.router, what: 'Uniswap V2 router',
      calls: [answersAddress('function factory() view returns (address)', universe.uniswap.factory, 'universe.uniswap.factory'), answersAddress('function WETH() view returns (address)', weth, 'universe.weth')],
    },
  ];
  if (universe.uniswapV3 !== undefined) {
    const v3 = universe.uniswapV3;
    probes.push(
      { path: 'universe.uniswapV3.factory', address: v3.factory, what: 'Uniswap V3 factory', calls: [view('function feeAmountTickSpacing(uint24) view returns (int24)', [500])] },
      { path: 'universe.uniswapV3.quoter', address: v3.quoter, what: 'Uniswap V3 QuoterV2', calls: [answersAddress('function factory() view returns (address)', v3.factory, 'universe.uniswapV3.factory'), answersAddress('function WETH9() view returns (address)', weth, 'universe.weth')] },
      { path: 'universe.uniswapV3.router', address: v3.router, what: 'Uniswap V3 SwapRouter', calls: [answersAddress('function factory() view returns (address)', v3.factory, 'universe.uniswapV3.factory'), answersAddress('function WETH9() view returns (address)', weth, 'universe.weth')] },
    );
  }
  config.lrts.forEach((lrt, i) => probes.push(...lrtProbes(lrt, `lrts.${i}`, config)));

  const el = 'eigenlayer';
  probes.push(
    { path: `${el}.strategyManager`, address: eigenlayer.strategyManager, what: 'EigenLayer StrategyManager', calls: [view('function getDeposits(address) view returns (address[], uint256[])', [weth])] },
    { path: `${el}.delegationManager`, address: eigenlayer.delegationManager, what: 'EigenLayer DelegationManager', calls: [view('function minWithdrawalDelayBlocks() view returns (uint32)')] },
    { path: `${el}.allocationManager`, address: eigenlayer.allocationManager, what: 'EigenLayer AllocationManager', calls: [view('function getOperatorSetCount(address) view returns (uint256)', [weth])] },
    { path: `${el}.rewardsCoordinator`, address: eigenlayer.rewardsCoordinator, what: 'EigenLayer RewardsCoordinator', calls: [view('function getDistributionRootsLength() view returns (uint256)'), view('function claimerFor(address) view returns (address)', [weth])] },
  );
  for (const [symbol, strategy] of Object.entries(eigenlayer.strategies)) {
    const lrt = config.lrts.find((l) => l.symbol === symbol);
    if (strategy === undefined || lrt === undefined) continue;
    probes.push({
      path: `${el}.strategies.${symbol}`, address: strategy, what: `EigenLayer strategy for ${symbol}`,
      calls: [
        answersAddress('function underlyingToken() view returns (address)', lrt.token, `the ${symbol} token`),
        view('function sharesToUnderlyingView(uint256) view returns (uint256)', [ONE]),
      ],
    });
    probes.push({
      path: `${el}.strategies.${symbol}`, address: eigenlayer.strategyManager, what: 'EigenLayer StrategyManager',
      calls: [{ signature: 'function strategyIsWhitelistedForDeposit(address) view returns (bool)', args: [strategy], check: (v) => (v[0] === true ? undefined : `strategy ${strategy} is not whitelisted for deposits by the StrategyManager`) }],
    });
  }
  eigenlayer.operators.forEach((op, i) => {
    probes.push({
      path: `${el}.operators.${i}.address`, address: eigenlayer.delegationManager, what: 'EigenLayer DelegationManager',
      calls: [{ signature: 'function isOperator(address) view returns (bool)', args: [op.address], check: (v) => (v[0] === true ? undefined : `${op.name} (${op.address}) is not a registered EigenLayer operator`) }],
    });
    op.operatorSets.forEach((set, j) => {
      probes.push({
        path: `${el}.operators.${i}.operatorSets.${j}`, address: eigenlayer.allocationManager, what: 'EigenLayer AllocationManager',
        calls: [{ signature: 'function isOperatorSet((address,uint32)) view returns (bool)', args: [[set.avs, set.id]], check: (v) => (v[0] === true ? undefined : `operator set ${set.avs}/${set.id} does not exist`) }],
      });
    });
  });
  eigenlayer.rewardTokens.forEach((t, i) => {
    probes.push({ path: `${el}.rewardTokens.${i}.address`, address: t.address, what: `${t.symbol} token`, calls: tokenCalls(t.symbol) });
    if (t.dexPair !== undefined) {
      probes.push({ path: `${el}.rewardTokens.${i}.dexPair`, address: t.dexPair, what: `${t.symbol}/WETH pair`, calls: pairCalls(t.address, t.symbol, weth, universe.uniswap.factory) });
    }
  });
  config.vaults.forEach((vault, i) => {
    const module = vault.backend === 'safe-module' ? vault.safe?.module : undefined;
    if (module !== undefined) {
      // The module must guard this Safe in WETH, and the Safe's owners must have enabled it.
      probes.push(
        {
          path: `vaults.${i}.safe.module`, address: module, what: `SafeKeeperModule of ${vault.name}`,
          calls: [answersAddress('function asset() view returns (address)', weth, 'universe.weth'), answersAddress('function safe() view returns (address)', vault.address, `vaults.${i}.address`), view('function totalAssets() view returns (uint256)'), view('function keeper() view returns (address)'), view('function paused() view returns (bool)')],
        },
        {
          path: `vaults.${i}.address`, address: vault.address, what: `Safe of ${vault.name}`,
          calls: [{ signature: 'function isModuleEnabled(address) view returns (bool)', args: [module], check: (v) => (v[0] === true ? undefined : `the Safe's owners have not enabled the module ${module} (enableModule)`) }],
        },
      );
    }
    if (vault.backend !== 'vault') return;
    probes.push({
      path: `vaults.${i}.address`, address: vault.address, what: `vault ${vault.name}`,
      calls: [answersAddress('function asset() view returns (address)', weth, 'universe.weth'), view('function totalAssets() view returns (uint256)'), view('function keeper() view returns (address)'), view('function paused() view returns (bool)')],
    });
  });
  return probes;
}

function lrtProbes(lrt: LrtConfig, at: string, config: KeeperConfig): AddressProbe[] {
  const weth = config.universe.weth;
  const c = `${at}.contracts`;
  const probes: AddressProbe[] = [{ path: `${at}.token`, address: lrt.token, what: `${lrt.symbol} token`, calls: tokenCalls(lrt.symbol) }];
  if (lrt.exits.dex !== undefined) {
    probes.push({ path: `${at}.exits.dex.pair`, address: lrt.exits.dex.pair, what: `${lrt.symbol}/WETH pair`, calls: pairCalls(lrt.token, lrt.symbol, weth, config.universe.uniswap.factory) });
  }
  const v3 = lrt.exits.dexV3;
  if (v3 !== undefined && config.universe.uniswapV3 !== undefined) {
    probes.push({
      path: `${at}.exits.dexV3.pool`, address: v3.pool, what: `${lrt.symbol}/WETH Uniswap V3 pool`,
      calls: [
        ...pairCalls(lrt.token, lrt.symbol, weth, config.universe.uniswapV3.factory).slice(0, 3).map((c) => (c.signature.includes('factory') ? answersAddress(c.signature, config.universe.uniswapV3!.factory, 'universe.uniswapV3.factory') : c)),
        { signature: 'function fee() view returns (uint24)', check: (v) => (Number(v[0]) === v3.fee ? undefined : `fee() is ${String(v[0])}, the config says ${v3.fee}`) },
        view('function slot0() view returns (uint160, int24, uint16, uint16, uint16, uint8, bool)'),
      ],
    });
  }
  switch (lrt.protocol) {
    case 'etherfi': {
      probes[0] = { ...probes[0]!, calls: [...probes[0]!.calls, view('function getRate() view returns (uint256)')] };
      probes.push(
        { path: `${c}.liquidityPool`, address: lrt.contracts.liquidityPool, what: 'ether.fi LiquidityPool', calls: [view('function eETH() view returns (address)'), view('function withdrawRequestNFT() view returns (address)'), view('function getTotalPooledEther() view returns (uint256)')] },
        { path: `${c}.redemptionManager`, address: lrt.contracts.redemptionManager, what: 'ether.fi EtherFiRedemptionManager', calls: [view('function canRedeem(uint256,address) view returns (bool)', [ONE, ETH_MARKER]), view('function totalRedeemableAmount(address) view returns (uint256)', [ETH_MARKER])] },
      );
      if (lrt.contracts.depositAdapter !== undefined) {
        probes.push({ path: `${c}.depositAdapter`, address: lrt.contracts.depositAdapter, what: 'ether.fi DepositAdapter', calls: [answersAddress('function liquidityPool() view returns (address)', lrt.contracts.liquidityPool, `${c}.liquidityPool`), answersAddress('function weETH() view returns (address)', lrt.token, 'the weETH token')] });
      }
      break;
    }
    case 'renzo':
      probes.push(
        { path: `${c}.restakeManager`, address: lrt.contracts.restakeManager, what: 'Renzo RestakeManager', calls: [view('function calculateTVLs() view returns (uint256[][], uint256[], uint256)')] },
        { path: `${c}.rateProvider`, address: lrt.contracts.rateProvider, what: 'Renzo rate provider', calls: [view('function getRate() view returns (uint256)')] },
        { path: `${c}.withdrawQueue`, address: lrt.contracts.withdrawQueue, what: 'Renzo WithdrawQueue', calls: [{ signature: 'function coolDownPeriod() view returns (uint256)', check: delayAtLeast(lrt.exits.queued?.delaySeconds, (v) => Number(v[0]), 'coolDownPeriod()') }, view('function getOutstandingWithdrawRequests(address) view returns (uint256)', [weth])] },
        { path: `${c}.instantWithdrawer`, address: lrt.contracts.instantWithdrawer, what: 'Renzo InstantWithdrawer', calls: [view('function getBufferDetails(address) view returns (uint256, uint256, uint256)', [ETH_MARKER])] },
      );
      break;
    case 'kelp':
      probes.push(
        { path: `${c}.depositPool`, address: lrt.contracts.depositPool, what: 'Kelp LRTDepositPool', calls: [view('function getRsETHAmountToMint(address,uint256) view returns (uint256)', [ETH_MARKER, ONE])] },
        { path: `${c}.oracle`, address: lrt.contracts.oracle, what: 'Kelp LRTOracle', calls: [view('function rsETHPrice() view returns (uint256)')] },
        { path: `${c}.withdrawalManager`, address: lrt.contracts.withdrawalManager, what: 'Kelp LRTWithdrawalManager', calls: [view('function nextLockedNonce(address) view returns (uint256)', [ETH_MARKER]), view('function minRsEthAmountToWithdraw(address) view returns (uint256)', [ETH_MARKER]), { signature: 'function withdrawalDelayBlocks() view returns (uint256)', check: delayAtLeast(lrt.exits.queued?.delaySeconds, (v) => Number(v[0]) * SECONDS_PER_BLOCK, `withdrawalDelayBlocks() × ${SECONDS_PER_BLOCK} s`) }] },
      );
      break;
    case 'puffer':
      probes.push({ path: `${c}.vault`, address: lrt.contracts.vault, what: 'PufferVault', calls: [view('function convertToAssets(uint256) view returns (uint256)', [ONE]), view('function maxRedeem(address) view returns (uint256)', [weth]), view('function authority() view returns (address)'), { signature: 'function getTotalExitFeeBasisPoints() view returns (uint256)', check: (v) => feeAtLeast(lrt.exits.instant?.feeBps, Number(v[0]), 'getTotalExitFeeBasisPoints()') }] });
      break;
    case 'swell':
      probes[0] = { ...probes[0]!, calls: [...probes[0]!.calls, view('function getRate() view returns (uint256)')] };
      probes.push({ path: `${c}.withdrawalNft`, address: lrt.contracts.withdrawalNft, what: 'Swell withdrawal NFT (rswEXIT)', calls: [view('function getLastTokenIdCreated() view returns (uint256)'), view('function withdrawRequestMinimum() view returns (uint256)'), view('function withdrawRequestMaximum() view returns (uint256)')] });
      break;
  }
  return probes;
}
