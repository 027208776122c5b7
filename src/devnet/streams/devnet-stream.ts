/**
 * The devnet's one LRT reward stream: a KING-like token paid to weETH holders through a
 * cumulative merkle distributor, at DEVNET_STREAM's rate (config/devnet.yaml announces the
 * same rate), sold through a KING/WETH Uniswap V2 pool. The contracts and the pool are part of
 * the (cached) world, so the vault's allowlist can name them at deploy time; the distribution
 * itself starts at every start (its state lives in the stream market's memory, like the
 * Sidecar's ledger, and the proof server is a local process).
 */
import { parseEther, type JsonRpcProvider, type Wallet } from 'ethers';
import type { Deployer } from '../deployer.ts';
import { seedPool, type UniswapDeployment } from '../dex/uniswap.ts';
import { createStreamMarket, type StreamMarket } from './stream-market.ts';
import { startStreamProofServer, type StreamProofServer } from './proof-server.ts';

/** 1 % a year of the weETH held, valued at 0.01 ETH per token, distributed every 25 blocks (5 min of chain time). */
export const DEVNET_STREAM = { symbol: 'KING', lrt: 'weETH', apr: 0.01, priceWad: parseEther('0.01'), intervalBlocks: 25 } as const;

/** The stream's contracts: its token, the distributor (both owned by the deployer) and the token's pool against WETH. */
export interface StreamContracts {
  readonly symbol: string;
  readonly token: string;
  readonly distributor: string;
  readonly pair: string;
}

/** 50,000 KING against 500 ETH: 0.01 ETH each, deep enough that a claim sells within 1 %. */
const POOL_TOKENS = parseEther('50000');

/** @example const king = await deployStreamContracts(deployer, uniswap) */
export async function deployStreamContracts(deployer: Deployer, uniswap: UniswapDeployment): Promise<StreamContracts> {
  const token = await deployer.deploy('MockERC20', ['King (devnet)', DEVNET_STREAM.symbol]);
  const distributor = await deployer.deploy('CumulativeMerkleDistributor', [await token.getAddress()]);
  await deployer.send(token, 'mint', [deployer.signer.address, POOL_TOKENS]);
  const pair = await seedPool(deployer, uniswap, token, POOL_TOKENS, (POOL_TOKENS * DEVNET_STREAM.priceWad) / 10n ** 18n);
  return { symbol: DEVNET_STREAM.symbol, token: await token.getAddress(), distributor: await distributor.getAddress(), pair };
}

export interface DevnetStream {
  readonly record: { token: string; distributor: string; pair: string; proofUrl: string };
  readonly market: StreamMarket;
  readonly server: StreamProofServer;
}

/** Starts the distribution of the world's stream contracts: the proof server and the market that posts roots. */
export async function startDevnetStream(options: {
  provider: JsonRpcProvider;
  contracts: StreamContracts;
  owner: Wallet;
  lrtToken: string;
  lrtRate: () => Promise<bigint>;
  accounts: readonly string[];
}): Promise<DevnetStream> {
  const server = await startStreamProofServer();
  const { token, distributor, pair } = options.contracts;
  const record = { token, distributor, pair, proofUrl: server.url };
  const market = createStreamMarket({
    provider: options.provider,
    owner: options.owner,
    token: record.token,
    distributor: record.distributor,
    lrtToken: options.lrtToken,
    lrtRate: options.lrtRate,
    accounts: options.accounts,
    apr: DEVNET_STREAM.apr,
    priceWad: DEVNET_STREAM.priceWad,
    intervalBlocks: DEVNET_STREAM.intervalBlocks,
    server,
  });
  return { record, market, server };
}
