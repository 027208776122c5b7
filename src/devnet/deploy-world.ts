/**
 * Deploys and seeds every contract of the local world on a fresh automining Anvil: WETH9,
 * Uniswap V2, the five LRT stand-ins, EigenLayer and Multicall3, then the DEX pools, the
 * vault, the Safe, and last Uniswap V3 with its LRT/WETH pools (then the vault allows V3
 * exits, is sealed and gets its first deposit). The
 * result is plain data, so a deployed world can be cached (see world-cache.ts).
 */
import { Contract, MaxUint256, parseEther, type JsonRpcProvider, type TransactionResponse, type Wallet } from 'ethers';
import { VAULT_DEPOSITOR_ABI } from '../protocols/vault/abi.ts';
import type { Deployer } from './deployer.ts';
import { deployUniswap, deployWeth, type UniswapDeployment } from './dex/uniswap.ts';
import { deployLrts, type LrtDeployments, type LrtSymbol } from './deploy-lrts.ts';
import type { LrtControls } from './lrt-controls.ts';
import { deployEigenLayer, type EigenLayerDeployment } from './deploy-eigenlayer.ts';
import { seedLrtPools, seedRewardPools } from './seed.ts';
import { allowUniswapV3, deployVault, sealVault, type VaultDeployment } from './deploy-vault.ts';
import { deploySafe, type SafeDeployment } from './deploy-safe.ts';
import { deployUniswapV3, seedV3Pool, type UniswapV3Deployment } from './dex/uniswap-v3.ts';
import { rawRpc } from './anvil.ts';
import { deployStreamContracts, type StreamContracts } from './streams/devnet-stream.ts';
import { allowRewardStream } from './streams/allow-stream.ts';

export interface WorldCore {
  weth: string;
  uniswap: UniswapDeployment;
  lrts: LrtDeployments;
  eigenlayer: EigenLayerDeployment;
  /** LRT symbol or reward token symbol -> its /WETH pair. */
  pairs: Record<string, string>;
  /** The managed RestakingVault, operated by the devnet keeper account. */
  vaults: { main: VaultDeployment };
  /** Safe 1.4.1 contracts and the DAO treasury Safe (DAO mode, src/safe). */
  safe: SafeDeployment;
  /** Uniswap V3 (published artifacts) and its LRT/WETH pools, 0.01 % fee tier. */
  uniswapV3: UniswapV3Deployment & { pools: Record<string, string> };
  /** LRT reward streams' contracts by LRT symbol (distributed by src/devnet/streams at every start). */
  streams: { weETH: StreamContracts };
}

export interface DeployWorldOptions {
  anvilUrl: string;
  provider: JsonRpcProvider;
  market: Wallet;
  controls: LrtControls;
  /** Address allowed to call the vault's execute(). */
  keeper: string;
  /** A depositor who puts the vault's first WETH in, so the keeper has something to manage. */
  depositor: Wallet;
  minWithdrawalDelayBlocks?: number;
  progress: (step: string) => void;
}

