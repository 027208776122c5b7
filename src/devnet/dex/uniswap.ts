/**
 * Uniswap V2 on the devnet, deployed from the published `@uniswap/v2-core` and
 * `@uniswap/v2-periphery` artifacts exactly as shipped: the router embeds the keccak of the
 * published pair bytecode (its init code hash), so recompiling either side would break
 * `pairFor` and every router call.
 */
import { createRequire } from 'node:module';
import { keccak256, MaxUint256, type Contract, type InterfaceAbi } from 'ethers';
import { NonRetryableError } from '../../domain/errors.ts';
import type { Deployer } from '../deployer.ts';

/** The init code hash hard-coded in UniswapV2Library.pairFor of the published router. */
export const UNISWAP_V2_INIT_CODE_HASH = '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f';

interface PublishedArtifact {
  abi: InterfaceAbi;
  bytecode: string;
}

/** Loads one published build artifact, e.g. `@uniswap/v2-core/build/UniswapV2Pair.json`. */
export function publishedArtifact(path: string): PublishedArtifact {
  const require = createRequire(import.meta.url);
  const json = require(path) as { abi: InterfaceAbi; bytecode: string };
  const bytecode = json.bytecode.startsWith('0x') ? json.bytecode : `0x${json.bytecode}`;
  return { abi: json.abi, bytecode };
}

export interface UniswapDeployment {
  factory: string;
  router: string;
}

/** Deploys WETH9 (the real bytecode) from the periphery artifacts. */
export async function deployWeth(deployer: Deployer): Promise<Contract> {
  const weth = publishedArtifact('@uniswap/v2-periphery/build/WETH9.json');
  return deployer.deployRaw('WETH9', weth.abi, weth.bytecode);
}

/**
 * Deploys the factory and the router, after checking the published pair bytecode still hashes
 * to the router's init code hash (a different package version would fail here, not later).
 */
export async function deployUniswap(deployer: Deployer, weth: string): Promise<UniswapDeployment> {
  const pair = publishedArtifact('@uniswap/v2-core/build/UniswapV2Pair.json');
  const initCodeHash = keccak256(pair.bytecode);
  if (initCodeHash !== UNISWAP_V2_INIT_CODE_HASH) {
    throw new NonRetryableError('Uniswap V2 pair bytecode does not match the router init code hash', {
      details: [`expected: ${UNISWAP_V2_INIT_CODE_HASH}`, `found: ${initCodeHash}`],
    });
  }
  const factoryArtifact = publishedArtifact('@uniswap/v2-core/build/UniswapV2Factory.json');
  const routerArtifact = publishedArtifact('@uniswap/v2-periphery/build/UniswapV2Router02.json');
  const factory = await deployer.deployRaw('UniswapV2Factory', factoryArtifact.abi, factoryArtifact.bytecode, [deployer.signer.address]);
  const factoryAddress = await factory.getAddress();
  const router = await deployer.deployRaw('UniswapV2Router02', routerArtifact.abi, routerArtifact.bytecode, [factoryAddress, weth]);
  return { factory: factoryAddress, router: await router.getAddress() };
}

/**
 * Creates (if needed) and seeds a TOKEN/WETH pair with `tokenAmount` and `ethAmount`, so its
 * mid price is ethAmount / tokenAmount. The deployer must already hold the tokens.
 */
export async function seedPool(
  deployer: Deployer,
  uniswap: UniswapDeployment,
  token: Contract,
  tokenAmount: bigint,
  ethAmount: bigint,
): Promise<string> {
  const router = deployer.atRaw(publishedArtifact('@uniswap/v2-periphery/build/UniswapV2Router02.json').abi, uniswap.router);
  const factory = deployer.atRaw(publishedArtifact('@uniswap/v2-core/build/UniswapV2Factory.json').abi, uniswap.factory);
  const tokenAddress = await token.getAddress();
  await deployer.send(token, 'approve', [uniswap.router, MaxUint256]);
  const deadline = 2n ** 40n;
  await deployer.send(router, 'addLiquidityETH', [tokenAddress, tokenAmount, 0n, 0n, deployer.signer.address, deadline], ethAmount);
  const weth = (await router.getFunction('WETH')()) as string;
  return (await factory.getFunction('getPair')(tokenAddress, weth)) as string;
}
