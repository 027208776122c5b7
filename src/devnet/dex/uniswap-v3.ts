/**
 * Uniswap V3 on the devnet, deployed from the published `@uniswap/v3-core` and
 * `@uniswap/v3-periphery` artifacts as shipped (never recompiled): the periphery computes
 * pool addresses from the keccak of the published pool bytecode (POOL_INIT_CODE_HASH), which
 * is checked before anything is deployed.
 *
 * Deploys the factory (with the 0.01 % fee tier mainnet LRT/WETH pools use), QuoterV2, the
 * SwapRouter and the NonfungiblePositionManager that seeds liquidity; `seedV3Pool` creates an
 * LRT/WETH pool at the protocol rate with concentrated bands of liquidity, the way mainnet
 * liquidity for these tokens sits close to the peg.
 */
import { keccak256, MaxUint256, ZeroAddress, type Contract } from 'ethers';
import { NonRetryableError } from '../../domain/errors.ts';
import { bandTicks, isToken0, sqrtPriceX96FromRate } from '../../protocols/uniswap/v3-math.ts';
import { LRT_WETH_POOL_FEE } from '../../protocols/uniswap/v3-venue.ts';
import type { Deployer } from '../deployer.ts';
import { publishedArtifact } from './uniswap.ts';

/** PoolAddress.POOL_INIT_CODE_HASH of the published periphery. */
export const UNISWAP_V3_POOL_INIT_CODE_HASH = '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54';

/** The fee tier for LRT/WETH pools (0.01 %, tick spacing 1), enabled by the factory owner as on mainnet. */
export const LRT_POOL_FEE = LRT_WETH_POOL_FEE;
const LRT_POOL_TICK_SPACING = 1;

const ARTIFACTS = {
  pool: '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  factory: '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  quoter: '@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json',
  router: '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
  positions: '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
} as const;

export interface UniswapV3Deployment {
  factory: string;
  quoter: string;
  router: string;
  positionManager: string;
}

/** One band of liquidity: ±widthBps around the rate, worth about `ethEachSide` on each side. */
export interface LiquidityBand {
  widthBps: number;
  ethEachSide: bigint;
}

/** Mainnet-like depth: most liquidity within ±0.5 % of the peg, a thinner ±5 % band behind it. */
export const DEFAULT_V3_BANDS: readonly LiquidityBand[] = [
  { widthBps: 50, ethEachSide: 1_500n * 10n ** 18n },
  { widthBps: 500, ethEachSide: 1_500n * 10n ** 18n },
];

export async function deployUniswapV3(deployer: Deployer, weth: string): Promise<UniswapV3Deployment> {
  const pool = publishedArtifact(ARTIFACTS.pool);
  const hash = keccak256(pool.bytecode);
  if (hash !== UNISWAP_V3_POOL_INIT_CODE_HASH) {
    throw new NonRetryableError('Uniswap V3 pool bytecode does not match the periphery init code hash', { details: [`expected: ${UNISWAP_V3_POOL_INIT_CODE_HASH}`, `found: ${hash}`] });
  }
  const art = (key: keyof typeof ARTIFACTS) => publishedArtifact(ARTIFACTS[key]);
  const factory = await deployer.deployRaw('UniswapV3Factory', art('factory').abi, art('factory').bytecode);
  const factoryAddress = await factory.getAddress();
  await deployer.send(factory, 'enableFeeAmount', [LRT_POOL_FEE, LRT_POOL_TICK_SPACING]);
  const quoter = await deployer.deployRaw('QuoterV2', art('quoter').abi, art('quoter').bytecode, [factoryAddress, weth]);
  const router = await deployer.deployRaw('SwapRouter', art('router').abi, art('router').bytecode, [factoryAddress, weth]);
  // The token descriptor only serves tokenURI; the devnet never asks for it.
  const positions = await deployer.deployRaw('NonfungiblePositionManager', art('positions').abi, art('positions').bytecode, [factoryAddress, weth, ZeroAddress]);
  return { factory: factoryAddress, quoter: await quoter.getAddress(), router: await router.getAddress(), positionManager: await positions.getAddress() };
}

/**
 * Creates the TOKEN/WETH pool at `rateWad` (WETH per token) and adds each band of liquidity.
 * The deployer must hold the tokens and WETH. Returns the pool address.
 */
export async function seedV3Pool(
  deployer: Deployer,
  v3: UniswapV3Deployment,
  token: Contract,
  weth: Contract,
  rateWad: bigint,
  bands: readonly LiquidityBand[] = DEFAULT_V3_BANDS,
): Promise<string> {
  const positions = deployer.atRaw(publishedArtifact(ARTIFACTS.positions).abi, v3.positionManager);
  const factory = deployer.atRaw(publishedArtifact(ARTIFACTS.factory).abi, v3.factory);
  const tokenAddress = await token.getAddress();
  const wethAddress = await weth.getAddress();
  const tokenFirst = isToken0(tokenAddress, wethAddress);
  const [token0, token1] = tokenFirst ? [tokenAddress, wethAddress] : [wethAddress, tokenAddress];
  await deployer.send(positions, 'createAndInitializePoolIfNecessary', [token0, token1, LRT_POOL_FEE, sqrtPriceX96FromRate(rateWad, tokenFirst)]);
  await deployer.send(token, 'approve', [v3.positionManager, MaxUint256]);
  await deployer.send(weth, 'approve', [v3.positionManager, MaxUint256]);
  for (const band of bands) {
    const { lower, upper } = bandTicks(rateWad, tokenFirst, band.widthBps, LRT_POOL_TICK_SPACING);
    const tokenAmount = (band.ethEachSide * 10n ** 18n) / rateWad;
    const [amount0, amount1] = tokenFirst ? [tokenAmount, band.ethEachSide] : [band.ethEachSide, tokenAmount];
    await deployer.send(positions, 'mint', [[token0, token1, LRT_POOL_FEE, lower, upper, amount0, amount1, 0n, 0n, deployer.signer.address, 2n ** 40n]]);
  }
  return (await factory.getFunction('getPool')(token0, token1, LRT_POOL_FEE)) as string;
}