export async function deployWorldCore(deployer: Deployer, options: DeployWorldOptions): Promise<WorldCore> {
  options.progress('deploying WETH, Uniswap V2, the five LRTs and EigenLayer');
  const weth = await deployWeth(deployer);
  const wethAddress = await weth.getAddress();
  const uniswap = await deployUniswap(deployer, wethAddress);
  const lrts = await deployLrts(deployer, { weth: wethAddress });
  const eigenlayer = await deployEigenLayer(deployer, {
    rpcUrl: options.anvilUrl,
    provider: options.provider,
    lrtTokens: Object.fromEntries(Object.values(lrts).map((l) => [l.symbol, l.token])),
    rewardsUpdater: options.market.address,
    ...(options.minWithdrawalDelayBlocks !== undefined ? { minWithdrawalDelayBlocks: options.minWithdrawalDelayBlocks } : {}),
  });

  options.progress('seeding DEX pools');
  const lrtPairs = await seedLrtPools(deployer, uniswap, Object.values(lrts), (symbol) =>
    options.controls.readRate(options.provider, lrts, symbol as LrtSymbol),
  );
  const rewardPairs = await seedRewardPools(deployer, uniswap, eigenlayer.rewardTokens, () => parseEther('0.001'), parseEther('500'));
  // WETH stock for the simulator's pool arbitrage.
  await deployer.send(weth, 'deposit', [], parseEther('20000'));

  options.progress('deploying the managed RestakingVault');
  // Sealed (and funded) once V3 is deployed and allowed too, below.
  const unsealed = await deployVault(deployer, { weth: wethAddress, lrts, eigenlayer, uniswap, keeper: options.keeper, seal: false });

  options.progress('deploying Safe 1.4.1 and the DAO treasury Safe');
  const safe = await deploySafe(deployer, { weth, lrts });
  // Last, so every address above stays where it was before V3 joined the world.
  options.progress('deploying Uniswap V3 and its LRT/WETH pools');
  // One second per block while V3 deploys: the world's clock (and every rate's history) then
  // starts as it did before V3 joined, instead of ~35 blocks x 12 s later.
  await rawRpc(options.anvilUrl, 'anvil_setBlockTimestampInterval', [1]);
  const v3 = await deployUniswapV3(deployer, wethAddress);
  await deployer.send(weth, 'deposit', [], parseEther('16000'));
  const v3Pools: Record<string, string> = {};
  for (const lrt of Object.values(lrts)) {
    const rate = await options.controls.readRate(options.provider, lrts, lrt.symbol as LrtSymbol);
    v3Pools[lrt.symbol] = await seedV3Pool(deployer, v3, deployer.at('MockERC20', lrt.token), weth, rate);
  }
  // The market's V3 arbitrage swaps its LRT and WETH stock through the router (market/dex-arb-v3.ts).
  for (const token of [wethAddress, ...Object.values(lrts).map((l) => l.token)]) await deployer.send(deployer.at('MockERC20', token), 'approve', [v3.router, MaxUint256]);
  // weETH's reward stream (KING), after V3 so no address above moves; the vault may claim and sell it.
  const king = await deployStreamContracts(deployer, uniswap);
  const main = await allowRewardStream(deployer, await allowUniswapV3(deployer, unsealed, lrts, { router: v3.router, weth: wethAddress, pools: v3Pools }), king, uniswap.router);
  await sealVault(deployer, main.address);
  await depositIntoVault(options.depositor, wethAddress, main.address, parseEther('1000'));
  await rawRpc(options.anvilUrl, 'anvil_setBlockTimestampInterval', [12]); // the world's 12 s blocks again
  return { weth: wethAddress, uniswap, lrts, eigenlayer, pairs: { ...lrtPairs, ...rewardPairs }, vaults: { main }, safe, uniswapV3: { ...v3, pools: v3Pools }, streams: { weETH: king } };
}

/** Wraps ETH and deposits it into the vault from `depositor`, as a fund's first investor would. */
async function depositIntoVault(depositor: Wallet, weth: string, vault: string, amount: bigint): Promise<void> {
  const wethToken = new Contract(weth, ['function deposit() payable', 'function approve(address,uint256) returns (bool)'], depositor);
  const vaultToken = new Contract(vault, VAULT_DEPOSITOR_ABI, depositor);
  let nonce = await depositor.getNonce('pending');
  for (const send of [
    () => wethToken.getFunction('deposit')({ value: amount, nonce: nonce++ }),
    () => wethToken.getFunction('approve')(vault, amount, { nonce: nonce++ }),
    () => vaultToken.getFunction('deposit')(amount, depositor.address, { nonce: nonce++ }),
  ]) {
    const tx = (await send()) as TransactionResponse;
    await tx.wait();
  }
}
