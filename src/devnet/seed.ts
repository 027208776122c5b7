/**
 * Seeds a freshly deployed devnet: buys a stock of every LRT through its own deposit
 * function (the same encoders the keeper uses), creates the LRT/WETH and reward-token/WETH
 * pools at realistic prices, and leaves the deployer (the market simulator's account)
 * holding stock to move DEX prices later.
 */
import { Contract, parseEther, type Interface } from 'ethers';
import type { Deployer } from './deployer.ts';
import { encodeLrtDepositEth, type LrtDepositTarget } from '../protocols/lrt-deposit.ts';
import { ERC20_ABI } from '../protocols/erc20/abi.ts';
import { seedPool, type UniswapDeployment } from './dex/uniswap.ts';

export interface SeedOptions {
  /** ETH deposited into each LRT protocol for the market's stock. */
  lrtStockEth: bigint;
  /** WETH on each side of every LRT/WETH pool. */
  poolDepthEth: bigint;
}

export const DEFAULT_SEED: SeedOptions = { lrtStockEth: parseEther('40000'), poolDepthEth: parseEther('5000') };

/** Deposits ETH into each LRT and seeds its pool at the protocol rate; returns pair addresses. */
export async function seedLrtPools(
  deployer: Deployer,
  uniswap: UniswapDeployment,
  lrts: readonly (LrtDepositTarget & { symbol: string })[],
  readRate: (symbol: string) => Promise<bigint>,
  options: SeedOptions = DEFAULT_SEED,
): Promise<Record<string, string>> {
  const pairs: Record<string, string> = {};
  for (const lrt of lrts) {
    const deposit = encodeLrtDepositEth(lrt, options.lrtStockEth, deployer.signer.address, 0n);
    await deployer.sendRaw(deposit);
    const rate = await readRate(lrt.symbol);
    const token = new Contract(lrt.token, ERC20_ABI as unknown as Interface, deployer.signer);
    const tokenAmount = (options.poolDepthEth * 10n ** 18n) / rate;
    pairs[lrt.symbol] = await seedPool(deployer, uniswap, token, tokenAmount, options.poolDepthEth);
  }
  return pairs;
}

/** Reward token price in ETH used to seed its pool (1 token = priceEth ETH). */
export async function seedRewardPools(
  deployer: Deployer,
  uniswap: UniswapDeployment,
  rewardTokens: readonly { symbol: string; address: string }[],
  priceWeiPerToken: (symbol: string) => bigint,
  poolDepthEth: bigint,
): Promise<Record<string, string>> {
  const pairs: Record<string, string> = {};
  for (const reward of rewardTokens) {
    const token = deployer.at('MockERC20', reward.address);
    const tokenAmount = (poolDepthEth * 10n ** 18n) / priceWeiPerToken(reward.symbol);
    // Mint for the pool and a stock the simulator can use to move the price.
    await deployer.send(token, 'mint', [deployer.signer.address, tokenAmount * 2n]);
    pairs[reward.symbol] = await seedPool(deployer, uniswap, token, tokenAmount, poolDepthEth);
  }
  return pairs;
}
